import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainException, PageResult, paginate, Principal } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { OutfallsService } from '@outfall/directory';
import { DataSource } from 'typeorm';
import { ExceedanceQueryDto, MonitoringFilterDto } from '../dto/monitoring.dto';
import {
  ChronicOutfallView,
  ExceedanceView,
  LatestReading,
  OutfallMonitoringStatus,
} from '../dto/monitoring.responses';
import { StandardsService } from '../standards/standards.service';
import { SampleValue } from './sample.entity';
import { periodWhere, SamplesService } from './samples.service';

/** Exceedance lists, per-outfall status and the chronic flag (N of the last M samples exceed). */
@Injectable()
export class ExceedanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly outfalls: OutfallsService,
    private readonly samples: SamplesService,
    private readonly standards: StandardsService,
  ) {}

  get chronicRule() {
    return { count: this.config.CHRONIC_EXCEEDANCE_COUNT, window: this.config.CHRONIC_EXCEEDANCE_WINDOW };
  }

  /**
   * Every exceeding reading matching the filter, newest first by default. One page query (a value joins its one
   * sample and outfall, so no DISTINCT) ordered with a unique tie-break (sample, indicator), and beside it a count
   * that joins only what the filters need: for a city-wide caller without outfall, period or source filters, an
   * index-only count over sample_value_exceeding_idx.
   */
  async list(principal: Principal, query: ExceedanceQueryDto): Promise<PageResult<ExceedanceView>> {
    const repo = this.dataSource.getRepository(SampleValue);
    const filtered = (joinSample: boolean) => {
      const qb = repo.createQueryBuilder('v').where('v.compliant = false');
      if (joinSample) {
        qb.innerJoin('v.sample', 's');
        this.samples.scopeToOutfalls(qb, 's.outfall_id', principal, query);
        periodWhere(qb, 's.sampled_at', query);
        if (query.source) qb.andWhere('s.source = :source', { source: query.source });
      }
      if (query.indicator) qb.andWhere('v.indicator_code = :indicator', { indicator: query.indicator });
      return qb;
    };
    // the count joins the sample only when a filter asks something of it
    const countNeedsSample =
      !this.samples.seesEveryOutfall(principal, query) || Boolean(query.from || query.to || query.source);
    return paginate(
      filtered(true).innerJoin('s.outfall', 'o'),
      query,
      {
        sampledAt: 's.sampledAt',
        exceedanceMultiple: 'v.exceedanceMultiple',
        indicator: 'v.indicatorCode',
      },
      '-sampledAt',
      ['v.sampleId', 'v.indicatorCode'],
      {
        countQuery: filtered(countNeedsSample),
        // plain rows in the view's shape: no entity hydration
        load: (page) =>
          page
            .select([
              'v.sample_id AS "sampleId"',
              'o.id AS "outfallId"',
              'o.local_code AS "outfallCode"',
              'o.name AS "outfallName"',
              's.sampled_at AS "sampledAt"',
              's.source AS source',
              'v.indicator_code AS indicator',
              'v.value AS value',
              'v.qualifier AS qualifier',
              'v.limit_text AS "limitText"',
              'v.limit_value AS "limitValue"',
              'v.exceedance_multiple AS "exceedanceMultiple"',
              'v.deviation AS deviation',
              'v.deviation_direction AS "deviationDirection"',
              'v.explanation_zh AS "explanationZh"',
              'v.explanation_en AS "explanationEn"',
              's.standard_id AS "standardId"',
              'v.rule_source AS "ruleSource"',
            ])
            .getRawMany(),
      },
    ) as unknown as Promise<PageResult<ExceedanceView>>; // the rows are the view, not entities
  }

  /** Latest reading per indicator, exceedances in the last 12 months and the chronic flag. */
  async outfallStatus(principal: Principal, outfallId: string): Promise<OutfallMonitoringStatus> {
    await this.outfalls.get(principal, outfallId);
    const { count, window } = this.chronicRule;
    const [latest, [totals], recent, resolution] = await Promise.all([
      this.dataSource.query<LatestReading[]>(
        `SELECT DISTINCT ON (v.indicator_code) v.indicator_code AS indicator, v.value, v.qualifier,
                s.sampled_at AS "sampledAt", s.id AS "sampleId", v.limit_text AS "limitText", v.compliant,
                v.exceedance_multiple AS "exceedanceMultiple", v.deviation,
                v.deviation_direction AS "deviationDirection", v.explanation_zh AS "explanationZh",
                v.explanation_en AS "explanationEn"
           FROM sample_value v JOIN sample s ON s.id = v.sample_id
          WHERE s.outfall_id = $1
          ORDER BY v.indicator_code, s.sampled_at DESC`,
        [outfallId],
      ),
      this.dataSource.query<{ samples: number; exceeding: number; last: Date | null }[]>(
        `SELECT count(*) FILTER (WHERE sampled_at >= now() - interval '12 months')::int AS samples,
                count(*) FILTER (WHERE sampled_at >= now() - interval '12 months' AND exceeding)::int AS exceeding,
                max(sampled_at) AS last
           FROM sample WHERE outfall_id = $1`,
        [outfallId],
      ),
      this.dataSource.query<{ exceeding: boolean }[]>(
        `SELECT exceeding FROM sample WHERE outfall_id = $1 ORDER BY sampled_at DESC LIMIT $2`,
        [outfallId, window],
      ),
      this.standards.resolution(principal, outfallId),
    ]);
    const recentExceeding = recent.filter((r) => r.exceeding).length;
    return {
      outfallId,
      standardId: resolution.standard.id,
      standardName: resolution.standard.nameZh,
      explanation: resolution.explanation,
      zone: resolution.zone,
      latest,
      lastSampledAt: totals.last,
      samplesLast12Months: totals.samples,
      exceedingLast12Months: totals.exceeding,
      recentSamples: recent.length,
      recentExceeding,
      chronic: recentExceeding >= count,
      chronicRule: { count, window },
    };
  }

  /**
   * Outfalls where at least N of the last M samples (within the period, when given) exceed — for one
   * indicator when `indicator` is set.
   */
  async chronic(
    principal: Principal,
    query: MonitoringFilterDto & { limit?: number; offset?: number },
  ): Promise<PageResult<ChronicOutfallView>> {
    const { count, window } = this.chronicRule;
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    if (query.from && query.to && query.from > query.to)
      throw DomainException.invalid('to', 'to must not be before from');
    const scope = this.outfalls
      .filtered(principal, {
        waterBodyId: query.waterBodyId,
        divisionId: query.divisionId,
        category: query.category,
      })
      .select('outfall.id');
    if (query.outfallId) scope.andWhere('outfall.id = :chronicOutfall', { chronicOutfall: query.outfallId });
    const [scopeSql, scopeParams] = scope.getQueryAndParameters();
    const params: unknown[] = [...scopeParams];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ['s.outfall_id = o.id'];
    if (query.from)
      where.push(`s.sampled_at >= (${p(query.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
    if (query.to)
      where.push(`s.sampled_at < ((${p(query.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
    if (query.source) where.push(`s.source = ${p(query.source)}`);
    let exceeding = 's.exceeding';
    if (query.indicator) {
      const indicator = p(query.indicator);
      where.push(
        `EXISTS (SELECT 1 FROM sample_value iv WHERE iv.sample_id = s.id AND iv.indicator_code = ${indicator})`,
      );
      exceeding = `EXISTS (SELECT 1 FROM sample_value cv WHERE cv.sample_id = s.id AND cv.indicator_code = ${indicator} AND cv.compliant = false)`;
    }
    // Only an outfall with an exceeding sample (in the period, from the source) can have N ≥ 1 of its last M
    // exceeding: those few candidates come from the partial index on exceeding samples, instead of looking up
    // the last samples of every outfall (100,000 lookups at 100,000 outfalls). With an indicator, "exceeding"
    // is that indicator's value, so every outfall stays a candidate.
    const from =
      !query.indicator && count >= 1
        ? `(SELECT DISTINCT s.outfall_id FROM sample s WHERE s.exceeding${where
            .slice(1)
            .map((w) => ` AND ${w}`)
            .join('')}) cand JOIN outfall o ON o.id = cand.outfall_id`
        : 'outfall o';
    // the last M samples of each outfall through the (outfall_id, sampled_at, …) index, not a window over all samples
    const chronic = `
      SELECT o.id AS outfall_id, count(*)::int AS recent_samples,
             (count(*) FILTER (WHERE r.exceeding))::int AS recent_exceeding, max(r.sampled_at) AS last_sampled_at
        FROM ${from}
        CROSS JOIN LATERAL (SELECT s.sampled_at, ${exceeding} AS exceeding FROM sample s
                             WHERE ${where.join(' AND ')} ORDER BY s.sampled_at DESC LIMIT ${p(window)}) r
       WHERE o.id IN (${scopeSql})
       GROUP BY o.id
      HAVING count(*) FILTER (WHERE r.exceeding) >= ${p(count)}`;
    // the count and the page at once (the count takes the parameters before the page's own)
    const countParams = [...params];
    const [[{ total }], items] = await Promise.all([
      this.dataSource.query<{ total: number }[]>(
        `SELECT count(*)::int AS total FROM (${chronic}) c`,
        countParams,
      ),
      this.dataSource.query<ChronicOutfallView[]>(
        `SELECT o.id AS "outfallId", o.local_code AS "localCode", o.name, o.category, w.name AS "waterName",
              d.name AS "divisionName", c.recent_samples AS "recentSamples", c.recent_exceeding AS "recentExceeding",
              c.last_sampled_at AS "lastSampledAt"
         FROM (${chronic}) c
         JOIN outfall o ON o.id = c.outfall_id JOIN water_body w ON w.id = o.water_body_id
         JOIN division d ON d.id = o.division_id
        ORDER BY c.recent_exceeding DESC, o.local_code
        LIMIT ${p(limit)} OFFSET ${p(offset)}`,
        params,
      ),
    ]);
    return { items, total, limit, offset };
  }
}
