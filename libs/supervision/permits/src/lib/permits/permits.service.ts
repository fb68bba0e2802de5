import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { beijingToday, DomainException, likePattern, PageResult, paginate, Principal } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { OutfallsService, ResponsibleEntitiesService } from '@outfall/directory';
import { AuditAction, PermitExpiry } from '@outfall/shared-types';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { PermitDto, PermitFilterDto, PermitQueryDto, UpdatePermitDto } from '../dto/permits.dto';
import { PermitsErrorCode, PermitsException } from '../permits.exception';
import { DischargePermit, PermitDuty, PermitOutlet } from './discharge-permit.entity';
import { addDays, daysBetween, permitExpiry, permitNumberProblem } from './permit-rules';

const SORTABLE = {
  permitNumber: 'permit.permitNumber',
  validTo: 'permit.validTo',
  validFrom: 'permit.validFrom',
  createdAt: 'permit.createdAt',
  updatedAt: 'permit.updatedAt',
};

/** A snapshot of a permit for the audit trail: the record, its outlets and duties. */
function snapshot(permit: DischargePermit) {
  const { entity: _entity, outlets, ...fields } = permit;
  return {
    ...fields,
    outlets: (outlets ?? []).map(({ outfall: _outfall, permit: _permit, duties, ...outlet }) => ({
      ...outlet,
      duties: (duties ?? []).map(({ outlet: _o, ...duty }) => duty),
    })),
  };
}

/**
 * Discharge permits (排污许可证) of the responsible entities, their outlets (HJ 608 `DW001`) linked to the
 * directory's outfalls, and the self-monitoring duty per outlet. All rules here; REST, GraphQL and the seed
 * call it.
 */
