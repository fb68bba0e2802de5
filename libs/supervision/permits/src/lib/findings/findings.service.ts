import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { beijingToday, PageResult, Principal, sortKeys } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { FindingKind } from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { FindingFilterDto, FindingQueryDto } from '../dto/permits.dto';
import { addDays } from '../permits/permit-rules';
import { MonitoringFinding } from './finding.view';
import { FINDINGS_CTE, PERIOD_LABEL } from './findings.sql';

const SORTABLE: Record<string, string> = {
  periodEnd: 'f.period_end',
  outfallCode: 'o.local_code',
  township: 'd.name',
  indicator: 'f.indicator_code',
  kind: 'f.kind',
  status: 'f.status',
};

/** The as-of point of a computation: periods ended by `lastDay`, samples recorded by `recordedBy`. */
export interface FindingsAsOf {
  lastDay: string;
  recordedBy: Date;
}

/**
 * Missing-data findings: non-receipt against the permits' self-monitoring duty (未按要求自行监测) and missed
 * samples against the monitoring schedules, computed set-based in one query on read (see `findings.sql.ts`).
 */
@Injectable()
export class FindingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Live: every period that ended before today (Beijing) and every sample recorded so far. */
  live(): FindingsAsOf {
    return { lastDay: addDays(beijingToday(), -1), recordedBy: new Date() };
  }

  /** The WHERE clause and parameters (after $1–$3) of a filter within the caller's jurisdiction. */
  private where(principal: Principal | null, filter: FindingFilterDto, params: unknown[]): string {
    const clauses: string[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      clauses.push(sql(`$${params.length}`));
    };
    if (principal && !principal.jurisdiction.cityWide) {
      const path = principal.jurisdiction.divisionPath ?? '-';
      add((n) => `(d.path = ${n} OR d.path LIKE ${n} || '/%')`, path);
    }
    if (filter.kind) add((n) => `f.kind = ${n}`, filter.kind);
    if (filter.status) add((n) => `f.status = ${n}`, filter.status);
    if (filter.divisionId)
      add(
        (n) => `(d.id = ${n}::uuid OR d.path LIKE (SELECT path || '/%' FROM division WHERE id = ${n}::uuid))`,
        filter.divisionId,
      );
    if (filter.entityId) add((n) => `f.entity_id = ${n}::uuid`, filter.entityId);
    if (filter.outfallId) add((n) => `f.outfall_id = ${n}::uuid`, filter.outfallId);
    if (filter.unitId) add((n) => `f.unit_id = ${n}::uuid`, filter.unitId);
    if (filter.permitId) add((n) => `f.permit_id = ${n}::uuid`, filter.permitId);
    if (filter.indicatorCode) add((n) => `f.indicator_code = ${n}`, filter.indicatorCode);
    if (filter.frequency) add((n) => `f.frequency = ${n}`, filter.frequency);
    if (filter.periodFrom) add((n) => `f.period_end >= ${n}::date`, filter.periodFrom);
    if (filter.periodTo) add((n) => `f.period_end <= ${n}::date`, filter.periodTo);
    return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  }

  private order(sort: string | undefined): string {
    // blanks last in both directions
    const parts = sortKeys(sort ?? '-periodEnd', SORTABLE).map(
      ({ column, descending }) => `${column} ${descending ? 'DESC' : 'ASC'} NULLS LAST`,
    );
    return [...parts, 'o.local_code', 'f.indicator_code NULLS FIRST', 'f.period_start', 'f.ref_id'].join(
      ', ',
    );
  }

  /** A page of findings, filtered and sorted, within the caller's jurisdiction (one query). */
  async list(
    principal: Principal | null,
    query: FindingQueryDto,
    asOf: FindingsAsOf = this.live(),
    em: EntityManager = this.dataSource.manager,
  ): Promise<PageResult<MonitoringFinding>> {
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const params: unknown[] = [asOf.lastDay, asOf.recordedBy, this.config.MONITORING_DUE_DAYS];
    const where = this.where(principal, query, params);
    const order = this.order(query.sort);
    params.push(limit, offset);
    const rows = await em.query<(MonitoringFinding & { total: number })[]>(
      `WITH ${FINDINGS_CTE}
       SELECT f.kind || ':' || f.ref_id || ':' || COALESCE(f.indicator_code, '*') || ':' || to_char(f.period_start, 'YYYY-MM-DD') AS id,
              f.kind, f.status, f.outfall_id AS "outfallId", o.local_code AS "outfallCode", o.name AS "outfallName",
              d.id AS "divisionId", d.name AS "divisionName", f.entity_id AS "entityId", e.name AS "entityName",
              f.unit_id AS "unitId", u.name AS "unitName", f.permit_id AS "permitId", f.permit_number AS "permitNumber",
              f.outlet_code AS "outletCode", f.schedule_id AS "scheduleId", f.indicator_code AS "indicatorCode",
              i.name_zh AS "indicatorName", f.frequency, ${PERIOD_LABEL} AS period,
              to_char(f.period_start, 'YYYY-MM-DD') AS "periodStart", to_char(f.period_end, 'YYYY-MM-DD') AS "periodEnd",
              to_char(f.due_on, 'YYYY-MM-DD') AS "dueOn", f.recorded_at AS "receivedAt",
              count(*) OVER ()::int AS total
         FROM finding f
         JOIN outfall o ON o.id = f.outfall_id
         JOIN division d ON d.id = o.division_id
         LEFT JOIN responsible_entity e ON e.id = f.entity_id
         LEFT JOIN unit u ON u.id = f.unit_id
         LEFT JOIN indicator i ON i.code = f.indicator_code
         ${where}
        ORDER BY ${order}
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    if (!rows.length && offset > 0) {
      const total = await this.count(principal, query, asOf, em);
      return { items: [], total, limit, offset };
    }
    const total = rows[0]?.total ?? 0;
    return {
      items: rows.map(({ total: _total, ...item }) => item as MonitoringFinding),
      total,
      limit,
      offset,
    };
  }

  async count(
    principal: Principal | null,
    filter: FindingFilterDto,
    asOf: FindingsAsOf = this.live(),
    em: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const params: unknown[] = [asOf.lastDay, asOf.recordedBy, this.config.MONITORING_DUE_DAYS];
    const where = this.where(principal, filter, params);
    const [row] = await em.query<{ n: number }[]>(
      `WITH ${FINDINGS_CTE}
       SELECT count(*)::int AS n FROM finding f JOIN outfall o ON o.id = f.outfall_id JOIN division d ON d.id = o.division_id ${where}`,
      params,
    );
    return row.n;
  }

  /** Counts per kind for one outfall (all ended periods). */
  async countsFor(outfallId: string): Promise<Record<FindingKind, number>> {
    const asOf = this.live();
    const rows = await this.dataSource.query<{ kind: FindingKind; n: number }[]>(
      `WITH ${FINDINGS_CTE} SELECT f.kind, count(*)::int AS n FROM finding f WHERE f.outfall_id = $4 GROUP BY f.kind`,
      [asOf.lastDay, asOf.recordedBy, this.config.MONITORING_DUE_DAYS, outfallId],
    );
    const counts = { [FindingKind.NonReceipt]: 0, [FindingKind.MissedSample]: 0 };
    for (const row of rows) counts[row.kind] = row.n;
    return counts;
  }

  /** Findings per township (of the outfall) as of a day: for the dispatch report. */
  byTownship(
    asOf: FindingsAsOf,
  ): Promise<
    { division: string; nonReceipt: number; missedSample: number; outfalls: number; entities: number }[]
  > {
    return this.dataSource.query(
      `WITH ${FINDINGS_CTE}
       SELECT t.name AS division,
              count(*) FILTER (WHERE f.kind = 'non_receipt')::int AS "nonReceipt",
              count(*) FILTER (WHERE f.kind = 'missed_sample')::int AS "missedSample",
              count(DISTINCT f.outfall_id)::int AS outfalls,
              count(DISTINCT f.entity_id) FILTER (WHERE f.kind = 'non_receipt')::int AS entities
         FROM finding f
         JOIN outfall o ON o.id = f.outfall_id
         JOIN division d ON d.id = o.division_id
         JOIN division t ON t.path = split_part(d.path, '/', 1) || '/' || split_part(d.path, '/', 2)
                         OR (t.id = d.id AND d.path NOT LIKE '%/%')
        GROUP BY t.name ORDER BY "nonReceipt" DESC, "missedSample" DESC, t.name`,
      [asOf.lastDay, asOf.recordedBy, this.config.MONITORING_DUE_DAYS],
    );
  }
}
