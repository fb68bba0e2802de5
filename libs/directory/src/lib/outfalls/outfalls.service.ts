import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import {
  beijingToday,
  DomainException,
  inJurisdiction,
  likePattern,
  PageResult,
  paginate,
  Principal,
} from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { assertVersion, Division } from '@outfall/org';
import {
  AuditAction,
  CATEGORY_CODES,
  MILESTONE_LABELS,
  MILESTONE_ORDER,
  MilestoneType,
  OutfallCategory,
  OutfallSubType,
  SUB_TYPES_BY_CATEGORY,
} from '@outfall/shared-types';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { DirectoryErrorCode, DirectoryException } from '../directory.exception';
import {
  CreateOutfallDto,
  MergeOutfallDto,
  MilestoneDto,
  OutfallFilterDto,
  OutfallQueryDto,
  UpdateOutfallDto,
} from '../dto/outfall.dto';
import { EntityLinkDto } from '../dto/entity.dto';
import { OutfallEntityLink } from '../entities/outfall-entity-link.entity';
import { ResponsibleEntitiesService } from '../entities/responsible-entities.service';
import { toOutfallView } from './outfall.dto';
import { WaterBody } from '../waters/water-body.entity';
import { OutfallDerivationService } from './outfall-derivation.service';
import { OutfallEvent } from './outfall-event.entity';
import { Outfall, OutfallStatus } from './outfall.entity';

export const OUTFALL_SORTABLE = {
  localCode: 'outfall.localCode',
  name: 'outfall.name',
  discoveredOn: 'outfall.discoveredOn',
  createdAt: 'outfall.createdAt',
  keyDistanceM: 'outfall.keyDistanceM',
  category: 'outfall.category',
};

/** Later modules (samples, plans…) register here what they attach to an outfall, so a merge moves it. */
export type MergeHook = (em: EntityManager, fromId: string, intoId: string) => Promise<void>;

@Injectable()
export class OutfallsService {
  private readonly mergeHooks: MergeHook[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly derivation: OutfallDerivationService,
    private readonly entities: ResponsibleEntitiesService,
  ) {}

  registerMergeHook(hook: MergeHook): void {
    this.mergeHooks.push(hook);
  }

  /** Outfalls inside the caller's jurisdiction. */
  visible(principal: Principal, em: EntityManager = this.dataSource.manager): SelectQueryBuilder<Outfall> {
    const qb = em
      .getRepository(Outfall)
      .createQueryBuilder('outfall')
      .innerJoin('outfall.division', 'division');
    const { jurisdiction } = principal;
    if (!jurisdiction.cityWide) {
      qb.andWhere('(division.path = :jpath OR division.path LIKE :jprefix)', {
        jpath: jurisdiction.divisionPath ?? '-',
        jprefix: `${jurisdiction.divisionPath ?? '-'}/%`,
      });
    }
    return qb;
  }

