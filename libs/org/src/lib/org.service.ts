import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import {
  CommonErrorCode,
  DomainException,
  likePattern,
  PageResult,
  paginate,
  Principal,
} from '@outfall/common';
import { AuditAction, DivisionLevel, Role } from '@outfall/shared-types';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Division } from './division.entity';
import {
  CreateDivisionDto,
  CreateUnitDto,
  DivisionQueryDto,
  LiaisonDto,
  UnitQueryDto,
  UpdateDivisionDto,
  UpdateUnitDto,
  DivisionBoundaryCollection,
  DivisionBoundaryProperties,
} from './dto/org.dto';
import { OrgErrorCode, OrgException } from './org.exception';
import { Unit } from './unit.entity';

/** Which level may sit under which. */
const PARENT_LEVEL: Record<DivisionLevel, DivisionLevel | null> = {
  [DivisionLevel.City]: null,
  [DivisionLevel.Township]: DivisionLevel.City,
  [DivisionLevel.SubDistrict]: DivisionLevel.City,
  [DivisionLevel.Village]: DivisionLevel.Township,
};

/** Throws 409 when the caller's version is stale. */
export function assertVersion(entity: string, current: number, expected: number): void {
  if (current !== expected) {
    throw new DomainException(
      CommonErrorCode.VersionConflict,
      `${entity} was changed by someone else (version ${current}, you sent ${expected}); reload and try again`,
      HttpStatus.CONFLICT,
      [{ field: 'version', message: `current version is ${current}` }],
    );
  }
}

