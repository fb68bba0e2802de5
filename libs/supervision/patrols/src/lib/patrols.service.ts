import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import {
  beijingDay,
  beijingToday,
  CommonErrorCode,
  DomainException,
  FileStorage,
  likePattern,
  nullsOrder,
  PageResult,
  paginate,
  Principal,
  sortKeys,
} from '@outfall/common';
import { OutfallsService, uploadedFileName } from '@outfall/directory';
import { EnforcementService, OpenCaseDto } from '@outfall/enforcement';
import { PlanDto, PlansService, RemediationPlan } from '@outfall/remediation';
import {
  AuditAction,
  CaseOrigin,
  CaseSource,
  DEFAULT_PATROL_DISTANCE_LIMIT_M,
  DEFAULT_PATROL_INTERVAL_DAYS,
  PATROL_SCHEDULE_START,
} from '@outfall/shared-types';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  CreatePatrolDto,
  PatrolConfigDto,
  PatrolFieldsDto,
  PatrolFilterDto,
  PatrolQueryDto,
  PatrolRuleDto,
  ScheduleFilterDto,
  ScheduleOverrideDto,
  ScheduleQueryDto,
  UpdatePatrolDto,
} from './dto/patrols.dto';
import {
  Patrol,
  PatrolConfig,
  PatrolFinding,
  PatrolPhoto,
  PatrolRule,
  PatrolScheduleOverride,
} from './patrol.entity';
import { PatrolErrorCode, PatrolException } from './patrols.exception';
import { DEFAULT_PATROL_RULES } from './schedule.rules';

export const MAX_PATROL_PHOTO_BYTES = 8 * 1024 * 1024;
export const MAX_PATROL_PHOTOS = 12;