  filtered(principal: Principal, filter: OutfallFilterDto): SelectQueryBuilder<Outfall> {
    const qb = this.visible(principal);
    if (filter.waterBodyId)
      qb.andWhere('outfall.waterBodyId = :waterBodyId', { waterBodyId: filter.waterBodyId });
    if (filter.keyRiver !== undefined) {
      qb.andWhere(
        `outfall.waterBodyId ${filter.keyRiver ? 'IN' : 'NOT IN'} (SELECT id FROM water_body WHERE is_key)`,
      );
    }
    if (filter.category) qb.andWhere('outfall.category = :category', { category: filter.category });
    if (filter.subType) qb.andWhere('outfall.subType = :subType', { subType: filter.subType });
    if (filter.divisionId) {
      qb.andWhere(
        `(division.id = :divisionId OR division.path LIKE (SELECT path || '/%' FROM division WHERE id = :divisionId))`,
        { divisionId: filter.divisionId },
      );
    }
    if (filter.area) qb.andWhere('outfall.area = :area', { area: filter.area });
    if (filter.status) qb.andWhere('outfall.status = :status', { status: filter.status });
    if (filter.entityId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM outfall_entity link WHERE link.outfall_id = outfall.id AND link.entity_id = :entityId)',
        {
          entityId: filter.entityId,
        },
      );
    }
    if (filter.banCandidate !== undefined)
      qb.andWhere('outfall.banCandidate = :ban', { ban: filter.banCandidate });
    if (filter.duplicate !== undefined)
      qb.andWhere(`outfall.duplicateCount ${filter.duplicate ? '>' : '='} 0`);
    if (filter.q) {
      qb.andWhere('(outfall.name ILIKE :q OR outfall.localCode ILIKE :q OR outfall.nationalCode ILIKE :q)', {
        q: likePattern(filter.q),
      });
    }
    if (filter.bbox) {
      const [minLon, minLat, maxLon, maxLat] = filter.bbox.split(',').map(Number);
      if (minLon >= maxLon || minLat >= maxLat)
        throw DomainException.invalid('bbox', 'bbox minimums must be below maximums');
      qb.andWhere('outfall.location && ST_MakeEnvelope(:minLon, :minLat, :maxLon, :maxLat, 4326)', {
        minLon,
        minLat,
        maxLon,
        maxLat,
      });
    }
    return qb;
  }

  list(principal: Principal, query: OutfallQueryDto): Promise<PageResult<Outfall>> {
    return paginate(
      this.filtered(principal, query).addSelect(['division.id', 'division.name', 'division.code']),
      query,
      OUTFALL_SORTABLE,
      'localCode',
      'outfall.id',
    );
  }

  /** The same query as a GeoJSON FeatureCollection of points, for maps (at most `limit`, default 5000). */
  async geojson(principal: Principal, filter: OutfallFilterDto, limit = 5000) {
    const qb = this.filtered(principal, filter)
      .select([
        'outfall.id AS id',
        'outfall.local_code AS "localCode"',
        'outfall.name AS name',
        'outfall.category AS category',
        'outfall.area AS area',
        'outfall.ban_candidate AS "banCandidate"',
        'outfall.duplicate_count AS "duplicateCount"',
        'outfall.longitude AS longitude',
        'outfall.latitude AS latitude',
      ])
      .orderBy('outfall.local_code')
      .limit(limit);
    const rows = await qb.getRawMany<
      { id: string; longitude: number; latitude: number } & Record<string, unknown>
    >();
    return {
      type: 'FeatureCollection' as const,
      features: rows.map(({ longitude, latitude, ...properties }) => ({
        type: 'Feature' as const,
        id: properties.id,
        geometry: { type: 'Point' as const, coordinates: [longitude, latitude] },
        properties,
      })),
    };
  }

  async get(principal: Principal, id: string, em?: EntityManager, lock = false): Promise<Outfall> {
    const qb = this.visible(principal, em)
      .addSelect(['division.id', 'division.name', 'division.code', 'division.path'])
      .andWhere('outfall.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write', undefined, ['outfall']);
    const outfall = await qb.getOne();
    if (!outfall) throw DomainException.notFound('Outfall', id);
    return outfall;
  }

  /** The directory card: the record, its milestones, entities and suspected duplicates. */
  async detail(principal: Principal, id: string) {
    const outfall = await this.get(principal, id);
    const [events, links, duplicates] = await Promise.all([
      this.dataSource
        .getRepository(OutfallEvent)
        .find({ where: { outfallId: id }, order: { effectiveOn: 'ASC' } }),
      this.entities.linksOf([id]),
      this.dataSource.query<
        { id: string; localCode: string; name: string; reason: string; distanceM: number }[]
      >(
        `SELECT d.other_id AS id, o.local_code AS "localCode", o.name, d.reason, d.distance_m AS "distanceM"
           FROM outfall_duplicate d JOIN outfall o ON o.id = d.other_id
          WHERE d.outfall_id = $1 ORDER BY d.distance_m`,
        [id],
      ),
    ]);
    return { ...toOutfallView(outfall), events, entities: links, duplicates };
  }

  async setEntities(principal: Principal, id: string, links: EntityLinkDto[]): Promise<OutfallEntityLink[]> {
    await this.dataSource.transaction(async (em) => {
      const outfall = await this.get(principal, id, em, true);
      this.assertCanWrite(principal, outfall.category, outfall.division?.path ?? '');
      await this.entities.setLinks(em, principal, id, outfall.divisionId, links);
    });
    return this.entities.linksOf([id]);
  }

  /** The outfall is visible to the caller, active, and inside what the caller may write. */
  async assertWritable(principal: Principal, id: string, em: EntityManager): Promise<Outfall> {
    const outfall = await this.get(principal, id, em, true);
    if (outfall.status !== OutfallStatus.Active) {
      throw new DirectoryException(DirectoryErrorCode.NotActive, 'a merged outfall cannot be changed');
    }
    this.assertCanWrite(principal, outfall.category, outfall.division?.path ?? '');
    return outfall;
  }

  private assertPair(category: OutfallCategory, subType: OutfallSubType): void {
    if (!SUB_TYPES_BY_CATEGORY[category].includes(subType)) {
      throw new DirectoryException(
        DirectoryErrorCode.SubTypeMismatch,
        `subType ${subType} does not belong to category ${category} (allowed: ${SUB_TYPES_BY_CATEGORY[category].join(', ')})`,
        'subType',
      );
    }
  }

  private assertInCity(longitude: number, latitude: number): void {
    const box = this.config.cityBbox;
    if (longitude < box.minLon || longitude > box.maxLon || latitude < box.minLat || latitude > box.maxLat) {
      throw new DirectoryException(
        DirectoryErrorCode.OutsideCity,
        `the location ${longitude}, ${latitude} is outside the city (${this.config.CITY_BBOX})`,
        'longitude',
      );
    }
  }

  /** Sector departments write only their categories; townships only inside their division. */
  private assertCanWrite(principal: Principal, category: OutfallCategory, divisionPath: string): void {
    if (principal.sectorCategories.length && !principal.sectorCategories.includes(category)) {
      throw new DirectoryException(
        DirectoryErrorCode.CategoryNotInSector,
        `your unit writes only ${principal.sectorCategories.join(', ')} outfalls`,
        'category',
      );
    }
    if (!inJurisdiction(principal.jurisdiction, divisionPath)) {
      throw new DirectoryException(
        DirectoryErrorCode.OutsideJurisdiction,
        'the outfall would lie outside your jurisdiction',
        'divisionId',
      );
    }
  }

  /** The division: derived from boundaries where they cover the point, otherwise the one given. */
  private async resolveDivision(
    em: EntityManager,
    longitude: number,
    latitude: number,
    given: string | undefined,
  ): Promise<{ division: Division; derived: boolean }> {
    const derivedId = await this.derivation.divisionAt(em, longitude, latitude);
    const id = derivedId ?? given;
    if (!id) {
      throw new DirectoryException(
        DirectoryErrorCode.DivisionRequired,
        'divisionId is required: no township boundary covers this location',
        'divisionId',
      );
    }
    const division = await em.getRepository(Division).findOneBy({ id });
    if (!division) throw DomainException.invalid('divisionId', `division ${id} does not exist`);
    return { division, derived: !!derivedId };
  }

  private async nextLocalCode(
    em: EntityManager,
    water: WaterBody,
    category: OutfallCategory,
    division: Division,
  ): Promise<string> {
    const pattern = this.config.OUTFALL_CODE_PATTERN;
    const prefix = pattern
      .replace('{water}', water.code)
      .replace('{category}', CATEGORY_CODES[category])
      .replace('{division}', division.code)
      .replace(/\{seq(:\d)?\}.*$/, '');
    const width = Number(/\{seq:(\d)\}/.exec(pattern)?.[1] ?? 1);
    // serialise code generation per prefix for the rest of the transaction
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [prefix]);
    const [{ max }] = await em.query<{ max: number | null }[]>(
      `SELECT max(substring(local_code from length($1) + 1)::int) AS max
         FROM outfall WHERE local_code LIKE $2 AND substring(local_code from length($1) + 1) ~ '^[0-9]+$'`,
      [prefix, `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`],
    );
    return `${prefix}${String((max ?? 0) + 1).padStart(width, '0')}`;
  }

  private async assertNationalCodeFree(
    em: EntityManager,
    code: string | undefined,
    exceptId?: string,
  ): Promise<void> {
    if (!code) return;
    const existing = await em.getRepository(Outfall).findOneBy({ nationalCode: code });
    if (existing && existing.id !== exceptId) {
      throw new DirectoryException(
        DirectoryErrorCode.NationalCodeTaken,
        `national code ${code} already belongs to outfall ${existing.localCode}`,
        'nationalCode',
      );
    }
  }

  async create(principal: Principal, input: CreateOutfallDto): Promise<Outfall> {
    return this.dataSource.transaction((em) => this.createIn(em, principal, input));
  }

  /**
   * Creates an outfall inside the caller's transaction. Imports pass `recompute: false` and recompute the
   * derived flags once for all rows, and may carry their own local code.
   */
  async createIn(
    em: EntityManager,
    principal: Principal,
    input: CreateOutfallDto,
    options: { recompute?: boolean; localCode?: string; source?: string } = {},
  ): Promise<Outfall> {
    this.assertPair(input.category, input.subType);
    this.assertInCity(input.longitude, input.latitude);
    const today = beijingToday();
    const registeredOn = input.registeredOn ?? today;
    if (input.discoveredOn > today)
      throw new DirectoryException(
        DirectoryErrorCode.MilestoneInFuture,
        'discoveredOn cannot be in the future',
        'discoveredOn',
      );
    this.checkDate(registeredOn, input.discoveredOn, 'registeredOn');
    const water = await em.getRepository(WaterBody).findOneBy({ id: input.waterBodyId });
    if (!water)
      throw DomainException.invalid('waterBodyId', `water body ${input.waterBodyId} does not exist`);
    const { division, derived } = await this.resolveDivision(
      em,
      input.longitude,
      input.latitude,
      input.divisionId,
    );
    this.assertCanWrite(principal, input.category, division.path);
    await this.assertNationalCodeFree(em, input.nationalCode);
    const localCode = options.localCode ?? (await this.nextLocalCode(em, water, input.category, division));
    const [{ id }] = await em.query<{ id: string }[]>(
      `INSERT INTO outfall (national_code, local_code, name, category, sub_type, longitude, latitude, location, water_body_id, bank,
                              division_id, division_derived, discharge_mode, discharge_method, size_mm, discovered_on, permit_number,
                              setup_approval, signage_installed, signage_installed_on, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, ST_SetSRID(ST_MakePoint($6, $7), 4326), $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1)
         RETURNING id`,
      [
        input.nationalCode ?? null,
        localCode,
        input.name,
        input.category,
        input.subType,
        input.longitude,
        input.latitude,
        input.waterBodyId,
        input.bank ?? 'unknown',
        division.id,
        derived,
        input.dischargeMode ?? null,
        input.dischargeMethod ?? null,
        input.sizeMm ?? null,
        input.discoveredOn,
        input.permitNumber ?? null,
        input.setupApproval ?? null,
        input.signageInstalled ?? false,
        input.signageInstalledOn ?? null,
      ],
    );
    await em.getRepository(OutfallEvent).save({
      outfallId: id,
      type: MilestoneType.Registered,
      effectiveOn: registeredOn,
      source: options.source ?? 'manual',
    });
    if (options.recompute !== false) await this.derivation.recomputeAll(em, [id]);
    await this.entities.ensureFallback(em, id, division.id);
    const created = await em.getRepository(Outfall).findOneByOrFail({ id });
    await this.audit.record(em, {
      action: AuditAction.Create,
      entityType: 'outfall',
      entityId: id,
      after: created,
    });
    return created;
  }

  async update(principal: Principal, id: string, input: UpdateOutfallDto): Promise<Outfall> {
    return this.dataSource.transaction((em) => this.updateIn(em, principal, id, input));
  }

  /** Updates inside the caller's transaction; imports skip the version check (the file is the newer truth). */
  async updateIn(
    em: EntityManager,
    principal: Principal,
    id: string,
    input: UpdateOutfallDto,
    options: { checkVersion?: boolean; recompute?: boolean } = {},
  ): Promise<Outfall> {
    const current = await this.get(principal, id, em, true);
    if (options.checkVersion !== false) assertVersion('Outfall', current.version, input.version);
    if (current.status !== OutfallStatus.Active)
      throw new DirectoryException(DirectoryErrorCode.NotActive, 'a merged outfall cannot be changed');
    const before = await em.getRepository(Outfall).findOneByOrFail({ id });
    const next = {
      ...before,
      ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    } as Outfall;
    this.assertPair(next.category, next.subType);
    this.assertInCity(next.longitude, next.latitude);
    if (next.discoveredOn > beijingToday())
      throw new DirectoryException(
        DirectoryErrorCode.MilestoneInFuture,
        'discoveredOn cannot be in the future',
        'discoveredOn',
      );
    const moved = next.longitude !== before.longitude || next.latitude !== before.latitude;
    const { division, derived } =
      moved || input.divisionId
        ? await this.resolveDivision(
            em,
            next.longitude,
            next.latitude,
            input.divisionId ?? (before.divisionDerived ? undefined : before.divisionId),
          )
        : {
            division: await em.getRepository(Division).findOneByOrFail({ id: before.divisionId }),
            derived: before.divisionDerived,
          };
    this.assertCanWrite(principal, before.category, current.division?.path ?? '');
    this.assertCanWrite(principal, next.category, division.path);
    if (input.waterBodyId && !(await em.getRepository(WaterBody).existsBy({ id: input.waterBodyId }))) {
      throw DomainException.invalid('waterBodyId', `water body ${input.waterBodyId} does not exist`);
    }
    await this.assertNationalCodeFree(em, input.nationalCode, id);
    const { version: _v, ...changes } = input;
    await em.getRepository(Outfall).update(id, {
      ...changes,
      divisionId: division.id,
      divisionDerived: derived,
      version: before.version + 1,
    });
    if (moved) {
      await em.query(
        `UPDATE outfall SET location = ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) WHERE id = $1`,
        [id],
      );
    }
    if ((moved || input.waterBodyId) && options.recompute !== false)
      await this.derivation.recomputeAll(em, [id]);
    if (division.id !== before.divisionId) await this.entities.ensureFallback(em, id, division.id);
    const after = await em.getRepository(Outfall).findOneByOrFail({ id });
    await this.audit.record(em, {
      action: AuditAction.Update,
      entityType: 'outfall',
      entityId: id,
      before,
      after,
    });
    return after;
  }

  /** Not in the future, not before discovery (Asia/Shanghai calendar days). */
  private checkDate(date: string, discoveredOn: string, field: string): void {
    if (date > beijingToday())
      throw new DirectoryException(
        DirectoryErrorCode.MilestoneInFuture,
        `${field} cannot be in the future`,
        field,
      );
    if (date < discoveredOn) {
      throw new DirectoryException(
        DirectoryErrorCode.MilestoneBeforeDiscovery,
        `${field} cannot be before the outfall was discovered (${discoveredOn})`,
        field,
      );
    }
  }

  /** Enters or corrects a dated milestone, keeping the milestones in their natural order. */
  async setMilestone(
    principal: Principal,
    id: string,
    type: MilestoneType,
    input: MilestoneDto,
    source = 'manual',
  ): Promise<OutfallEvent> {
    return this.dataSource.transaction(async (em) => {
      const outfall = await this.get(principal, id, em, true);
      this.assertCanWrite(principal, outfall.category, outfall.division?.path ?? '');
      await this.writeMilestone(em, outfall, type, input.effectiveOn, input.note ?? null, source);
      return em.getRepository(OutfallEvent).findOneByOrFail({ outfallId: id, type });
    });
  }

  /** Also used by later workflows (tracing, remediation) inside their own transactions. */
  async writeMilestone(
    em: EntityManager,
    outfall: Outfall,
    type: MilestoneType,
    effectiveOn: string,
    note: string | null,
    source: string,
  ): Promise<void> {
    this.checkDate(effectiveOn, outfall.discoveredOn, 'effectiveOn');
    const events = await em.getRepository(OutfallEvent).findBy({ outfallId: outfall.id });
    const rank = MILESTONE_ORDER.indexOf(type);
    for (const event of events) {
      const otherRank = MILESTONE_ORDER.indexOf(event.type);
      if (otherRank === rank) continue;
      const wrong = otherRank < rank ? event.effectiveOn > effectiveOn : event.effectiveOn < effectiveOn;
      if (wrong) {
        throw new DirectoryException(
          DirectoryErrorCode.MilestoneOutOfOrder,
          `${MILESTONE_LABELS[type].en} (${effectiveOn}) must be ${otherRank < rank ? 'on or after' : 'on or before'} ${MILESTONE_LABELS[event.type].en} (${event.effectiveOn})`,
          'effectiveOn',
        );
      }
    }
    const existing = events.find((event) => event.type === type);
    const repo = em.getRepository(OutfallEvent);
    const saved = await repo.save({
      ...(existing ?? {}),
      outfallId: outfall.id,
      type,
      effectiveOn,
      note,
      source,
      recordedAt: new Date(),
    });
    await this.audit.record(em, {
      action: existing ? AuditAction.Update : AuditAction.Create,
      entityType: 'outfall_event',
      entityId: saved.id,
      before: existing ?? null,
      after: saved,
    });
  }

  async deleteMilestone(principal: Principal, id: string, type: MilestoneType): Promise<void> {
    if (type === MilestoneType.Registered)
      throw DomainException.invalid('type', 'the registered milestone cannot be removed');
    await this.dataSource.transaction(async (em) => {
      const outfall = await this.get(principal, id, em, true);
      this.assertCanWrite(principal, outfall.category, outfall.division?.path ?? '');
      const event = await em.getRepository(OutfallEvent).findOneBy({ outfallId: id, type });
      if (!event) throw DomainException.notFound('Milestone', type);
      await em.getRepository(OutfallEvent).delete(event.id);
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'outfall_event',
        entityId: event.id,
        before: event,
      });
    });
  }

  /**
   * Merges a duplicate into the surviving outfall: entity links, milestones the survivor lacks, and
   * whatever later modules attach move over; the merged record stays, closed, with a link to the survivor.
   */
  /** Closes `id` into `input.intoId`, moving everything attached; inside a caller's transaction when `em` is given. */
  async merge(
    principal: Principal,
    id: string,
    input: MergeOutfallDto,
    em?: EntityManager,
  ): Promise<Outfall> {
    if (id === input.intoId)
      throw new DirectoryException(
        DirectoryErrorCode.MergeInvalid,
        'an outfall cannot be merged into itself',
        'intoId',
      );
    return em
      ? this.mergeIn(em, principal, id, input)
      : this.dataSource.transaction((tx) => this.mergeIn(tx, principal, id, input));
  }

  private async mergeIn(
    em: EntityManager,
    principal: Principal,
    id: string,
    input: MergeOutfallDto,
  ): Promise<Outfall> {
    const from = await this.get(principal, id, em, true);
    const into = await this.get(principal, input.intoId, em, true);
    for (const outfall of [from, into]) {
      if (outfall.status !== OutfallStatus.Active)
        throw new DirectoryException(
          DirectoryErrorCode.NotActive,
          `outfall ${outfall.localCode} is not active`,
        );
      this.assertCanWrite(principal, outfall.category, outfall.division?.path ?? '');
    }
    const beforeFrom = await em.getRepository(Outfall).findOneByOrFail({ id });
    // field work done at the closed outfall carries over; its remediation milestones stay with it (they
    // describe the closed outfall's own plan, and progress counts them there)
    await em.query(
      `UPDATE outfall_event SET outfall_id = $2
        WHERE outfall_id = $1 AND type = ANY($3::varchar[])
          AND type NOT IN (SELECT type FROM outfall_event WHERE outfall_id = $2)`,
      [id, input.intoId, [MilestoneType.Investigated, MilestoneType.Monitored, MilestoneType.Traced]],
    );
    await this.entities.moveLinks(em, id, input.intoId);
    await em.query(`UPDATE outfall_attachment SET outfall_id = $2 WHERE outfall_id = $1`, [id, input.intoId]);
    for (const hook of this.mergeHooks) await hook(em, id, input.intoId);
    await em.getRepository(Outfall).update(id, {
      status: OutfallStatus.Merged,
      mergedIntoId: input.intoId,
      version: beforeFrom.version + 1,
    });
    await this.derivation.recomputeDuplicates(em, [id, input.intoId]);
    const after = await em.getRepository(Outfall).findOneByOrFail({ id });
    await this.audit.record(em, {
      action: AuditAction.Update,
      entityType: 'outfall',
      entityId: id,
      before: beforeFrom,
      after: { ...after, mergeReason: input.reason },
    });
    await this.audit.record(em, {
      action: AuditAction.Update,
      entityType: 'outfall',
      entityId: input.intoId,
      before: null,
      after: { absorbed: id, absorbedLocalCode: beforeFrom.localCode, reason: input.reason },
    });
    return em.getRepository(Outfall).findOneByOrFail({ id: input.intoId });
  }
}