@Injectable()
export class PermitsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly outfalls: OutfallsService,
    private readonly entities: ResponsibleEntitiesService,
  ) {}

  /** A merge moves the outlets of the merged outfall to the survivor, audited. */
  onModuleInit(): void {
    this.outfalls.registerMergeHook(async (em, fromId, intoId) => {
      const moved = await em.query<{ id: string }[]>(
        `UPDATE permit_outlet SET outfall_id = $2 WHERE outfall_id = $1 RETURNING id`,
        [fromId, intoId],
      );
      const rows: { id: string }[] = Array.isArray(moved[0]) ? (moved[0] as { id: string }[]) : moved;
      if (!rows.length) return;
      await this.audit.recordMany(
        em,
        rows.map((row) => ({
          action: AuditAction.Update,
          entityType: 'permit_outlet',
          entityId: row.id,
          before: { outfallId: fromId },
          after: { outfallId: intoId },
        })),
      );
      return { permitOutlets: rows.map((row) => row.id) };
    });
  }

  expiringDays(override?: number): number {
    return override ?? this.config.PERMIT_EXPIRING_DAYS;
  }

  /** Adds the computed expiry flag and the days left (Beijing today). */
  withExpiry(permit: DischargePermit, withinDays?: number): DischargePermit {
    const today = beijingToday();
    permit.expiry = permitExpiry(permit.validFrom, permit.validTo, today, this.expiringDays(withinDays));
    permit.daysLeft = daysBetween(today, permit.validTo);
    return permit;
  }

  /**
   * Permits the caller may see: a township sees the permits of the entities in its division and those with
   * an outlet on one of its outfalls.
   */
  visible(
    principal: Principal,
    em: EntityManager = this.dataSource.manager,
  ): SelectQueryBuilder<DischargePermit> {
    const qb = em
      .getRepository(DischargePermit)
      .createQueryBuilder('permit')
      .innerJoinAndSelect('permit.entity', 'entity')
      .innerJoin('entity.division', 'division');
    if (!principal.jurisdiction.cityWide) {
      qb.andWhere(
        `((division.path = :jpath OR division.path LIKE :jprefix) OR EXISTS (
            SELECT 1 FROM permit_outlet jo JOIN outfall jf ON jf.id = jo.outfall_id JOIN division jd ON jd.id = jf.division_id
             WHERE jo.permit_id = permit.id AND (jd.path = :jpath OR jd.path LIKE :jprefix)))`,
        {
          jpath: principal.jurisdiction.divisionPath ?? '-',
          jprefix: `${principal.jurisdiction.divisionPath ?? '-'}/%`,
        },
      );
    }
    return qb;
  }

  filtered(principal: Principal, filter: PermitFilterDto): SelectQueryBuilder<DischargePermit> {
    const qb = this.visible(principal);
    if (filter.q)
      qb.andWhere('(permit.permitNumber ILIKE :q OR entity.name ILIKE :q)', { q: likePattern(filter.q) });
    if (filter.entityId) qb.andWhere('permit.entityId = :entityId', { entityId: filter.entityId });
    if (filter.divisionId)
      qb.andWhere(
        `(division.id = :divisionId OR division.path LIKE (SELECT path || '/%' FROM division WHERE id = :divisionId))`,
        { divisionId: filter.divisionId },
      );
    if (filter.outfallId)
      qb.andWhere(
        'EXISTS (SELECT 1 FROM permit_outlet fo WHERE fo.permit_id = permit.id AND fo.outfall_id = :outfallId)',
        { outfallId: filter.outfallId },
      );
    if (filter.expiry) {
      const today = beijingToday();
      const horizon = addDays(today, this.expiringDays(filter.expiringWithinDays));
      const clause = {
        [PermitExpiry.Expired]: 'permit.validTo < CAST(:today AS date)',
        [PermitExpiry.NotYetValid]:
          'permit.validFrom > CAST(:today AS date) AND permit.validTo >= CAST(:today AS date)',
        [PermitExpiry.Expiring]:
          'permit.validTo >= CAST(:today AS date) AND permit.validFrom <= CAST(:today AS date) AND permit.validTo <= CAST(:horizon AS date)',
        [PermitExpiry.Valid]:
          'permit.validFrom <= CAST(:today AS date) AND permit.validTo > CAST(:horizon AS date)',
      }[filter.expiry];
      qb.andWhere(clause, { today, horizon });
    }
    return qb;
  }

  async list(principal: Principal, query: PermitQueryDto): Promise<PageResult<DischargePermit>> {
    const page = await paginate(this.filtered(principal, query), query, SORTABLE, 'validTo', 'permit.id');
    const outlets = await this.outletsOf(page.items.map((p) => p.id));
    for (const permit of page.items) {
      permit.outlets = outlets.filter((o) => o.permitId === permit.id);
      this.withExpiry(permit, query.expiringWithinDays);
    }
    return page;
  }

  private outletsOf(
    permitIds: string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<PermitOutlet[]> {
    if (!permitIds.length) return Promise.resolve([]);
    return em
      .getRepository(PermitOutlet)
      .createQueryBuilder('outlet')
      .leftJoinAndSelect('outlet.duties', 'duty')
      .innerJoin('outlet.outfall', 'outfall')
      .addSelect([
        'outfall.id',
        'outfall.localCode',
        'outfall.name',
        'outfall.divisionId',
        'outfall.category',
      ])
      .where('outlet.permitId IN (:...permitIds)', { permitIds })
      .orderBy('outlet.code')
      .addOrderBy('duty.indicatorCode')
      .getMany();
  }

  async get(principal: Principal, id: string, em?: EntityManager, lock = false): Promise<DischargePermit> {
    const qb = this.visible(principal, em).andWhere('permit.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write', undefined, ['permit']);
    const permit = await qb.getOne();
    if (!permit) throw DomainException.notFound('Discharge permit', id);
    permit.outlets = await this.outletsOf([id], em);
    return this.withExpiry(permit);
  }

  async create(principal: Principal, dto: PermitDto): Promise<DischargePermit> {
    const id = await this.dataSource.transaction(async (em) => {
      await this.check(em, principal, dto, null);
      const repo = em.getRepository(DischargePermit);
      const permit = await repo.save(repo.create({ ...this.fields(dto) }));
      await this.saveOutlets(em, permit.id, dto);
      const saved = await this.get(principal, permit.id, em);
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'discharge_permit',
        entityId: permit.id,
        after: snapshot(saved),
      });
      return permit.id;
    });
    return this.get(principal, id);
  }

  /** Replaces the permit: its fields, outlets and duties (optimistic locking on `version`). */
  async update(principal: Principal, id: string, dto: UpdatePermitDto): Promise<DischargePermit> {
    await this.dataSource.transaction(async (em) => {
      const current = await this.get(principal, id, em, true);
      if (current.version !== dto.version)
        throw new DomainException(
          'VERSION_CONFLICT',
          `the permit was changed by someone else (version ${current.version}, you sent ${dto.version}); reload and try again`,
          409,
          [{ field: 'version', message: `current version is ${current.version}` }],
        );
      // the outfalls it leaves are written too: they pass the gate as well
      for (const outlet of current.outlets ?? [])
        if (!dto.outlets.some((o) => o.outfallId === outlet.outfallId))
          await this.outfalls.assertWritable(principal, outlet.outfallId, em, { requireActive: false });
      await this.check(em, principal, dto, id);
      const before = snapshot(current);
      await em.getRepository(DischargePermit).save({ id, version: current.version, ...this.fields(dto) });
      await em.getRepository(PermitOutlet).delete({ permitId: id });
      await this.saveOutlets(em, id, dto);
      const saved = await this.get(principal, id, em);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'discharge_permit',
        entityId: id,
        before,
        after: snapshot(saved),
      });
    });
    return this.get(principal, id);
  }

  private fields(dto: PermitDto) {
    return {
      permitNumber: dto.permitNumber,
      entityId: dto.entityId,
      issuingAuthority: dto.issuingAuthority.trim(),
      validFrom: dto.validFrom,
      validTo: dto.validTo,
      notes: dto.notes?.trim() || null,
    };
  }

  private async saveOutlets(em: EntityManager, permitId: string, dto: PermitDto): Promise<void> {
    for (const input of dto.outlets) {
      const outlet = await em.getRepository(PermitOutlet).save(
        em.getRepository(PermitOutlet).create({
          permitId,
          code: input.code,
          name: input.name?.trim() || null,
          outfallId: input.outfallId,
        }),
      );
      if (input.duties.length)
        await em.getRepository(PermitDuty).insert(
          input.duties.map((duty) => ({
            outletId: outlet.id,
            indicatorCode: duty.indicatorCode,
            frequency: duty.frequency,
          })),
        );
    }
  }

  /** Every rule of a permit, each refusal on its field. */
  private async check(
    em: EntityManager,
    principal: Principal,
    dto: PermitDto,
    id: string | null,
  ): Promise<void> {
    const entity = await this.entities.get(principal, dto.entityId, em).catch((error: unknown) => {
      if (error instanceof DomainException && error.status === 404)
        throw DomainException.invalid(
          'entityId',
          `责任主体 ${dto.entityId} 不存在或不在您的辖区内 / the entity was not found`,
        );
      throw error;
    });
    const problem = permitNumberProblem(dto.permitNumber, entity.creditCode);
    if (problem) throw new PermitsException(PermitsErrorCode.NumberInvalid, problem, 'permitNumber');
    const taken = await em
      .getRepository(DischargePermit)
      .createQueryBuilder('p')
      .where('p.permitNumber = :number', { number: dto.permitNumber })
      .andWhere(id ? 'p.id <> :id' : 'TRUE', { id })
      .getExists();
    if (taken)
      throw new PermitsException(
        PermitsErrorCode.NumberTaken,
        `排污许可证编号 ${dto.permitNumber} 已登记 / permit ${dto.permitNumber} is already registered`,
        'permitNumber',
      );
    if (dto.validTo < dto.validFrom)
      throw new PermitsException(
        PermitsErrorCode.Dates,
        '有效期截止日期不能早于起始日期 / validTo cannot be before validFrom',
        'validTo',
      );
    const codes = new Set<string>();
    const indicators = new Set(
      (await em.query<{ code: string }[]>(`SELECT code FROM indicator`)).map((row) => row.code),
    );
    for (const [i, outlet] of dto.outlets.entries()) {
      if (codes.has(outlet.code))
        throw new PermitsException(
          PermitsErrorCode.OutletCodeInvalid,
          `排放口编码 ${outlet.code} 在本许可证中重复 / outlet code ${outlet.code} appears twice`,
          `outlets[${i}].code`,
        );
      codes.add(outlet.code);
      // the outlet hangs off the outfall: the write gate (jurisdiction, sector), then the entity link
      const outfall = await this.outfalls
        .assertWritable(principal, outlet.outfallId, em, { requireActive: false })
        .catch((error: unknown) => {
          if (error instanceof DomainException && error.status === 404)
            throw DomainException.invalid(
              `outlets[${i}].outfallId`,
              `在您的辖区内找不到排污口 ${outlet.outfallId} / outfall not found in your jurisdiction`,
            );
          throw error;
        });
      const [linked] = await em.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outfall_entity WHERE outfall_id = $1 AND entity_id = $2`,
        [outlet.outfallId, dto.entityId],
      );
      if (!linked.n)
        throw new PermitsException(
          PermitsErrorCode.OutletNotLinked,
          `排污口 ${outfall.localCode}（${outfall.name}）在名录中未关联持证单位 ${entity.name}，请先在名录中关联责任主体 / outfall ${outfall.localCode} is not linked to the holder ${entity.name} in the directory`,
          `outlets[${i}].outfallId`,
        );
      const seen = new Set<string>();
      for (const [j, duty] of outlet.duties.entries()) {
        const field = `outlets[${i}].duties[${j}].indicatorCode`;
        if (!indicators.has(duty.indicatorCode))
          throw new PermitsException(
            PermitsErrorCode.IndicatorUnknown,
            `监测指标 ${duty.indicatorCode} 不在指标目录中 / indicator ${duty.indicatorCode} is not in the catalogue`,
            field,
          );
        if (seen.has(duty.indicatorCode))
          throw DomainException.invalid(
            field,
            `监测指标 ${duty.indicatorCode} 在排放口 ${outlet.code} 重复 / indicator listed twice for ${outlet.code}`,
          );
        seen.add(duty.indicatorCode);
      }
    }
  }

  /** Permits expired, or expiring within the window, on `asOf` (recorded by `recordedBy`): the report. */
  expiringAsOf(asOf: string, recordedBy: Date, withinDays = this.expiringDays()) {
    return this.dataSource.query<
      {
        permitNumber: string;
        entity: string;
        township: string;
        issuingAuthority: string;
        validTo: string;
        daysLeft: number;
        outlets: string;
      }[]
    >(
      `SELECT p.permit_number AS "permitNumber", e.name AS entity, d.name AS township, p.issuing_authority AS "issuingAuthority",
              to_char(p.valid_to, 'YYYY-MM-DD') AS "validTo", (p.valid_to - $1::date)::int AS "daysLeft",
              (SELECT string_agg(po.code || ' ' || o.local_code, '、' ORDER BY po.code)
                 FROM permit_outlet po JOIN outfall o ON o.id = po.outfall_id WHERE po.permit_id = p.id) AS outlets
         FROM discharge_permit p
         JOIN responsible_entity e ON e.id = p.entity_id
         JOIN division d ON d.id = e.division_id
        WHERE p.created_at <= $2 AND p.valid_from <= $1::date AND p.valid_to <= $1::date + $3::int
        ORDER BY p.valid_to, p.permit_number`,
      [asOf, recordedBy, withinDays],
    );
  }
}
