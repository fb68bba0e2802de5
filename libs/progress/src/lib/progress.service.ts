import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { beijingToday, DomainException, Principal } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import {
  AuditAction,
  ForecastStatus,
  MilestoneType,
  ProgressMetric,
  ScopeGroup,
} from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { ProgressRollupService } from './progress-rollup.service';
import {
  Dimension,
  ForecastRow,
  MetricProgress,
  OverduePlanRow,
  Progress,
  ProgressForecast,
  ProgressGroup,
  ProgressOverdue,
  UntracedOutfallRow,
} from './progress.responses';
import { ProgressTarget } from './progress.entities';
import { addDays, daysBetween } from './quarter.util';
import { PLAN_TARGETS } from './targets.defaults';

const METRICS = Object.values(ProgressMetric);

/**
 * A rate against its target on a day: met; missed (未达标) once the deadline has come — on the deadline day
 * itself or later — without reaching it; open before; null (n/a) with no rate (zero denominator) or no target.
 */
export function targetStatus(
  rate: number | null,
  target: number | null,
  deadline: string | null,
  asOf: string,
): MetricProgress['status'] {
  if (rate === null || target === null) return null;
  if (rate >= target) return 'met';
  return deadline !== null && asOf >= deadline ? 'missed' : 'open';
}
const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** Where the counts come from: the roll-up (the product), or every outfall's raw rows (the reference). */
export type ProgressSource = 'rollup' | 'raw';

/** The breakdowns from the per-cell counts (CTE `cells`), and their labels: shared by the roll-up and the raw. */
const GROUPED = `grouped AS (
         SELECT GROUPING(water_body_id, division_id, unit_id, category, area) AS grp, is_key,
                water_body_id, division_id, unit_id, category, area,
                sum(registered)::int AS registered, sum(investigated)::int AS investigated,
                sum(traced)::int AS traced, sum(requires)::int AS requires, sum(planned)::int AS planned,
                sum(remediated)::int AS remediated
           FROM cells
          GROUP BY GROUPING SETS ((is_key), (is_key, water_body_id), (is_key, division_id), (is_key, unit_id),
                                  (is_key, category), (is_key, area))
       )
       SELECT g.grp, g.is_key,
              COALESCE(g.water_body_id::text, g.division_id::text, g.unit_id::text, g.category, g.area) AS key,
              COALESCE(w.name, d.name, u.name, g.category, g.area) AS label,
              g.registered, g.investigated, g.traced, g.requires, g.planned, g.remediated
         FROM grouped g
         LEFT JOIN water_body w ON g.grp = 15 AND w.id = g.water_body_id
         LEFT JOIN division d ON g.grp = 23 AND d.id = g.division_id
         LEFT JOIN unit u ON g.grp = 27 AND u.id = g.unit_id`;

interface CountRow {
  grp: number;
  is_key: boolean;
  key: string | null;
  label: string | null;
  registered: number;
  investigated: number;
  traced: number;
  requires: number;
  planned: number;
  remediated: number;
}

/**
 * Progress against the targets, as of any Beijing day, from the dated milestones and decisions: set-based
 * SQL (one aggregate with grouping sets for the whole city and every breakdown), so the same request for a
 * past day gives the same answer tomorrow.
 *
 * - investigation rate = outfalls investigated on site / outfalls registered
 * - plan rate = outfalls whose one-outfall-one-policy plan was submitted / outfalls that require remediation
 * - tracing rate = outfalls traced / outfalls registered
 * - remediation rate = outfalls whose remediation is completed (or verified: PROGRESS_REMEDIATION_COUNTS) /
 *   outfalls that require remediation (decided on or before the day, disposition other than keep)
 *
 * Every count includes only registrations, decisions and completions dated on or before the day. A record
 * merged into another as a duplicate (no plan of its own) is not counted; an outfall closed into another by
 * its remediation plan is, with its own milestones.
 */
