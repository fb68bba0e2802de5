import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { beijingToday, DomainException, hasPermission, Principal } from '@outfall/common';
import { ExceedanceService } from '@outfall/monitoring';
import { PatrolsService } from '@outfall/patrols';
import {
  addDays,
  daysBetween,
  ProgressService,
  ProgressTarget,
  quarterEnd,
  quarterName,
  nextQuarter,
  type OverduePlanRow,
  type ProgressGroup,
  type Quarter,
  type UntracedOutfallRow,
} from '@outfall/progress';
import {
  ForecastStatus,
  MILESTONE_ORDER,
  Permission,
  ProgressMetric,
  Role,
  ScopeGroup,
} from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { Dashboard, DashboardGauge, DashboardTrendPoint } from './dashboard.responses';

const METRICS = Object.values(ProgressMetric);
const round = (value: number) => Math.round(value * 10_000) / 10_000;
/** The first quarter of the campaign on the trend chart (the plan was issued in 2023Q3). */
const FIRST_QUARTER: Quarter = { year: 2023, q: 3 };
/** How many rows each list on the dashboard carries (the total is always given; the list page has the rest). */
const TOP = 5;

/**
 * The 工作台: the figures of the caller's role in a few statements. Progress figures come from ProgressService
 * (the same numbers as GET /progress for the same day); the trend is one statement over every quarter end;
 * overdue work, stages and to-dos are a handful of counts, all inside the caller's jurisdiction.
 */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly progress: ProgressService,
    private readonly exceedances: ExceedanceService,
    private readonly patrols: PatrolsService,
  ) {}

  /** The outfall scope of the caller, as SQL on `o` (outfall) and `d` (its division), with its parameters. */
  private scope(principal: Principal, params: unknown[]): string {
    const parts: string[] = [];
    if (!principal.jurisdiction.cityWide) {
      params.push(principal.jurisdiction.divisionPath ?? '-');
      const p = `$${params.length}`;
      parts.push(`(d.path = ${p} OR d.path LIKE ${p} || '/%')`);
    }
    if (principal.role === Role.SectorDepartment && principal.sectorCategories.length) {
      params.push([...principal.sectorCategories]);
      parts.push(`o.category = ANY($${params.length}::varchar[])`);
    }
    return parts.length ? `AND ${parts.join(' AND ')}` : '';
  }

  isCityView(principal: Principal): boolean {
    return principal.jurisdiction.cityWide && principal.role !== Role.SectorDepartment;
  }

  async get(principal: Principal, asOf = beijingToday()): Promise<Dashboard> {
    if (asOf > beijingToday()) throw DomainException.invalid('asOf', 'asOf cannot be in the future');
    const city = this.isCityView(principal);
    const divisionId = principal.jurisdiction.divisionId;
    const [figures, stages, overdue, todos, chronic, division] = await Promise.all([
      city ? this.cityFigures(principal, asOf) : null,
      this.stages(principal, asOf),
      this.overdue(principal, asOf),
      this.todos(principal, asOf, city),
      city ? this.exceedances.chronic(principal, { limit: TOP, offset: 0 }) : null,
      divisionId
        ? this.dataSource.query<{ name: string }[]>(`SELECT name FROM division WHERE id = $1`, [divisionId])
        : [],
    ]);
    todos.push({ kind: 'patrolsOverdue', count: overdue.patrols.total });
    return {
      asOf,
      view: city ? 'city' : 'local',
      scope: {
        cityWide: principal.jurisdiction.cityWide,
        divisionId: divisionId ?? null,
        divisionName: division[0]?.name ?? null,
        unitId: principal.unitId,
        categories: principal.role === Role.SectorDepartment ? [...principal.sectorCategories] : [],
      },
      gauges: figures?.gauges ?? null,
      trend: figures?.trend ?? null,
      rankings: figures?.rankings ?? null,
      chronic: chronic ? { total: chronic.total, items: chronic.items } : null,
      stages,
      overdue,
      todos,
    };
  }

  // ---------------------------------------------------------------- progress: gauges, trend, rankings

  private async cityFigures(principal: Principal, asOf: string) {
    const targets = await this.dataSource
      .getRepository(ProgressTarget)
      .find({ order: { deadline: 'ASC', metric: 'ASC' } });
    const quarters: { quarter: string; day: string }[] = [];
    for (let q = FIRST_QUARTER; quarterEnd(q) < asOf; q = nextQuarter(q))
      quarters.push({ quarter: quarterName(q), day: quarterEnd(q) });
    const earlier = addDays(asOf, -182);
    const deadlines = [...new Set(targets.map((t) => t.deadline))].filter((d) => d <= asOf);
    const days = [...new Set([...quarters.map((q) => q.day), ...deadlines, earlier])].sort();
    // today from ProgressService itself (rankings and gauges equal GET /progress); the other days from the
    // roll-up's whole-city running sums (the city view is city-wide: no scope to apply)
    const [now, series] = await Promise.all([
      this.progress.compute(principal, asOf),
      this.progress.cityScopesOn(days),
    ]);
    const nowScopes = now.groups.find((g) => g.dimension === 'city')?.scopes ?? {};
    const rateOf = (scopes: ProgressGroup['scopes'], metric: ProgressMetric, only?: ScopeGroup[]) => {
      let numerator = 0;
      let denominator = 0;
      for (const scope of only ?? Object.values(ScopeGroup)) {
        numerator += scopes[scope]?.[metric].numerator ?? 0;
        denominator += scopes[scope]?.[metric].denominator ?? 0;
      }
      return { numerator, denominator, rate: denominator ? round(numerator / denominator) : null };
    };

    const gauges: DashboardGauge[] = [];
    for (const deadline of [...new Set(targets.map((t) => t.deadline))]) {
      for (const metric of METRICS) {
        const here = targets.filter((t) => t.deadline === deadline && t.metric === metric);
        if (!here.length) continue;
        const scopes = here.map((t) => t.scope).sort();
        const current = rateOf(nowScopes, metric, scopes);
        // the target weighted by today's denominators (as the forecast does); unweighted with none yet
        let weighted = 0;
        let weight = 0;
        for (const t of here) {
          const d = nowScopes[t.scope]?.[metric].denominator ?? 0;
          weighted += t.threshold * d;
          weight += d;
        }
        const target = round(
          weight ? weighted / weight : here.reduce((sum, t) => sum + t.threshold, 0) / here.length,
        );
        let rateAtDeadline: number | null = null;
        let projected: number | null = null;
        let status: ForecastStatus | null = null;
        if (deadline <= asOf) {
          rateAtDeadline =
            deadline === asOf ? current.rate : rateOf(series.get(deadline) ?? {}, metric, scopes).rate;
          status =
            rateAtDeadline === null
              ? null
              : rateAtDeadline >= target
                ? ForecastStatus.Met
                : ForecastStatus.Missed;
        } else if (current.rate !== null) {
          const prior = rateOf(series.get(earlier) ?? {}, metric, scopes).rate ?? 0;
          const pace = round((current.rate - prior) / daysBetween(earlier, asOf));
          projected = round(Math.min(1, current.rate + pace * daysBetween(asOf, deadline)));
          status =
            current.rate >= target
              ? ForecastStatus.Met
              : projected >= target
                ? ForecastStatus.OnTrack
                : projected >= target - 0.1
                  ? ForecastStatus.AtRisk
                  : ForecastStatus.Behind;
        }
        gauges.push({ deadline, metric, scopes, target, ...current, rateAtDeadline, projected, status });
      }
    }

    const ratesOf = (scopes: ProgressGroup['scopes']) =>
      Object.fromEntries(METRICS.map((m) => [m, rateOf(scopes, m).rate])) as Record<
        ProgressMetric,
        number | null
      >;
    const trend: DashboardTrendPoint[] = quarters.map((q) => ({
      quarter: q.quarter,
      asOf: q.day,
      current: false,
      rates: ratesOf(series.get(q.day) ?? {}),
    }));
    trend.push({ quarter: 'now', asOf, current: true, rates: ratesOf(nowScopes) });

    const ranking = (dimension: 'township' | 'unit') =>
      now.groups
        .filter((g) => g.dimension === dimension)
        .map((g) => ({
          key: g.key,
          label: g.label,
          registered: g.metrics.investigation.denominator,
          rates: Object.fromEntries(METRICS.map((m) => [m, g.metrics[m].rate])) as Record<
            ProgressMetric,
            number | null
          >,
        }))
        .sort(
          (a, b) =>
            (b.rates.remediation ?? -1) - (a.rates.remediation ?? -1) ||
            (b.rates.tracing ?? -1) - (a.rates.tracing ?? -1) ||
            a.label.localeCompare(b.label, 'zh'),
        );
    return { gauges, trend, rankings: { townships: ranking('township'), units: ranking('unit') } };
  }

  // ---------------------------------------------------------------- stages, overdue work, to-dos

  /**
   * Active outfalls registered by the day, by their furthest milestone (registered … verified): one pass over
   * the milestones up to the day (one row per outfall and type), the furthest per outfall by its rank.
   */
  private async stages(principal: Principal, asOf: string) {
    const params: unknown[] = [[...MILESTONE_ORDER], asOf];
    const scope = this.scope(principal, params);
    const rows = await this.dataSource.query<{ rank: number; count: number }[]>(
      `SELECT s.rank, count(*)::int AS count FROM (
         SELECT max(array_position($1::varchar[], e.type::varchar)) AS rank
           FROM outfall o JOIN division d ON d.id = o.division_id
           JOIN outfall_event e ON e.outfall_id = o.id AND e.effective_on <= $2::date
          WHERE o.status = 'active' ${scope}
          GROUP BY o.id
       ) s WHERE s.rank IS NOT NULL GROUP BY s.rank`,
      params,
    );
    return MILESTONE_ORDER.map((stage, i) => ({
      stage: stage as string,
      count: rows.find((r) => r.rank === i + 1)?.count ?? 0,
    }));
  }

  /** Plans past their deadline and not completed, outfalls untraced past their tracing deadline, overdue patrols. */
  private async overdue(principal: Principal, asOf: string) {
    const params: unknown[] = [asOf];
    const scope = this.scope(principal, params);
    const [plans, untraced, patrols] = await Promise.all([
      this.dataSource.query<(OverduePlanRow & { total: number })[]>(
        `SELECT p.id, o.id AS "outfallId", o.local_code AS "localCode", o.name, d.name AS township,
                u.name AS unit, to_char(p.deadline, 'YYYY-MM-DD') AS deadline, p.status,
                ($1::date - p.deadline) AS "daysOverdue", count(*) OVER ()::int AS total
           FROM remediation_plan p JOIN outfall o ON o.id = p.outfall_id JOIN division d ON d.id = o.division_id
           JOIN unit u ON u.id = p.responsible_unit_id
          WHERE p.deadline < $1::date AND NOT (p.completed_on IS NOT NULL AND p.completed_on <= $1::date) ${scope}
          ORDER BY p.deadline, o.local_code LIMIT ${TOP}`,
        params,
      ),
      this.dataSource.query<(UntracedOutfallRow & { total: number })[]>(
        `WITH due AS (
           SELECT scope, min(deadline) AS deadline FROM progress_target
            WHERE metric = 'tracing' AND deadline < $1::date GROUP BY scope
         )
         SELECT o.id AS "outfallId", o.local_code AS "localCode", o.name, d.name AS township, w.name AS water,
                to_char(due.deadline, 'YYYY-MM-DD') AS "tracingDeadline", count(*) OVER ()::int AS total
           FROM outfall o JOIN water_body w ON w.id = o.water_body_id JOIN division d ON d.id = o.division_id
           JOIN due ON due.scope = CASE WHEN w.is_key THEN 'key_rivers' ELSE 'other_rivers' END
           JOIN outfall_event reg ON reg.outfall_id = o.id AND reg.type = 'registered' AND reg.effective_on <= $1::date
          WHERE o.status = 'active' ${scope}
            AND NOT EXISTS (SELECT 1 FROM outfall_event tr WHERE tr.outfall_id = o.id AND tr.type = 'traced'
                                                              AND tr.effective_on <= $1::date)
          ORDER BY due.deadline, o.local_code LIMIT ${TOP}`,
        params,
      ),
      this.patrols.schedules(
        principal,
        { overdue: true, limit: TOP, offset: 0, sort: '-daysOverdue' },
        { asOf },
      ),
    ]);
    const list = <T>(rows: (T & { total: number })[]) => ({
      total: rows[0]?.total ?? 0,
      items: rows.map(({ total: _total, ...row }) => row as T),
    });
    return {
      plans: list(plans),
      untraced: list(untraced),
      patrols: { total: patrols.total, items: patrols.items },
    };
  }

  /**
   * Today's to-dos. City view: plans to review, completions to verify, notice answers to review, notices
   * overdue. Local view: plans to write or resubmit, outfalls without a sample in the last year, patrols
   * overdue (from the overdue block), notices to answer.
   */
  private async todos(principal: Principal, asOf: string, city: boolean) {
    const params: unknown[] = [];
    const scope = this.scope(principal, params);
    // the day becomes a parameter only if a part uses it: PostgreSQL refuses a statement with an unused one
    // (the city view without notices, e.g. the water bureau's)
    let dayParam: string | null = null;
    const day = () => {
      if (!dayParam) dayParam = `$${params.push(asOf)}::date`;
      return dayParam;
    };
    const plans = (where: string) =>
      `(SELECT count(*) FROM remediation_plan p JOIN outfall o ON o.id = p.outfall_id
          JOIN division d ON d.id = o.division_id WHERE ${where} ${scope})::int`;
    let sql: string;
    if (city) {
      const notices = hasPermission(principal, Permission.AccountabilityManage);
      sql = `SELECT ${plans(`p.status = 'submitted'`)} AS "plansToReview",
                    ${plans(`p.status = 'completed'`)} AS "completionsToVerify",
                    ${notices ? `(SELECT count(*) FROM supervision_notice WHERE status = 'answered')::int` : '0'} AS "noticeAnswersToReview",
                    ${notices ? `(SELECT count(*) FROM supervision_notice WHERE status IN ('sent', 'returned') AND due_on < ${day()})::int` : '0'} AS "noticesOverdue"`;
    } else {
      params.push(principal.unitId);
      const unit = `$${params.length}::uuid`;
      sql = `SELECT ${plans(`p.status = 'draft'`)}
                    + (SELECT count(*) FROM remediation_decision dec JOIN outfall o ON o.id = dec.outfall_id
                         JOIN division d ON d.id = o.division_id
                        WHERE dec.requires_remediation AND dec.decided_on <= ${day()} AND o.status = 'active'
                          AND NOT EXISTS (SELECT 1 FROM remediation_plan p WHERE p.outfall_id = o.id) ${scope})::int
                      AS "plansToSubmit",
                    (SELECT count(*) FROM outfall o JOIN division d ON d.id = o.division_id
                      WHERE o.status = 'active' ${scope}
                        AND NOT EXISTS (SELECT 1 FROM sample s WHERE s.outfall_id = o.id
                                          AND s.sampled_at >= ((${day()} - 365)::timestamp AT TIME ZONE 'Asia/Shanghai')))::int
                      AS "samplesMissing",
                    (SELECT count(*) FROM supervision_notice WHERE unit_id = ${unit} AND status IN ('sent', 'returned'))::int
                      AS "noticesToAnswer"`;
    }
    const [row] = await this.dataSource.query<Record<string, number>[]>(sql, params);
    return Object.entries(row).map(([kind, count]) => ({ kind, count: Number(count) }));
  }
}