const IMAGE_SIGNATURES: { type: string; extension: string; magic: number[] }[] = [
  { type: 'image/jpeg', extension: 'jpg', magic: [0xff, 0xd8, 0xff] },
  { type: 'image/png', extension: 'png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { type: 'image/webp', extension: 'webp', magic: [0x52, 0x49, 0x46, 0x46] },
];

export const PATROL_SORTABLE = {
  patrolledAt: 'patrol.patrolledAt',
  patrolDay: 'patrol.patrolDay',
  distanceM: 'patrol.distanceM',
  findingCount: 'patrol.findingCount',
  createdAt: 'patrol.createdAt',
};

const SCHEDULE_SORTABLE: Record<string, string> = {
  nextDueOn: '"nextDueOn"',
  daysOverdue: '"daysOverdue"',
  lastPatrolDay: '"lastPatrolDay"',
  localCode: '"localCode"',
  intervalDays: '"intervalDays"',
  unitName: '"unitName"',
};

/** One outfall's patrol schedule as of a day. */
export interface PatrolScheduleRow {
  outfallId: string;
  localCode: string;
  name: string;
  category: string;
  area: string;
  keyRiver: boolean;
  divisionId: string;
  divisionName: string;
  unitId: string | null;
  unitName: string | null;
  ruleDays: number | null;
  overrideDays: number | null;
  overrideReason: string | null;
  intervalDays: number;
  lastPatrolDay: string | null;
  nextDueOn: string;
  overdue: boolean;
  daysOverdue: number;
}

export interface PatrolOverdueGroup {
  unitId: string | null;
  unitName: string | null;
  outfalls: number;
  overdue: number;
}

/** Where the figures stand: as of a Beijing day and, for reports, only what was recorded by an instant. */
export interface ScheduleAsOf {
  asOf: string;
  computedAt?: Date;
}

type Params = unknown[];
const param = (params: Params, value: unknown) => {
  params.push(value);
  return `$${params.length}`;
};

/**
 * Patrols of the long-term mechanism (长效监管巡查): the frequency rules and per-outfall overrides, the
 * derived schedule (next due day, overdue), patrol records with GPS distance, checklist, findings and photos,
 * and the finding → remediation plan link. Every path (REST, GraphQL, seeder, reports) goes through here.
 */
@Injectable()
export class PatrolsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outfalls: OutfallsService,
    private readonly plans: PlansService,
    private readonly storage: FileStorage,
    private readonly enforcement: EnforcementService,
  ) {}

  // ---------------------------------------------------------------- rules and settings

  /**
   * The default rules (`DEFAULT_PATROL_RULES`) when the table is empty (a new or emptied database; the rules
   * can never all be deleted: the catch-all stays). Every schedule read calls it first.
   */
  async ensureDefaults(): Promise<void> {
    const [{ any }] = await this.dataSource.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM patrol_rule) AS any`,
    );
    if (any) return;
    await this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('patrol_rule_defaults'))`);
      const [{ again }] = await em.query<{ again: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM patrol_rule) AS again`,
      );
      if (again) return;
      await em
        .getRepository(PatrolRule)
        .save(
          DEFAULT_PATROL_RULES.map((rule) =>
            em.getRepository(PatrolRule).create({ ...rule, note: '默认规则 / default rule' }),
          ),
        );
    });
  }

  async rules(): Promise<PatrolRule[]> {
    await this.ensureDefaults();
    return this.dataSource
      .getRepository(PatrolRule)
      .createQueryBuilder('r')
      .orderBy('r.category', 'ASC', 'NULLS LAST')
      .addOrderBy('r.area', 'ASC', 'NULLS LAST')
      .addOrderBy('r.keyRiver', 'ASC', 'NULLS LAST')
      .addOrderBy('r.intervalDays', 'ASC')
      .getMany();
  }

  async createRule(dto: PatrolRuleDto): Promise<PatrolRule> {
    await this.ensureDefaults();
    return this.dataSource.transaction(async (em) => {
      await this.assertRuleFree(em, dto, null);
      const repo = em.getRepository(PatrolRule);
      const saved = await repo.save(repo.create(this.ruleFields(dto)));
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'patrol_rule',
        entityId: saved.id,
        after: saved,
      });
      return saved;
    });
  }

  async updateRule(id: string, dto: PatrolRuleDto): Promise<PatrolRule> {
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(PatrolRule);
      const rule = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!rule) throw DomainException.notFound('Patrol rule', id);
      await this.assertRuleFree(em, dto, id);
      const before = { ...rule };
      const fields = this.ruleFields(dto);
      if (this.isCatchAll(rule) && !this.isCatchAll(fields)) await this.assertOtherCatchAll(em, id);
      const saved = await repo.save(Object.assign(rule, fields));
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'patrol_rule',
        entityId: id,
        before,
        after: saved,
      });
      return saved;
    });
  }

  async removeRule(id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const rule = await em.getRepository(PatrolRule).findOneBy({ id });
      if (!rule) throw DomainException.notFound('Patrol rule', id);
      if (this.isCatchAll(rule)) await this.assertOtherCatchAll(em, id);
      await em.getRepository(PatrolRule).delete(id);
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'patrol_rule',
        entityId: id,
        before: rule,
      });
    });
  }

  async config(em: EntityManager = this.dataSource.manager): Promise<PatrolConfig> {
    const found = await em.getRepository(PatrolConfig).findOneBy({ id: 1 });
    return (
      found ?? Object.assign(new PatrolConfig(), { id: 1, distanceLimitM: DEFAULT_PATROL_DISTANCE_LIMIT_M })
    );
  }

  async setConfig(dto: PatrolConfigDto): Promise<PatrolConfig> {
    return this.dataSource.transaction(async (em) => {
      const before = await em.getRepository(PatrolConfig).findOneBy({ id: 1 });
      const saved = await em
        .getRepository(PatrolConfig)
        .save(Object.assign(before ? { ...before } : { id: 1 }, { distanceLimitM: dto.distanceLimitM }));
      await this.audit.record(em, {
        action: before ? AuditAction.Update : AuditAction.Create,
        entityType: 'patrol_config',
        entityId: '1',
        before,
        after: saved,
      });
      return saved;
    });
  }

  private ruleFields(dto: PatrolRuleDto) {
    return {
      category: dto.category ?? null,
      area: dto.area ?? null,
      keyRiver: dto.keyRiver ?? null,
      intervalDays: dto.intervalDays,
      note: dto.note?.trim() || null,
    };
  }

  private isCatchAll(rule: { category: unknown; area: unknown; keyRiver: unknown }) {
    return rule.category === null && rule.area === null && rule.keyRiver === null;
  }

  private async assertOtherCatchAll(em: EntityManager, id: string) {
    const [{ count }] = await em.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM patrol_rule
        WHERE id <> $1 AND category IS NULL AND area IS NULL AND key_river IS NULL`,
      [id],
    );
    if (!count)
      throw new PatrolException(
        PatrolErrorCode.LastCatchAll,
        '必须保留一条适用于全部排污口的兜底规则，否则部分排污口没有巡查频次 / keep one rule that matches every outfall (all blank)',
      );
  }

  private async assertRuleFree(em: EntityManager, dto: PatrolRuleDto, id: string | null) {
    const [{ count }] = await em.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM patrol_rule
        WHERE category IS NOT DISTINCT FROM $1 AND area IS NOT DISTINCT FROM $2
          AND key_river IS NOT DISTINCT FROM $3 AND ($4::uuid IS NULL OR id <> $4)`,
      [dto.category ?? null, dto.area ?? null, dto.keyRiver ?? null, id],
    );
    if (count)
      throw new PatrolException(
        PatrolErrorCode.RuleExists,
        '已有相同类别、区域和重点河流条件的规则，请修改该规则 / a rule with the same category, area and key-river condition exists',
        'category',
      );
  }

  // ---------------------------------------------------------------- schedules

  /** Sets the per-outfall interval that overrides the rules (an outfall write: through the gate). */
  async setOverride(
    principal: Principal,
    outfallId: string,
    dto: ScheduleOverrideDto,
  ): Promise<PatrolScheduleRow> {
    await this.dataSource.transaction(async (em) => {
      await this.outfalls.assertWritable(principal, outfallId, em);
      const repo = em.getRepository(PatrolScheduleOverride);
      const before = await repo.findOneBy({ outfallId });
      const saved = await repo.save(
        Object.assign(before ? { ...before } : repo.create({ outfallId }), {
          intervalDays: dto.intervalDays,
          reason: dto.reason.trim(),
        }),
      );
      await this.audit.record(em, {
        action: before ? AuditAction.Update : AuditAction.Create,
        entityType: 'patrol_schedule_override',
        entityId: outfallId,
        before,
        after: saved,
      });
    });
    return this.scheduleOf(principal, outfallId);
  }

  async removeOverride(principal: Principal, outfallId: string): Promise<PatrolScheduleRow> {
    await this.dataSource.transaction(async (em) => {
      await this.outfalls.assertWritable(principal, outfallId, em, { requireActive: false });
      const before = await em.getRepository(PatrolScheduleOverride).findOneBy({ outfallId });
      if (!before) return;
      await em.getRepository(PatrolScheduleOverride).delete({ outfallId });
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'patrol_schedule_override',
        entityId: outfallId,
        before,
      });
    });
    return this.scheduleOf(principal, outfallId);
  }

  /**
   * The schedule query: every active outfall visible to the caller with its rule interval (most specific
   * match, then the shortest), its override, its responsible unit (the remediation plan's responsible unit
   * when the outfall has a plan, else the township / sub-district government of its division), its last
   * patrol day and next due day as of `at.asOf` (patrols recorded by `at.computedAt` when given).
   */
  private scheduleSql(
    principal: Principal | null,
    filter: ScheduleFilterDto,
    at: ScheduleAsOf,
    params: Params,
    /** Only these outfalls (a page's rows, looked up one by one). */
    ids?: string[],
  ): string {
    const where: string[] = [`o.status = 'active'`];
    // city-wide, every outfall (of a division, as the join below requires) is visible: no semi-join to build
    if (principal && !principal.jurisdiction.cityWide) {
      const [visible, visibleParams] = this.outfalls
        .visible(principal)
        .select('outfall.id')
        .getQueryAndParameters();
      const offset = params.length;
      params.push(...visibleParams);
      where.push(`o.id IN (${visible.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + offset}`)})`);
    }
    const asOf = param(params, at.asOf);
    const computed = at.computedAt ? param(params, at.computedAt) : null;
    if (computed) where.push(`o.created_at <= ${computed}`);
    if (filter.outfallId) where.push(`o.id = ${param(params, filter.outfallId)}`);
    if (ids) where.push(`o.id = ANY(CAST(${param(params, ids)} AS uuid[]))`);
    const lookup = !!(filter.outfallId || ids);
    if (filter.category) where.push(`o.category = ${param(params, filter.category)}`);
    if (filter.divisionId) {
      const d = param(params, filter.divisionId);
      where.push(`(d.id = ${d} OR d.path LIKE (SELECT path || '/%' FROM division WHERE id = ${d}))`);
    }
    if (filter.q) {
      const q = param(params, likePattern(filter.q));
      where.push(`(o.name ILIKE ${q} OR o.local_code ILIKE ${q} OR o.national_code ILIKE ${q})`);
    }
    // the last patrol up to the day: one aggregate over the patrols for a list, a lookup for one outfall (or a
    // page's few); the township unit is resolved once per division, not once per outfall (docs/performance.md);
    // the rule as a lateral join, which the planner memoizes per (category, area, key river): a dozen lookups
    // for 100,000 outfalls instead of one per outfall, twice (the filter and the column)
    const patrolWindow = `p.patrol_day <= CAST(${asOf} AS date) ${computed ? `AND p.created_at <= ${computed}` : ''}`;
    const lastDay = lookup
      ? `(SELECT max(p.patrol_day) FROM patrol p WHERE p.outfall_id = o.id AND ${patrolWindow})`
      : 'lp.last_day';
    const lastJoin = lookup
      ? ''
      : `LEFT JOIN (SELECT p.outfall_id, max(p.patrol_day) AS last_day FROM patrol p
                     WHERE ${patrolWindow} GROUP BY p.outfall_id) lp ON lp.outfall_id = o.id`;
    const inner = `
      SELECT o.id AS "outfallId", o.local_code AS "localCode", o.name, o.category, o.area,
             wb.is_key AS "keyRiver", d.id AS "divisionId", d.name AS "divisionName",
             coalesce(pu.id, tu.id) AS "unitId", coalesce(pu.name, tu.name) AS "unitName",
             rule.interval_days AS "ruleDays",
             ov.interval_days AS "overrideDays", ov.reason AS "overrideReason",
             ${lastDay} AS last_day,
             greatest(o.discovered_on, DATE '${PATROL_SCHEDULE_START}') AS start_day
        FROM outfall o
        JOIN division d ON d.id = o.division_id
        JOIN water_body wb ON wb.id = o.water_body_id
        LEFT JOIN LATERAL (
          SELECT r.interval_days FROM patrol_rule r
           WHERE (r.category IS NULL OR r.category = o.category)
             AND (r.area IS NULL OR r.area = o.area)
             AND (r.key_river IS NULL OR r.key_river = wb.is_key)
           ORDER BY ((r.category IS NOT NULL)::int + (r.area IS NOT NULL)::int + (r.key_river IS NOT NULL)::int) DESC,
                    r.interval_days ASC
           LIMIT 1) rule ON true
        LEFT JOIN patrol_schedule_override ov ON ov.outfall_id = o.id
        LEFT JOIN remediation_plan rp ON rp.outfall_id = o.id
        LEFT JOIN unit pu ON pu.id = rp.responsible_unit_id
        LEFT JOIN (
          SELECT dd.id AS division_id, nearest.id, nearest.name
            FROM division dd
            JOIN LATERAL (
              SELECT u.id, u.name FROM unit u JOIN division ud ON ud.id = u.division_id
               WHERE u.kind = 'township' AND (dd.path = ud.path OR dd.path LIKE ud.path || '/%')
               ORDER BY length(ud.path) DESC, u.name LIMIT 1) nearest ON true) tu ON tu.division_id = o.division_id
        ${lastJoin}
       WHERE ${where.join(' AND ')}`;
    const interval = `coalesce(s."overrideDays", s."ruleDays", ${DEFAULT_PATROL_INTERVAL_DAYS})`;
    const due = `(coalesce(s.last_day, s.start_day) + ${interval})`;
    let sql = `
      SELECT s."outfallId", s."localCode", s.name, s.category, s.area, s."keyRiver", s."divisionId",
             s."divisionName", s."unitId", s."unitName", s."ruleDays", s."overrideDays", s."overrideReason",
             ${interval} AS "intervalDays",
             to_char(s.last_day, 'YYYY-MM-DD') AS "lastPatrolDay",
             to_char(${due}, 'YYYY-MM-DD') AS "nextDueOn",
             ${due} < CAST(${asOf} AS date) AS overdue,
             greatest(CAST(${asOf} AS date) - ${due}, 0) AS "daysOverdue"
        FROM (${inner}) s`;
    const outer: string[] = [];
    if (filter.unitId) outer.push(`s."unitId" = ${param(params, filter.unitId)}`);
    if (filter.overdue !== undefined)
      outer.push(`${filter.overdue ? '' : 'NOT '}(${due} < CAST(${asOf} AS date))`);
    if (outer.length) sql += ` WHERE ${outer.join(' AND ')}`;
    return sql;
  }

  /** Schedules within the caller's jurisdiction, filtered, sorted (nextDueOn, daysOverdue…) and paged. */
  async schedules(
    principal: Principal,
    query: ScheduleQueryDto,
    at: ScheduleAsOf = { asOf: beijingToday() },
  ): Promise<PageResult<PatrolScheduleRow>> {
    await this.ensureDefaults();
    const params: Params = [];
    const sql = this.scheduleSql(principal, query, at, params);
    const order = sortKeys(query.sort ?? 'nextDueOn', SCHEDULE_SORTABLE)
      .map(({ column, descending }) => `${column} ${descending ? 'DESC' : 'ASC'} ${nullsOrder(descending)}`)
      .join(', ');
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    // Two steps in one snapshot: first the page's ids and the total in one pass over the schedules, carrying
    // only the sort keys (the planner computes no other column, so the window holds narrow rows: at 100,000
    // overdue outfalls about half the time of carrying every column); then the page's rows by id.
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const page = await em.query<{ outfallId: string; total_: number }[]>(
        `SELECT x."outfallId", count(*) OVER ()::int AS total_ FROM (${sql}) x
          ORDER BY ${order}, "localCode" LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
        params,
      );
      // a page past the end counts apart
      const total = page.length
        ? page[0].total_
        : (await em.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM (${sql}) x`, params))[0]
            .total;
      const ids = page.map((row) => row.outfallId);
      const rowParams: Params = [];
      const rows = ids.length
        ? await em.query<PatrolScheduleRow[]>(
            this.scheduleSql(principal, query, at, rowParams, ids),
            rowParams,
          )
        : [];
      const byId = new Map(rows.map((row) => [row.outfallId, row]));
      const items = ids.map((id) => byId.get(id)).filter((row): row is PatrolScheduleRow => !!row);
      return { items, total, limit, offset };
    });
  }

  /** One outfall's schedule (404 outside the caller's jurisdiction). */
  async scheduleOf(principal: Principal, outfallId: string): Promise<PatrolScheduleRow> {
    await this.outfalls.get(principal, outfallId);
    await this.ensureDefaults();
    const params: Params = [];
    const sql = this.scheduleSql(principal, { outfallId }, { asOf: beijingToday() }, params);
    const [row] = await this.dataSource.query<PatrolScheduleRow[]>(sql, params);
    if (!row) throw DomainException.notFound('Outfall', outfallId);
    return row;
  }

  /** The outfall drawer's section: the schedule and the last patrols. */
  async outfallSummary(principal: Principal, outfallId: string) {
    const schedule = await this.scheduleOf(principal, outfallId);
    const recent = await this.list(principal, { outfallId, limit: 5, sort: '-patrolledAt' });
    return { schedule, recent: recent.items };
  }

  /** Overdue outfalls counted per responsible unit, within the caller's jurisdiction (or city-wide). */
  async overdueByUnit(
    principal: Principal | null,
    at: ScheduleAsOf = { asOf: beijingToday() },
  ): Promise<PatrolOverdueGroup[]> {
    await this.ensureDefaults();
    const params: Params = [];
    const sql = this.scheduleSql(principal, {}, at, params);
    return this.dataSource.query<PatrolOverdueGroup[]>(
      `SELECT "unitId", "unitName", count(*)::int AS outfalls, count(*) FILTER (WHERE overdue)::int AS overdue
         FROM (${sql}) x GROUP BY "unitId", "unitName"
        ORDER BY overdue DESC, "unitName" NULLS LAST`,
      params,
    );
  }

  private async overdueOutfallIds(principal: Principal): Promise<string[]> {
    await this.ensureDefaults();
    const params: Params = [];
    const sql = this.scheduleSql(principal, { overdue: true }, { asOf: beijingToday() }, params);
    const rows = await this.dataSource.query<{ outfallId: string }[]>(
      `SELECT "outfallId" FROM (${sql}) x`,
      params,
    );
    return rows.map((r) => r.outfallId);
  }

  // ---------------------------------------------------------------- patrol records

  private base(principal: Principal, em?: EntityManager): SelectQueryBuilder<Patrol> {
    const sub = this.outfalls.visible(principal).select('outfall.id');
    return (em ?? this.dataSource.manager)
      .getRepository(Patrol)
      .createQueryBuilder('patrol')
      .innerJoin('patrol.outfall', 'o')
      .addSelect(['o.id', 'o.localCode', 'o.name', 'o.category', 'o.divisionId', 'o.longitude', 'o.latitude'])
      .leftJoin('patrol.unit', 'unit')
      .addSelect(['unit.id', 'unit.name'])
      .where(`patrol.outfall_id IN (${sub.getQuery()})`)
      .setParameters(sub.getParameters());
  }

  async filtered(principal: Principal, filter: PatrolFilterDto): Promise<SelectQueryBuilder<Patrol>> {
    const qb = this.base(principal);
    if (filter.outfallId) qb.andWhere('patrol.outfall_id = :fOutfall', { fOutfall: filter.outfallId });
    if (filter.unitId) qb.andWhere('patrol.unit_id = :fUnit', { fUnit: filter.unitId });
    if (filter.divisionId)
      qb.andWhere(
        `o.division_id IN (SELECT id FROM division WHERE id = :fDivision OR path LIKE (SELECT path || '/%' FROM division WHERE id = :fDivision))`,
        { fDivision: filter.divisionId },
      );
    if (filter.from) qb.andWhere('patrol.patrol_day >= CAST(:fFrom AS date)', { fFrom: filter.from });
    if (filter.to) qb.andWhere('patrol.patrol_day <= CAST(:fTo AS date)', { fTo: filter.to });
    if (filter.hasFindings !== undefined)
      qb.andWhere(`patrol.finding_count ${filter.hasFindings ? '>' : '='} 0`);
    if (filter.distanceFlagged !== undefined)
      qb.andWhere('patrol.distance_flagged = :fFlag', { fFlag: filter.distanceFlagged });
    if (filter.overdue !== undefined) {
      const ids = await this.overdueOutfallIds(principal);
      qb.andWhere(
        filter.overdue
          ? 'patrol.outfall_id = ANY(CAST(:fOverdue AS uuid[]))'
          : 'NOT (patrol.outfall_id = ANY(CAST(:fOverdue AS uuid[])))',
        { fOverdue: ids },
      );
    }
    return qb;
  }

  async list(principal: Principal, query: PatrolQueryDto): Promise<PageResult<Patrol>> {
    return paginate(
      await this.filtered(principal, query),
      query,
      PATROL_SORTABLE,
      '-patrolledAt',
      'patrol.id',
    );
  }

  async get(principal: Principal, id: string, em?: EntityManager): Promise<Patrol> {
    const patrol = await this.base(principal, em).andWhere('patrol.id = :id', { id }).getOne();
    if (!patrol) throw DomainException.notFound('Patrol', id);
    const manager = em ?? this.dataSource.manager;
    patrol.findings = await manager
      .getRepository(PatrolFinding)
      .find({ where: { patrolId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
    patrol.photos = await manager
      .getRepository(PatrolPhoto)
      .find({ where: { patrolId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
    return patrol;
  }

  /** The findings of some patrols (ledger), in order. */
  findingsOf(patrolIds: string[]): Promise<PatrolFinding[]> {
    return this.dataSource
      .getRepository(PatrolFinding)
      .createQueryBuilder('f')
      .where('f.patrol_id = ANY(CAST(:ids AS uuid[]))', { ids: patrolIds })
      .orderBy('f.created_at')
      .addOrderBy('f.id')
      .getMany();
  }

  photosOf(patrolId: string): Promise<PatrolPhoto[]> {
    return this.dataSource
      .getRepository(PatrolPhoto)
      .find({ where: { patrolId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The responsible unit of an outfall (see `scheduleSql`). */
  async responsibleUnitOf(em: EntityManager, outfallId: string): Promise<string | null> {
    const [row] = await em.query<{ id: string | null }[]>(
      `SELECT coalesce(
          (SELECT rp.responsible_unit_id FROM remediation_plan rp WHERE rp.outfall_id = o.id),
          (SELECT u.id FROM unit u JOIN division ud ON ud.id = u.division_id
            WHERE u.kind = 'township' AND (d.path = ud.path OR d.path LIKE ud.path || '/%')
            ORDER BY length(ud.path) DESC, u.name LIMIT 1)) AS id
         FROM outfall o JOIN division d ON d.id = o.division_id WHERE o.id = $1`,
      [outfallId],
    );
    return row?.id ?? null;
  }

  private async measure(
    em: EntityManager,
    outfallId: string,
    dto: PatrolFieldsDto,
  ): Promise<{ distanceM: number; distanceLimitM: number; distanceFlagged: boolean }> {
    const [{ distance }] = await em.query<{ distance: number }[]>(
      `SELECT ST_Distance(ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, o.location::geography) AS distance
         FROM outfall o WHERE o.id = $3`,
      [dto.longitude, dto.latitude, outfallId],
    );
    const { distanceLimitM } = await this.config(em);
    const distanceM = Math.round(Number(distance) * 10) / 10;
    return { distanceM, distanceLimitM, distanceFlagged: distanceM > distanceLimitM };
  }

  private checkTime(dto: PatrolFieldsDto, discoveredOn: string): string {
    const at = dto.patrolledAt;
    if (at.getTime() > Date.now() + 10 * 60_000)
      throw new PatrolException(
        PatrolErrorCode.Dates,
        '巡查时间不能晚于当前时间 / the patrol time cannot be in the future',
        'patrolledAt',
      );
    const day = beijingDay(at);
    if (day < discoveredOn)
      throw new PatrolException(
        PatrolErrorCode.Dates,
        `巡查日期不能早于排污口发现日期（${discoveredOn}）/ the patrol cannot precede the outfall's discovery`,
        'patrolledAt',
      );
    return day;
  }

  private fields(dto: PatrolFieldsDto) {
    return {
      patrolledAt: dto.patrolledAt,
      patrollerNames: dto.patrollerNames.trim(),
      longitude: dto.longitude,
      latitude: dto.latitude,
      signIntact: dto.signIntact,
      discharging: dto.discharging,
      colourAbnormal: dto.colourAbnormal,
      odourAbnormal: dto.odourAbnormal,
      flowEstimate: dto.flowEstimate,
      newPipesNearby: dto.newPipesNearby,
      notes: dto.notes?.trim() || null,
    };
  }

  /**
   * Records a patrol: the outfall passes the write gate (township: its division; sector: its categories);
   * the unit is the outfall's responsible unit; the distance from the outfall is computed here.
   */
  async create(
    principal: Principal,
    dto: CreatePatrolDto,
    options: { demo?: boolean } = {},
  ): Promise<Patrol> {
    const id = await this.dataSource.transaction(async (em) => {
      const outfall = await this.outfalls.assertWritable(principal, dto.outfallId, em);
      const patrolDay = this.checkTime(dto, outfall.discoveredOn);
      const unitId = (await this.responsibleUnitOf(em, outfall.id)) ?? principal.unitId;
      if (!unitId)
        throw new PatrolException(
          PatrolErrorCode.NoResponsibleUnit,
          '该排污口没有责任单位（所在乡镇无政府单位），请先在组织机构中维护 / the outfall has no responsible unit',
          'outfallId',
        );
      const findings = dto.findings ?? [];
      const repo = em.getRepository(Patrol);
      const patrol = await repo.save(
        repo.create({
          ...this.fields(dto),
          ...(await this.measure(em, outfall.id, dto)),
          outfallId: outfall.id,
          unitId,
          patrolDay,
          patrollerId:
            principal.kind === 'user' && /^[0-9a-f-]{36}$/i.test(principal.id) ? principal.id : null,
          recordedBy: principal.name.slice(0, 100),
          findingCount: findings.length,
          demo: options.demo ?? false,
        }),
      );
      const saved = findings.length
        ? await em.getRepository(PatrolFinding).save(
            findings.map((f) =>
              em.getRepository(PatrolFinding).create({
                patrolId: patrol.id,
                kind: f.kind,
                description: f.description.trim(),
              }),
            ),
          )
        : [];
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'patrol',
        entityId: patrol.id,
        after: { ...patrol, findings: saved },
      });
      return patrol.id;
    });
    return this.get(principal, id);
  }

  async update(principal: Principal, id: string, dto: UpdatePatrolDto): Promise<Patrol> {
    await this.dataSource.transaction(async (em) => {
      const patrol = await this.lockOwn(principal, id, em);
      if (patrol.version !== dto.version)
        throw new DomainException(
          'VERSION_CONFLICT',
          `the patrol was changed by someone else (version ${patrol.version}, you sent ${dto.version}); reload and try again`,
          409,
          [{ field: 'version', message: `current version is ${patrol.version}` }],
        );
      const outfall = await this.outfalls.assertWritable(principal, patrol.outfallId, em, {
        requireActive: false,
      });
      const before = { ...patrol };
      const patrolDay = this.checkTime(dto, outfall.discoveredOn);
      const repo = em.getRepository(Patrol);
      const saved = await repo.save(
        repo.create({
          ...before,
          ...this.fields(dto),
          ...(await this.measure(em, patrol.outfallId, dto)),
          patrolDay,
        }),
      );
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'patrol',
        entityId: id,
        before,
        after: saved,
      });
    });
    return this.get(principal, id);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const keys = await this.dataSource.transaction(async (em) => {
      const patrol = await this.lockOwn(principal, id, em);
      await this.outfalls.assertWritable(principal, patrol.outfallId, em, { requireActive: false });
      const findings = await em.getRepository(PatrolFinding).findBy({ patrolId: id });
      const photos = await em.getRepository(PatrolPhoto).findBy({ patrolId: id });
      await em.getRepository(Patrol).delete(id);
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'patrol',
        entityId: id,
        before: { ...patrol, findings, photos },
      });
      return photos.map((p) => p.storageKey);
    });
    for (const key of keys) await this.storage.remove(key).catch(() => undefined);
  }

  /** The bare row, locked, inside the caller's jurisdiction (404 outside). */
  private async lockOwn(principal: Principal, id: string, em: EntityManager): Promise<Patrol> {
    const found = await this.base(principal, em).andWhere('patrol.id = :id', { id }).getOne();
    if (!found) throw DomainException.notFound('Patrol', id);
    const patrol = await em
      .getRepository(Patrol)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!patrol) throw DomainException.notFound('Patrol', id);
    return patrol;
  }

  // ---------------------------------------------------------------- findings

  /** Adds a finding to a patrol afterwards. */
  async addFinding(
    principal: Principal,
    patrolId: string,
    dto: { kind: PatrolFinding['kind']; description: string },
  ): Promise<Patrol> {
    await this.dataSource.transaction(async (em) => {
      const patrol = await this.lockOwn(principal, patrolId, em);
      await this.outfalls.assertWritable(principal, patrol.outfallId, em, { requireActive: false });
      const repo = em.getRepository(PatrolFinding);
      const finding = await repo.save(
        repo.create({ patrolId, kind: dto.kind, description: dto.description.trim() }),
      );
      await em.query(`UPDATE patrol SET finding_count = finding_count + 1 WHERE id = $1`, [patrolId]);
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'patrol_finding',
        entityId: finding.id,
        after: finding,
      });
    });
    return this.get(principal, patrolId);
  }

  private async findingOf(principal: Principal, findingId: string) {
    const finding = await this.dataSource.getRepository(PatrolFinding).findOneBy({ id: findingId });
    if (!finding) throw DomainException.notFound('Patrol finding', findingId);
    const patrol = await this.get(principal, finding.patrolId).catch(() => {
      throw DomainException.notFound('Patrol finding', findingId);
    });
    return { finding, patrol };
  }

  /**
   * Opens the outfall's remediation plan from a finding, through the remediation lib's own create path (its
   * disposition, duplicate-plan and date rules and its write gate apply), and keeps the link on the finding.
   */
  async openPlan(principal: Principal, findingId: string, dto: PlanDto): Promise<PatrolFinding> {
    const { finding, patrol } = await this.findingOf(principal, findingId);
    if (finding.remediationPlanId)
      throw new PatrolException(
        PatrolErrorCode.FindingLinked,
        '该问题已关联整治方案 / this finding already opened a remediation plan',
        'findingId',
      );
    const plan: RemediationPlan = await this.plans.create(principal, {
      ...dto,
      outfallId: patrol.outfallId,
      problemNotes:
        dto.problemNotes ?? `巡查发现（${patrol.patrolDay}）：${finding.description}`.slice(0, 4000),
    });
    return this.link(findingId, { remediationPlanId: plan.id });
  }

  /**
   * Opens an enforcement case (执法立案) from a finding, through the enforcement lib's own open path (its
   * permission, write gate and field rules apply), with origin `patrol`, the finding's outfall and patrol
   * record, source `inspection` unless given; keeps the link on the finding. One case per finding.
   */
  async openCase(principal: Principal, findingId: string, dto: OpenCaseDto): Promise<PatrolFinding> {
    const { finding, patrol } = await this.findingOf(principal, findingId);
    if (finding.enforcementCaseId)
      throw new PatrolException(
        PatrolErrorCode.FindingLinked,
        '该问题已立案 / this finding already opened an enforcement case',
        'findingId',
      );
    if (dto.outfallId && dto.outfallId !== patrol.outfallId)
      throw DomainException.invalid(
        'outfallId',
        '巡查发现问题只能对所巡查的排污口立案 / the case is on the patrolled outfall',
      );
    const opened = await this.enforcement.openCase(principal, {
      ...dto,
      outfallId: patrol.outfallId,
      origin: CaseOrigin.Patrol,
      patrolRecordId: patrol.id,
      source: dto.source ?? CaseSource.Inspection,
    });
    return this.linkEnforcementCase(findingId, opened.id);
  }

  /** Keeps the link to an enforcement case opened from the finding. */
  linkEnforcementCase(findingId: string, caseId: string): Promise<PatrolFinding> {
    return this.link(findingId, { enforcementCaseId: caseId });
  }

  private link(
    findingId: string,
    change: Partial<Pick<PatrolFinding, 'remediationPlanId' | 'enforcementCaseId'>>,
  ): Promise<PatrolFinding> {
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(PatrolFinding);
      const finding = await repo.findOne({ where: { id: findingId }, lock: { mode: 'pessimistic_write' } });
      if (!finding) throw DomainException.notFound('Patrol finding', findingId);
      const before = { ...finding };
      const saved = await repo.save(Object.assign(finding, change));
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'patrol_finding',
        entityId: findingId,
        before,
        after: saved,
      });
      return saved;
    });
  }

  // ---------------------------------------------------------------- photos

  /** A photo of the patrol: JPEG, PNG or WebP (recognised by its bytes), at most 8 MB, 12 per patrol. */
  async addPhoto(
    principal: Principal,
    patrolId: string,
    file: { originalname: string; buffer: Buffer; size: number } | undefined,
  ): Promise<PatrolPhoto> {
    if (!file)
      throw DomainException.invalid('file', '请选择照片 / attach the photo as the multipart field "file"');
    if (!file.size) throw DomainException.invalid('file', '照片文件为空 / the file is empty');
    const signature = IMAGE_SIGNATURES.find((s) => s.magic.every((byte, i) => file.buffer[i] === byte));
    const webpOk =
      signature?.type !== 'image/webp' || file.buffer.subarray(8, 12).toString('latin1') === 'WEBP';
    if (!signature || !webpOk)
      throw new DomainException(
        CommonErrorCode.UnsupportedMediaType,
        '巡查照片只能是 JPEG、PNG 或 WebP 图片 / patrol photos must be JPEG, PNG or WebP images',
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        [
          {
            field: 'file',
            message: '巡查照片只能是 JPEG、PNG 或 WebP 图片 / not an image (JPEG, PNG, WebP)',
          },
        ],
      );
    const storageKey = `patrols/${patrolId}/${randomUUID()}.${signature.extension}`;
    return this.dataSource.transaction(async (em) => {
      const patrol = await this.lockOwn(principal, patrolId, em);
      await this.outfalls.assertWritable(principal, patrol.outfallId, em, { requireActive: false });
      const repo = em.getRepository(PatrolPhoto);
      if ((await repo.countBy({ patrolId })) >= MAX_PATROL_PHOTOS)
        throw new PatrolException(
          PatrolErrorCode.TooManyPhotos,
          `每次巡查最多 ${MAX_PATROL_PHOTOS} 张照片 / at most ${MAX_PATROL_PHOTOS} photos per patrol`,
          'file',
        );
      const saved = await repo.save(
        repo.create({
          patrolId,
          fileName: uploadedFileName(file.originalname).slice(0, 200),
          contentType: signature.type,
          sizeBytes: file.size,
          storageKey,
          uploadedById:
            principal.kind === 'user' && /^[0-9a-f-]{36}$/i.test(principal.id) ? principal.id : null,
        }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'patrol_photo',
        entityId: saved.id,
        after: saved,
      });
      await this.storage.put(storageKey, file.buffer);
      return saved;
    });
  }

  async openPhoto(
    principal: Principal,
    patrolId: string,
    photoId: string,
  ): Promise<{ photo: PatrolPhoto; stream: Readable }> {
    await this.get(principal, patrolId);
    const photo = await this.dataSource.getRepository(PatrolPhoto).findOneBy({ id: photoId, patrolId });
    if (!photo) throw DomainException.notFound('Patrol photo', photoId);
    return { photo, stream: await this.storage.open(photo.storageKey) };
  }

  async removePhoto(principal: Principal, patrolId: string, photoId: string): Promise<void> {
    const photo = await this.dataSource.transaction(async (em) => {
      const patrol = await this.lockOwn(principal, patrolId, em);
      await this.outfalls.assertWritable(principal, patrol.outfallId, em, { requireActive: false });
      const found = await em.getRepository(PatrolPhoto).findOneBy({ id: photoId, patrolId });
      if (!found) throw DomainException.notFound('Patrol photo', photoId);
      await em.getRepository(PatrolPhoto).delete(photoId);
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'patrol_photo',
        entityId: photoId,
        before: found,
      });
      return found;
    });
    await this.storage.remove(photo.storageKey).catch(() => undefined);
  }
}