@Injectable()
export class ProgressService implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly rollup: ProgressRollupService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [{ ready }] = await this.dataSource.query<{ ready: boolean }[]>(
      `SELECT to_regclass('progress_target') IS NOT NULL AS ready`,
    );
    if (ready) await this.seedTargets();
  }

  /** Loads the plan's targets into an empty table (edits are never overwritten). */
  async seedTargets(em: EntityManager = this.dataSource.manager): Promise<void> {
    if (await em.getRepository(ProgressTarget).count()) return;
    await em.getRepository(ProgressTarget).insert(PLAN_TARGETS);
  }

  targets(): Promise<ProgressTarget[]> {
    return this.dataSource
      .getRepository(ProgressTarget)
      .find({ order: { deadline: 'ASC', scope: 'ASC', metric: 'ASC' } });
  }

  async saveTarget(
    id: string | null,
    input: {
      scope: ScopeGroup;
      metric: ProgressMetric;
      deadline: string;
      threshold: number;
      note?: string;
      version?: number;
    },
  ): Promise<ProgressTarget> {
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(ProgressTarget);
      const before = id ? await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (id && !before) throw DomainException.notFound('Target', id);
      if (before && input.version !== before.version) {
        throw new DomainException(
          'VERSION_CONFLICT',
          'the target was changed by someone else; reload and try again',
          409,
          [{ field: 'version', message: `current version is ${before.version}` }],
        );
      }
      const clash = await repo.findOneBy({
        scope: input.scope,
        metric: input.metric,
        deadline: input.deadline,
      });
      if (clash && clash.id !== id)
        throw new DomainException('CONFLICT', 'a target for this scope, metric and deadline exists', 409, [
          { field: 'deadline', message: 'a target for this scope, metric and deadline exists' },
        ]);
      const saved = await repo.save(
        repo.create({
          ...(before ?? {}),
          scope: input.scope,
          metric: input.metric,
          deadline: input.deadline,
          threshold: input.threshold,
          note: input.note ?? null,
        }),
      );
      await this.audit.record(em, {
        action: before ? AuditAction.Update : AuditAction.Create,
        entityType: 'progress_target',
        entityId: saved.id,
        before,
        after: saved,
      });
      return saved;
    });
  }

  async removeTarget(id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const target = await em.getRepository(ProgressTarget).findOneBy({ id });
      if (!target) throw DomainException.notFound('Target', id);
      await em.getRepository(ProgressTarget).delete({ id });
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'progress_target',
        entityId: id,
        before: target,
      });
    });
  }

  /**
   * The counts behind every rate, for the city and each breakdown, in one statement. Every outfall is read
   * once: its flags are counted into one row per cell (is_key × river × township × unit × category × area, a
   * few thousand at most), and the grouping sets then add up the cells instead of regrouping every outfall six
   * times. Labels are joined to the few grouped rows, not to every outfall.
   */
  private async counts(
    principal: Principal,
    asOf: string,
    em: EntityManager,
    knownAt: string | null = null,
    source: ProgressSource = 'rollup',
  ): Promise<CountRow[]> {
    if (source === 'rollup') return this.rollupCounts(principal, asOf, em, knownAt);
    const done =
      this.config.PROGRESS_REMEDIATION_COUNTS === 'verified'
        ? MilestoneType.Verified
        : MilestoneType.RemediationCompleted;
    const params: unknown[] = [asOf, done];
    let scope = '';
    let scopeJoin = '';
    if (!principal.jurisdiction.cityWide) {
      params.push(principal.jurisdiction.divisionPath ?? '-');
      scopeJoin = 'JOIN division sd ON sd.id = o.division_id';
      scope = `AND (sd.path = $3 OR sd.path LIKE $3 || '/%')`;
    }
    // Knowledge time: milestones and the area flag as they stood at the end of the Beijing day knownAt (their
    // history rows, written by triggers), decisions and plans recorded by then. Without knownAt the live tables.
    let known = '';
    let events = 'outfall_event';
    let area = 'o.area';
    let flagJoin = '';
    let recorded = '';
    if (knownAt) {
      params.push(knownAt);
      const cutoff = `(($${params.length}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
      known = `known_event AS (
         SELECT outfall_id, type, effective_on FROM (
           SELECT DISTINCT ON (outfall_id, type) outfall_id, type, effective_on
             FROM outfall_event_history
            WHERE valid_from < ${cutoff} AND type IN ('registered', 'investigated', 'traced', $2)
            ORDER BY outfall_id, type, valid_from DESC, id DESC
         ) h WHERE effective_on IS NOT NULL
       ), known_flag AS (
         SELECT DISTINCT ON (outfall_id) outfall_id, area FROM outfall_flag_history
          WHERE valid_from < ${cutoff} ORDER BY outfall_id, valid_from DESC, id DESC
       ), `;
      events = 'known_event';
      area = 'COALESCE(kf.area, o.area)';
      flagJoin = 'LEFT JOIN known_flag kf ON kf.outfall_id = o.id';
      recorded = `AND %.created_at < ${cutoff}`;
    }
    const sql = `WITH ${known}township_unit AS (
         SELECT DISTINCT ON (division_id) division_id, id FROM unit WHERE kind = 'township' ORDER BY division_id, name
       ), cells AS (
         SELECT w.is_key, o.water_body_id, o.division_id, COALESCE(p.responsible_unit_id, tu.id) AS unit_id,
                o.category, ${area} AS area,
                count(*) AS registered,
                count(inv.outfall_id) AS investigated,
                count(tr.outfall_id) AS traced,
                count(*) FILTER (WHERE dec.requires_remediation AND dec.decided_on <= $1) AS requires,
                count(*) FILTER (WHERE dec.requires_remediation AND dec.decided_on <= $1 AND p.submitted_on <= $1) AS planned,
                count(*) FILTER (WHERE dec.requires_remediation AND dec.decided_on <= $1 AND fin.outfall_id IS NOT NULL) AS remediated
           FROM outfall o
           JOIN ${events} reg ON reg.outfall_id = o.id AND reg.type = 'registered' AND reg.effective_on <= $1
           JOIN water_body w ON w.id = o.water_body_id
           ${scopeJoin}
           LEFT JOIN ${events} inv ON inv.outfall_id = o.id AND inv.type = 'investigated' AND inv.effective_on <= $1
           LEFT JOIN ${events} tr ON tr.outfall_id = o.id AND tr.type = 'traced' AND tr.effective_on <= $1
           LEFT JOIN ${events} fin ON fin.outfall_id = o.id AND fin.type = $2 AND fin.effective_on <= $1
           LEFT JOIN remediation_decision dec ON dec.outfall_id = o.id ${recorded.replace('%', 'dec')}
           LEFT JOIN remediation_plan p ON p.outfall_id = o.id ${recorded.replace('%', 'p')}
           LEFT JOIN township_unit tu ON tu.division_id = o.division_id
           ${flagJoin}
          WHERE (o.status <> 'merged' OR p.id IS NOT NULL) ${scope}
          GROUP BY 1, 2, 3, 4, 5, 6
       ), ${GROUPED}`;
    // One statement that hashes about a million rows: room for its hash tables not to spill, and no JIT. An earlier
    // measurement found both helped; on the loaded bench machine the effect was within noise (bench/PROGRESS.md).
    // SET LOCAL ends with the transaction, so nothing leaks to the pooled connection.
    const run = async (tx: EntityManager) => {
      await tx.query(`SET LOCAL work_mem = '64MB'`);
      await tx.query(`SET LOCAL jit = off`);
      return tx.query<CountRow[]>(sql, params);
    };
    return em.queryRunner?.isTransactionActive ? run(em) : em.transaction(run);
  }

  /**
   * The same counts from the roll-up (docs/performance.md, "Progress roll-up"): first the roll-up catches up
   * with every committed change (the outfalls triggers marked), then one row per cell is read — the running
   * sums of its last day on or before asOf, or with knownAt the sum of its knowledge points — and the same
   * grouping sets add up the cells.
   */
  private async rollupCounts(
    principal: Principal,
    asOf: string,
    em: EntityManager,
    knownAt: string | null,
  ): Promise<CountRow[]> {
    await this.rollup.catchUp(em);
    const done = this.config.PROGRESS_REMEDIATION_COUNTS === 'verified' ? 'verified' : 'completed';
    // the city as a whole, as known now, at the end of the as-of day or later: from the per-group running sums
    if (principal.jurisdiction.cityWide && !knownAt)
      return em.query<CountRow[]>(`WITH ${this.rollup.groupedSql(done)}`, [asOf]);
    if (principal.jurisdiction.cityWide && knownAt === asOf)
      return em.query<CountRow[]>(`WITH ${this.rollup.knownGroupedSql(done)}`, [asOf]);
    if (principal.jurisdiction.cityWide && knownAt)
      return em.query<CountRow[]>(`WITH ${this.rollup.knownLaterGroupedSql(done)}`, [asOf, knownAt]);
    const params: unknown[] = [asOf];
    let scope = '';
    let scopeJoin = '';
    if (!principal.jurisdiction.cityWide) {
      params.push(principal.jurisdiction.divisionPath ?? '-');
      scopeJoin = 'JOIN division sd ON sd.id = o.division_id';
      scope = `AND (sd.path = $2 OR sd.path LIKE $2 || '/%')`;
    }
    let knownParam: string | null = null;
    if (knownAt) {
      params.push(knownAt);
      knownParam = `$${params.length}`;
    }
    const sql = `WITH cells AS (${this.rollup.cellsSql(done, knownParam, scopeJoin, scope)}), ${GROUPED}`;
    return em.query<CountRow[]>(sql, params);
  }

  /**
   * Every figure of the roll-up against the raw recompute, for each (asOf, knownAt): the list of differences
   * (empty when they agree). The reference for `progress:verify` and the roll-up's integration test.
   */
  async verify(
    days: { asOf: string; knownAt?: string | null }[],
    principal: Principal,
  ): Promise<{ asOf: string; knownAt: string | null; differences: string[] }[]> {
    const out: { asOf: string; knownAt: string | null; differences: string[] }[] = [];
    for (const { asOf, knownAt } of days) {
      const rollup = await this.compute(principal, asOf, undefined, knownAt, 'rollup');
      const raw = await this.compute(principal, asOf, undefined, knownAt, 'raw');
      const differences: string[] = [];
      const index = (p: Progress) => new Map(p.groups.map((g) => [`${g.dimension}:${g.key}`, g]));
      const a = index(rollup);
      const b = index(raw);
      for (const key of new Set([...a.keys(), ...b.keys()])) {
        const x = a.get(key);
        const y = b.get(key);
        if (!x || !y) {
          differences.push(`${key}: only in the ${x ? 'roll-up' : 'raw recompute'}`);
          continue;
        }
        if (x.label !== y.label) differences.push(`${key}: label ${x.label} ≠ ${y.label}`);
        for (const metric of METRICS)
          for (const [field, value] of Object.entries(x.metrics[metric]))
            if (value !== y.metrics[metric][field as keyof MetricProgress])
              differences.push(
                `${key} ${metric}.${field}: roll-up ${value} ≠ raw ${y.metrics[metric][field as keyof MetricProgress]}`,
              );
        for (const scope of Object.values(ScopeGroup))
          for (const metric of METRICS) {
            const u = x.scopes[scope]?.[metric];
            const v = y.scopes[scope]?.[metric];
            if (u?.numerator !== v?.numerator || u?.denominator !== v?.denominator)
              differences.push(
                `${key} ${scope} ${metric}: roll-up ${u?.numerator}/${u?.denominator} ≠ raw ${v?.numerator}/${v?.denominator}`,
              );
          }
      }
      if (rollup.groups.map((g) => g.key).join() !== raw.groups.map((g) => g.key).join())
        differences.push('the groups come in a different order');
      out.push({ asOf, knownAt: knownAt ?? null, differences });
    }
    return out;
  }

  /**
   * Progress as of the Beijing day `asOf` (field dates); with `knownAt`, as the system knew it at the end of
   * that Beijing day (docs/progress-time.md): the same request gives the same answer on any later day.
   */
  async compute(
    principal: Principal,
    asOf: string,
    em: EntityManager = this.dataSource.manager,
    knownAt?: string | null,
    source: ProgressSource = 'rollup',
  ): Promise<Progress> {
    const today = beijingToday();
    if (asOf > today) throw DomainException.invalid('asOf', 'asOf cannot be in the future');
    if (knownAt && knownAt > today)
      throw DomainException.invalid('knownAt', 'knownAt cannot be in the future');
    if (knownAt && knownAt < asOf)
      throw DomainException.invalid(
        'knownAt',
        'knownAt cannot be before asOf (nothing was known about that day yet)',
      );
    const [rows, targets] = await Promise.all([
      this.counts(principal, asOf, em, knownAt ?? null, source),
      em.getRepository(ProgressTarget).find(),
    ]);
    const groups = new Map<string, ProgressGroup>();
    for (const row of rows) {
      const dimension = this.dimensionOf(row.grp);
      const scope = row.is_key ? ScopeGroup.KeyRivers : ScopeGroup.OtherRivers;
      const keys: [Dimension, string, string][] =
        dimension === 'city'
          ? [
              ['city', 'city', '全市'],
              ['scope', scope, scope === ScopeGroup.KeyRivers ? '重点河流' : '其他河流'],
            ]
          : [[dimension, row.key ?? '-', row.label ?? '（未指定）']];
      for (const [dim, key, label] of keys) {
        const id = `${dim}:${key}`;
        let group = groups.get(id);
        if (!group) {
          group = { dimension: dim, key, label, metrics: {} as ProgressGroup['metrics'], scopes: {} };
          groups.set(id, group);
        }
        group.scopes[scope] = this.addCounts(group.scopes[scope], row);
      }
    }
    const result = [...groups.values()].map((group) => ({
      ...group,
      metrics: this.metrics(group, targets, asOf),
    }));
    const order: Dimension[] = ['city', 'scope', 'river', 'township', 'unit', 'category', 'area'];
    result.sort(
      (a, b) =>
        order.indexOf(a.dimension) - order.indexOf(b.dimension) || a.label.localeCompare(b.label, 'zh'),
    );
    if (!result.some((g) => g.dimension === 'city'))
      result.unshift({
        dimension: 'city',
        key: 'city',
        label: '全市',
        scopes: {},
        metrics: this.metrics({ scopes: {} }, targets, asOf),
      });
    return {
      asOf,
      knownAt: knownAt ?? null,
      remediationCounts: this.config.PROGRESS_REMEDIATION_COUNTS,
      groups: result,
    };
  }

  /**
   * The whole city's counts per scope group on each of `days`, as known now, from the roll-up (caught up first):
   * for each day the same numbers as the city group of `compute` for a city-wide caller on that day, without
   * recounting any outfall (the dashboard's trend and deadline gauges).
   */
  async cityScopesOn(
    days: string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, ProgressGroup['scopes']>> {
    const out = new Map<string, ProgressGroup['scopes']>();
    if (!days.length) return out;
    await this.rollup.catchUp(em);
    const done = this.config.PROGRESS_REMEDIATION_COUNTS === 'verified' ? 'verified' : 'completed';
    const rows = await em.query<(CountRow & { day: string })[]>(this.rollup.cityByDaySql(done), [days]);
    for (const row of rows) {
      const scopes = out.get(row.day) ?? {};
      scopes[row.is_key ? ScopeGroup.KeyRivers : ScopeGroup.OtherRivers] = this.addCounts(undefined, row);
      out.set(row.day, scopes);
    }
    return out;
  }

  private dimensionOf(grp: number): Dimension {
    // GROUPING(water_body_id, division_id, unit_id, category, area): a 0 bit is a grouped column
    const map: Record<number, Dimension> = {
      31: 'city',
      15: 'river',
      23: 'township',
      27: 'unit',
      29: 'category',
      30: 'area',
    };
    return map[grp] ?? 'city';
  }

  private addCounts(
    existing: Record<ProgressMetric, { numerator: number; denominator: number }> | undefined,
    row: CountRow,
  ): Record<ProgressMetric, { numerator: number; denominator: number }> {
    const base = existing ?? {
      [ProgressMetric.Investigation]: { numerator: 0, denominator: 0 },
      [ProgressMetric.Plan]: { numerator: 0, denominator: 0 },
      [ProgressMetric.Tracing]: { numerator: 0, denominator: 0 },
      [ProgressMetric.Remediation]: { numerator: 0, denominator: 0 },
    };
    base.investigation.numerator += row.investigated;
    base.investigation.denominator += row.registered;
    base.plan.numerator += row.planned;
    base.plan.denominator += row.requires;
    base.tracing.numerator += row.traced;
    base.tracing.denominator += row.registered;
    base.remediation.numerator += row.remediated;
    base.remediation.denominator += row.requires;
    return base;
  }

  /** The target in force for a scope and metric on a day: the nearest deadline on or after it, else the last. */
  targetFor(
    targets: ProgressTarget[],
    scope: ScopeGroup,
    metric: ProgressMetric,
    asOf: string,
  ): ProgressTarget | null {
    const list = targets
      .filter((t) => t.scope === scope && t.metric === metric)
      .sort((a, b) => a.deadline.localeCompare(b.deadline));
    return list.find((t) => t.deadline >= asOf) ?? list[list.length - 1] ?? null;
  }

  /** Rates of a group; a group spanning both scope groups gets the targets weighted by their denominators. */
  private metrics(group: Pick<ProgressGroup, 'scopes'>, targets: ProgressTarget[], asOf: string) {
    const out = {} as Record<ProgressMetric, MetricProgress>;
    for (const metric of METRICS) {
      let numerator = 0;
      let denominator = 0;
      let weighted = 0;
      let weight = 0;
      const deadlines: string[] = [];
      for (const scope of Object.values(ScopeGroup)) {
        const counts = group.scopes[scope]?.[metric];
        if (!counts) continue;
        numerator += counts.numerator;
        denominator += counts.denominator;
        const target = this.targetFor(targets, scope, metric, asOf);
        if (target && counts.denominator) {
          weighted += target.threshold * counts.denominator;
          weight += counts.denominator;
          deadlines.push(target.deadline);
        }
      }
      const deadline = deadlines.sort()[0] ?? null;
      const rate = denominator ? round(numerator / denominator) : null;
      const target = weight ? round(weighted / weight) : null;
      out[metric] = {
        numerator,
        denominator,
        rate,
        target,
        deadline,
        gap: rate !== null && target !== null ? round(Math.max(0, target - rate)) : null,
        met: rate !== null && target !== null ? rate >= target : null,
        status: targetStatus(rate, target, deadline, asOf),
      };
    }
    return out;
  }

  /**
   * From the pace of the last two quarters (rate now minus rate 182 days earlier), the projected rate at each
   * upcoming deadline and the day the target would be met; on track / at risk (within 10 points) / behind.
   */
  async forecast(
    principal: Principal,
    asOf: string,
    dimensions: Dimension[] = ['city', 'scope', 'township', 'unit'],
  ): Promise<ProgressForecast> {
    const earlier = addDays(asOf, -182);
    const [now, before, targets] = await Promise.all([
      this.compute(principal, asOf),
      this.compute(principal, earlier),
      this.dataSource.getRepository(ProgressTarget).find(),
    ]);
    const previous = new Map(before.groups.map((g) => [`${g.dimension}:${g.key}`, g]));
    const deadlines = [...new Set(targets.filter((t) => t.deadline >= asOf).map((t) => t.deadline))].sort();
    const rows: ForecastRow[] = [];
    for (const group of now.groups.filter((g) => dimensions.includes(g.dimension))) {
      for (const metric of METRICS) {
        const current = group.metrics[metric];
        const prior = previous.get(`${group.dimension}:${group.key}`)?.metrics[metric];
        const pace =
          current.rate !== null
            ? round(((current.rate ?? 0) - (prior?.rate ?? 0)) / daysBetween(earlier, asOf))
            : null;
        for (const deadline of deadlines) {
          const target = this.weightedTarget(group, targets, metric, deadline);
          if (target === null) continue;
          const days = daysBetween(asOf, deadline);
          const projected =
            current.rate === null || pace === null ? null : round(Math.min(1, current.rate + pace * days));
          const metOn =
            current.rate !== null && current.rate >= target
              ? asOf
              : pace && pace > 0 && current.rate !== null
                ? addDays(asOf, Math.ceil((target - current.rate) / pace))
                : null;
          const status =
            current.rate !== null && current.rate >= target
              ? ForecastStatus.Met
              : days <= 0
                ? ForecastStatus.Missed
                : projected !== null && projected >= target
                  ? ForecastStatus.OnTrack
                  : projected !== null && projected >= target - 0.1
                    ? ForecastStatus.AtRisk
                    : ForecastStatus.Behind;
          rows.push({
            dimension: group.dimension,
            key: group.key,
            label: group.label,
            metric,
            rate: current.rate,
            previousRate: prior?.rate ?? null,
            pace,
            deadline,
            target,
            projected,
            metOn,
            status,
          });
        }
      }
    }
    return { asOf, since: earlier, rows };
  }

  /** The target at exactly this deadline, weighted across the group's scope groups. */
  private weightedTarget(
    group: ProgressGroup,
    targets: ProgressTarget[],
    metric: ProgressMetric,
    deadline: string,
  ): number | null {
    let weighted = 0;
    let weight = 0;
    for (const scope of Object.values(ScopeGroup)) {
      const counts = group.scopes[scope]?.[metric];
      const target = targets.find((t) => t.scope === scope && t.metric === metric && t.deadline === deadline);
      if (counts?.denominator && target) {
        weighted += target.threshold * counts.denominator;
        weight += counts.denominator;
      }
    }
    return weight ? round(weighted / weight) : null;
  }

  /**
   * Overdue work as of a day: plans past their deadline and not completed, and outfalls registered but not
   * traced after their scope group's first tracing deadline passed.
   */
  async overdue(principal: Principal, asOf: string, limit = 200): Promise<ProgressOverdue> {
    const params: unknown[] = [asOf];
    let scope = '';
    if (!principal.jurisdiction.cityWide) {
      params.push(principal.jurisdiction.divisionPath ?? '-');
      scope = `AND (d.path = $2 OR d.path LIKE $2 || '/%')`;
    }
    const plans = await this.dataSource.query<OverduePlanRow[]>(
      `SELECT p.id, o.id AS "outfallId", o.local_code AS "localCode", o.name, d.name AS township, u.name AS unit,
              to_char(p.deadline, 'YYYY-MM-DD') AS deadline, p.status, ($1::date - p.deadline) AS "daysOverdue"
         FROM remediation_plan p JOIN outfall o ON o.id = p.outfall_id JOIN division d ON d.id = o.division_id
         JOIN unit u ON u.id = p.responsible_unit_id
        WHERE p.deadline < $1::date
          AND NOT (p.completed_on IS NOT NULL AND p.completed_on <= $1::date) ${scope}
        ORDER BY p.deadline, o.local_code`,
      params,
    );
    const untraced = await this.dataSource.query<UntracedOutfallRow[]>(
      `WITH due AS (
         SELECT scope, min(deadline) AS deadline FROM progress_target WHERE metric = 'tracing' AND deadline < $1::date GROUP BY scope
       )
       SELECT o.id AS "outfallId", o.local_code AS "localCode", o.name, d.name AS township, w.name AS water,
              to_char(due.deadline, 'YYYY-MM-DD') AS "tracingDeadline"
         FROM outfall o JOIN water_body w ON w.id = o.water_body_id JOIN division d ON d.id = o.division_id
         JOIN due ON due.scope = CASE WHEN w.is_key THEN 'key_rivers' ELSE 'other_rivers' END
         JOIN outfall_event reg ON reg.outfall_id = o.id AND reg.type = 'registered' AND reg.effective_on <= $1::date
        WHERE o.status = 'active' ${scope}
          AND NOT EXISTS (SELECT 1 FROM outfall_event tr WHERE tr.outfall_id = o.id AND tr.type = 'traced' AND tr.effective_on <= $1::date)
        ORDER BY due.deadline, o.local_code`,
      params,
    );
    return {
      asOf,
      plans: { total: plans.length, items: plans.slice(0, limit) },
      untraced: { total: untraced.length, items: untraced.slice(0, limit) },
    };
  }

  /** The four ledgers' counts as of a day (on-site investigation, water quality, tracing, rectification). */
  async ledgerCounts(asOf: string) {
    const [row] = await this.dataSource.query<Record<string, number>[]>(
      `SELECT (SELECT count(*) FROM outfall_event WHERE type = 'investigated' AND effective_on <= $1::date)::int AS investigation,
              (SELECT count(*) FROM sample WHERE sampled_at < (($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))::int AS "waterQuality",
              (SELECT count(*) FROM tracing_record WHERE traced_on <= $1::date)::int AS tracing,
              (SELECT count(*) FROM remediation_plan WHERE submitted_on <= $1::date)::int AS rectification`,
      [asOf],
    );
    return row;
  }
}