/** Divisions (reference data, readable by every account) and units (filtered by jurisdiction). */
@Injectable()
export class OrgService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  listDivisions(query: DivisionQueryDto): Promise<PageResult<Division>> {
    const qb = this.dataSource.getRepository(Division).createQueryBuilder('division');
    if (query.level) qb.andWhere('division.level = :level', { level: query.level });
    if (query.parentId) qb.andWhere('division.parentId = :parentId', { parentId: query.parentId });
    if (query.q)
      qb.andWhere('(division.name ILIKE :q OR division.code LIKE :q)', { q: likePattern(query.q) });
    return paginate(
      qb,
      query,
      { code: 'division.code', name: 'division.name', level: 'division.level' },
      'code',
      'division.id',
    );
  }

  async getDivision(
    id: string,
    em: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<Division> {
    const division = await em
      .getRepository(Division)
      .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!division) throw DomainException.notFound('Division', id);
    return division;
  }

  async createDivision(input: CreateDivisionDto): Promise<Division> {
    return this.dataSource.transaction(async (em) => {
      const parent = input.parentId ? await this.getDivision(input.parentId, em) : null;
      const expectedParent = PARENT_LEVEL[input.level];
      if ((parent?.level ?? null) !== expectedParent)
        throw new OrgException(OrgErrorCode.ParentLevelInvalid, 'parentId');
      const repo = em.getRepository(Division);
      const division = await repo.save(
        repo.create({
          code: input.code,
          name: input.name,
          level: input.level,
          parentId: parent?.id ?? null,
          path: parent ? `${parent.path}/${input.code}` : input.code,
        }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'division',
        entityId: division.id,
        after: division,
      });
      return division;
    });
  }

  async updateDivision(id: string, input: UpdateDivisionDto): Promise<Division> {
    return this.dataSource.transaction(async (em) => {
      const division = await this.getDivision(id, em, true);
      assertVersion('Division', division.version, input.version);
      const before = { ...division };
      if (input.name !== undefined) division.name = input.name;
      const saved = await em.getRepository(Division).save(division);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'division',
        entityId: id,
        before,
        after: saved,
      });
      return saved;
    });
  }

  /**
   * Sets the boundary of the division with this code from validated GeoJSON text (a Polygon or
   * MultiPolygon); audited. `null` when no division has the code. A polygon PostGIS finds invalid
   * (self-intersecting, …) is refused with the reason, on `geometry`.
   */
  async setBoundary(
    em: EntityManager,
    code: string,
    geojson: string,
    source: string,
  ): Promise<Division | null> {
    const division = await em
      .getRepository(Division)
      .findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
    if (!division) return null;
    const [check] = await em.query<{ valid: boolean; reason: string }[]>(
      `SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason
         FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g) x`,
      [geojson],
    );
    if (!check.valid) {
      throw DomainException.invalid('geometry', `the boundary is not a valid polygon: ${check.reason}`);
    }
    const [before] = await em.query<{ boundary: object | null; source: string | null }[]>(
      `SELECT ST_AsGeoJSON(boundary)::json AS boundary, boundary_source AS source FROM division WHERE id = $1`,
      [division.id],
    );
    await em.query(
      `UPDATE division SET boundary = ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)), boundary_source = $3,
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [division.id, geojson, source.slice(0, 200)],
    );
    await this.audit.record(em, {
      action: AuditAction.Update,
      entityType: 'division',
      entityId: division.id,
      before: { code, boundary: before.boundary, boundarySource: before.source },
      after: { code, boundary: JSON.parse(geojson) as object, boundarySource: source.slice(0, 200) },
    });
    return division;
  }

  /** Division boundaries as a GeoJSON FeatureCollection, for maps (only divisions that have one). */
  async boundaries(): Promise<DivisionBoundaryCollection> {
    const rows = await this.dataSource.query<(DivisionBoundaryProperties & { geometry: object })[]>(
      `SELECT id, code, name, level, boundary_source AS "boundarySource", ST_AsGeoJSON(boundary)::json AS geometry
         FROM division WHERE boundary IS NOT NULL ORDER BY code`,
    );
    return {
      type: 'FeatureCollection' as const,
      features: rows.map(({ geometry, ...properties }) => ({
        type: 'Feature' as const,
        id: properties.id,
        geometry,
        properties,
      })),
    };
  }

  async deleteDivision(id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const division = await this.getDivision(id, em);
      const children = await em.getRepository(Division).countBy({ parentId: id });
      const units = await em.getRepository(Unit).countBy({ divisionId: id });
      if (children || units) throw new OrgException(OrgErrorCode.DivisionInUse);
      await em.getRepository(Division).delete(id);
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'division',
        entityId: id,
        before: division,
      });
    });
  }

  /** Units the caller may see: everything for city-wide callers, units inside their division otherwise. */
  private visibleUnits(
    principal: Principal,
    em: EntityManager = this.dataSource.manager,
  ): SelectQueryBuilder<Unit> {
    const qb = em
      .getRepository(Unit)
      .createQueryBuilder('unit')
      .leftJoinAndSelect('unit.division', 'division');
    const { jurisdiction } = principal;
    if (!jurisdiction.cityWide) {
      qb.andWhere('(division.path = :path OR division.path LIKE :prefix)', {
        path: jurisdiction.divisionPath ?? '-',
        prefix: `${jurisdiction.divisionPath ?? '-'}/%`,
      });
    }
    return qb;
  }

  listUnits(principal: Principal, query: UnitQueryDto): Promise<PageResult<Unit>> {
    const qb = this.visibleUnits(principal);
    if (query.kind) qb.andWhere('unit.kind = :kind', { kind: query.kind });
    if (query.divisionId) qb.andWhere('unit.divisionId = :divisionId', { divisionId: query.divisionId });
    if (query.q) qb.andWhere('unit.name ILIKE :q', { q: likePattern(query.q) });
    return paginate(
      qb,
      query,
      { name: 'unit.name', kind: 'unit.kind', createdAt: 'unit.createdAt' },
      'name',
      'unit.id',
    );
  }

  /** A unit inside the caller's jurisdiction; anything else answers 404 (its existence is not revealed). */
  async getUnit(principal: Principal, id: string, em?: EntityManager, lock = false): Promise<Unit> {
    const qb = this.visibleUnits(principal, em).andWhere('unit.id = :id', { id });
    // row lock for writers, so two edits with the same version cannot both pass the version check
    if (lock) qb.setLock('pessimistic_write', undefined, ['unit']);
    const unit = await qb.getOne();
    if (!unit) throw DomainException.notFound('Unit', id);
    return unit;
  }

  async createUnit(input: CreateUnitDto): Promise<Unit> {
    return this.dataSource.transaction(async (em) => {
      await this.getDivision(input.divisionId, em);
      const repo = em.getRepository(Unit);
      const unit = await repo.save(repo.create({ ...input, sectorCategories: input.sectorCategories ?? [] }));
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'unit',
        entityId: unit.id,
        after: unit,
      });
      return this.reloadUnit(em, unit.id);
    });
  }

  async updateUnit(principal: Principal, id: string, input: UpdateUnitDto): Promise<Unit> {
    return this.dataSource.transaction(async (em) => {
      const unit = await this.getUnit(principal, id, em, true);
      assertVersion('Unit', unit.version, input.version);
      if (input.divisionId) await this.getDivision(input.divisionId, em);
      const before = { ...unit, division: undefined };
      const { version: _version, ...changes } = input;
      Object.assign(unit, changes);
      delete unit.division;
      const saved = await em.getRepository(Unit).save(unit);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'unit',
        entityId: id,
        before,
        after: saved,
      });
      return this.reloadUnit(em, id);
    });
  }

  async deleteUnit(principal: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const unit = await this.getUnit(principal, id, em);
      const [{ count }] = await em.query<{ count: string }[]>(
        'SELECT count(*) FROM app_user WHERE unit_id = $1',
        [id],
      );
      if (Number(count) > 0) throw new OrgException(OrgErrorCode.UnitInUse);
      await em.getRepository(Unit).delete(id);
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'unit',
        entityId: id,
        before: { ...unit, division: undefined },
      });
    });
  }

  /** Sets (or with `null`, clears) a unit's one liaison. Only the unit's own accounts and admins may. */
  async setLiaison(principal: Principal, id: string, liaison: LiaisonDto | null): Promise<Unit> {
    return this.dataSource.transaction(async (em) => {
      const unit = await this.getUnit(principal, id, em, true);
      if (principal.role !== Role.SystemAdmin && principal.unitId !== unit.id)
        throw new OrgException(OrgErrorCode.NotOwnUnit);
      const before = { ...unit, division: undefined };
      unit.liaisonName = liaison?.name ?? null;
      unit.liaisonPhone = liaison?.phone ?? null;
      unit.liaisonPosition = liaison?.position ?? null;
      delete unit.division;
      const saved = await em.getRepository(Unit).save(unit);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'unit',
        entityId: id,
        before,
        after: saved,
      });
      return this.reloadUnit(em, id);
    });
  }

  /** Batch lookups for GraphQL relations (reference data: no jurisdiction filter). */
  async divisionsByIds(ids: readonly string[]): Promise<Map<string, Division>> {
    const rows = await this.dataSource.getRepository(Division).findBy({ id: In([...ids]) });
    return new Map(rows.map((row) => [row.id, row]));
  }

  async unitsByIds(ids: readonly string[]): Promise<Map<string, Unit>> {
    const rows = await this.dataSource.getRepository(Unit).findBy({ id: In([...ids]) });
    return new Map(rows.map((row) => [row.id, row]));
  }

  private async reloadUnit(em: EntityManager, id: string): Promise<Unit> {
    return em.getRepository(Unit).findOneOrFail({ where: { id }, relations: { division: true } });
  }
}
