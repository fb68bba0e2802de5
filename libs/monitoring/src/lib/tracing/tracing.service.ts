import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { beijingToday, DomainException, PageResult, paginate, Principal } from '@outfall/common';
import { CLAMP_TO_DISCOVERY, OutfallsService } from '@outfall/directory';
import { assertVersion } from '@outfall/org';
import { AuditAction, MilestoneType } from '@outfall/shared-types';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { MonitoringFilterDto, TracingDto, TracingQueryDto, UpdateTracingDto } from '../dto/monitoring.dto';
import { PollutionSourceView } from '../dto/monitoring.responses';
import { IndicatorsService } from '../indicators/indicators.service';
import { missingCodesSql } from '../indicators/required-indicators.service';
import { MonitoringErrorCode, MonitoringException } from '../monitoring.exception';
import { actorId, SamplesService } from '../samples/samples.service';
import { TracingRecord, TracingSource } from './tracing-record.entity';

/** A candidate source (部门基础清单 item) picked by a tracing source. */
interface CandidateRef {
  name: string;
  matchedEntityId: string | null;
}

/** Tracing records (溯源), the "traced" milestone they set, and the pollution-source list (污染源清单). */
@Injectable()
export class TracingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outfalls: OutfallsService,
    private readonly samples: SamplesService,
    private readonly indicators: IndicatorsService,
  ) {}

  filtered(principal: Principal, query: MonitoringFilterDto): SelectQueryBuilder<TracingRecord> {
    const qb = this.dataSource
      .getRepository(TracingRecord)
      .createQueryBuilder('t')
      .leftJoinAndSelect('t.sources', 'src')
      .innerJoin('t.outfall', 'o')
      .addSelect(['o.id', 'o.localCode', 'o.name', 'o.category']);
    this.samples.scopeToOutfalls(qb, 't.outfall_id', principal, query);
    if (query.from) qb.andWhere('t.traced_on >= :from', { from: query.from });
    if (query.to) qb.andWhere('t.traced_on <= :to', { to: query.to });
    if (query.complete !== undefined) qb.andWhere('t.complete = :complete', { complete: query.complete });
    if (query.indicator) qb.andWhere(':factor = ANY(t.main_factors)', { factor: query.indicator });
    return qb;
  }

  list(principal: Principal, query: TracingQueryDto): Promise<PageResult<TracingRecord>> {
    return paginate(
      this.filtered(principal, query),
      query,
      { tracedOn: 't.tracedOn', completedOn: 't.completedOn', createdAt: 't.createdAt' },
      '-tracedOn',
      't.id',
    );
  }

  async get(
    principal: Principal,
    id: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<TracingRecord> {
    const record = await em
      .getRepository(TracingRecord)
      .findOne({ where: { id }, relations: { sources: true }, order: { sources: { position: 'ASC' } } });
    if (!record) throw DomainException.notFound('Tracing record', id);
    await this.outfalls.get(principal, record.outfallId, em).catch(() => {
      throw DomainException.notFound('Tracing record', id);
    });
    return record;
  }

  async create(principal: Principal, outfallId: string, dto: TracingDto): Promise<TracingRecord> {
    const id = await this.dataSource.transaction(async (em) => {
      const outfall = await this.outfalls.assertWritable(principal, outfallId, em, { requireActive: false });
      const candidates = await this.check(em, outfallId, outfall.discoveredOn, dto);
      const repo = em.getRepository(TracingRecord);
      const record = await repo.save(
        repo.create({
          ...this.fields(dto),
          outfallId,
          createdById: actorId(principal),
          sources: this.sources(dto, candidates),
        }),
      );
      await this.syncTracedMilestone(em, outfallId);
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'tracing_record',
        entityId: record.id,
        after: record,
      });
      return record.id;
    });
    return this.get(principal, id);
  }

  async update(principal: Principal, id: string, dto: UpdateTracingDto): Promise<TracingRecord> {
    await this.dataSource.transaction(async (em) => {
      const before = await this.get(principal, id, em);
      const outfall = await this.outfalls.assertWritable(principal, before.outfallId, em, {
        requireActive: false,
      });
      assertVersion('Tracing record', before.version, dto.version);
      const candidates = await this.check(em, before.outfallId, outfall.discoveredOn, dto);
      await em.getRepository(TracingSource).delete({ tracingId: id });
      const repo = em.getRepository(TracingRecord);
      const after = await repo.save(
        repo.create({
          ...before,
          ...this.fields(dto),
          sources: this.sources(dto, candidates),
          version: before.version,
        }),
      );
      await this.syncTracedMilestone(em, before.outfallId);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'tracing_record',
        entityId: id,
        before,
        after,
      });
    });
    return this.get(principal, id);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const record = await this.get(principal, id, em);
      await this.outfalls.assertWritable(principal, record.outfallId, em, { requireActive: false });
      await em.getRepository(TracingRecord).delete({ id });
      await this.syncTracedMilestone(em, record.outfallId);
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'tracing_record',
        entityId: id,
        before: record,
      });
    });
  }

  private fields(dto: TracingDto) {
    return {
      tracedOn: dto.tracedOn,
      method: dto.method,
      sewageOrigin: dto.sewageOrigin ?? null,
      mainFactors: [...new Set(dto.mainFactors ?? [])],
      conclusion: dto.conclusion?.trim() || null,
      complete: dto.complete ?? false,
      completedOn: dto.complete ? (dto.completedOn ?? null) : null,
      attachmentIds: dto.attachmentIds ?? [],
    };
  }

  /**
   * A source picked from the candidate sources keeps the link to the list item, links the responsible entity
   * its credit code matched (unless one is given) and is described by the item's name unless described.
   */
  private sources(dto: TracingDto, candidates: Map<string, CandidateRef>): TracingSource[] {
    return (dto.sources ?? []).map((s, position) => {
      const candidate = s.candidateSourceId ? candidates.get(s.candidateSourceId) : undefined;
      return Object.assign(new TracingSource(), {
        entityId: s.entityId ?? candidate?.matchedEntityId ?? null,
        description: s.description?.trim() || candidate?.name || null,
        candidateSourceId: s.candidateSourceId ?? null,
        position,
      });
    });
  }

  /** Dates in order and not in the future, known factors, existing entities, the outfall's own attachments. */
  private async check(
    em: EntityManager,
    outfallId: string,
    discoveredOn: string,
    dto: TracingDto,
  ): Promise<Map<string, CandidateRef>> {
    const today = beijingToday();
    const dates = (field: string, message: string) =>
      new MonitoringException(MonitoringErrorCode.TracingDates, message, field);
    if (dto.tracedOn > today) throw dates('tracedOn', 'tracedOn cannot be in the future');
    if (dto.tracedOn < discoveredOn)
      throw dates('tracedOn', `tracedOn cannot be before the outfall was discovered (${discoveredOn})`);
    if (dto.complete && !dto.completedOn)
      throw DomainException.invalid('completedOn', 'a complete tracing needs its completion date');
    if (!dto.complete && dto.completedOn)
      throw DomainException.invalid('complete', 'set complete to true to record a completion date');
    if (dto.completedOn && dto.completedOn > today)
      throw dates('completedOn', 'completedOn cannot be in the future');
    if (dto.completedOn && dto.completedOn < dto.tracedOn)
      throw dates('completedOn', 'completedOn cannot be before tracedOn');
    const catalogue = await this.indicators.byCode(em);
    const unknown = (dto.mainFactors ?? []).filter((code) => !catalogue.has(code));
    if (unknown.length) {
      throw new MonitoringException(
        MonitoringErrorCode.UnknownIndicator,
        `unknown indicators: ${unknown.join(', ')}`,
        'mainFactors',
      );
    }
    const sources = dto.sources ?? [];
    const index = sources.findIndex((s) => !s.entityId && !s.description?.trim() && !s.candidateSourceId);
    if (index >= 0)
      throw DomainException.invalid(
        `sources[${index}]`,
        'a source needs a responsible entity or a description',
      );
    const entityIds = [...new Set(sources.map((s) => s.entityId).filter((id): id is string => !!id))];
    if (entityIds.length) {
      const [{ count }] = await em.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM responsible_entity WHERE id = ANY($1::uuid[])`,
        [entityIds],
      );
      if (count !== entityIds.length)
        throw DomainException.invalid(
          'sources',
          'some sources name a responsible entity that does not exist',
        );
    }
    if (dto.attachmentIds?.length) await this.samples.checkAttachments(em, outfallId, dto.attachmentIds);
    const candidateIds = [
      ...new Set(sources.map((s) => s.candidateSourceId).filter((id): id is string => !!id)),
    ];
    const candidates = new Map<string, CandidateRef>();
    if (candidateIds.length) {
      const rows = await em.query<(CandidateRef & { id: string })[]>(
        `SELECT id, name, matched_entity_id AS "matchedEntityId" FROM source_list_item WHERE id = ANY($1::uuid[])`,
        [candidateIds],
      );
      rows.forEach((row) => candidates.set(row.id, row));
      const missing = sources.findIndex((s) => s.candidateSourceId && !candidates.has(s.candidateSourceId));
      if (missing >= 0)
        throw DomainException.invalid(
          `sources[${missing}].candidateSourceId`,
          '所选候选污染源不存在 / the candidate source does not exist',
        );
    }
    return candidates;
  }

  /**
   * The "traced" milestone is the earliest completion among the outfall's complete tracing records; with
   * none it goes, unless it was back-entered or set by hand before the rule (awaiting review). Audited under
   * the outfall.
   */
  async syncTracedMilestone(em: EntityManager, outfallId: string): Promise<void> {
    await this.outfalls.auditMilestones(em, [outfallId], [MilestoneType.Traced], async () => {
      // a completion older than the outfall's discovery sets the milestone on the discovery day
      await em.query(
        `INSERT INTO outfall_event (outfall_id, type, effective_on, source, note)
         SELECT $1, $2, ${CLAMP_TO_DISCOVERY('min(t.completed_on)', '(SELECT discovered_on FROM outfall WHERE id = $1)')}, 'workflow', '溯源完成'
           FROM tracing_record t WHERE t.outfall_id = $1 AND t.complete HAVING count(*) > 0
         ON CONFLICT (outfall_id, type) DO UPDATE SET effective_on = EXCLUDED.effective_on, recorded_at = now()
          WHERE outfall_event.source = 'workflow' AND outfall_event.effective_on <> EXCLUDED.effective_on`,
        [outfallId, MilestoneType.Traced],
      );
      await em.query(
        `DELETE FROM outfall_event e WHERE e.outfall_id = $1 AND e.type = $2 AND e.source = 'workflow'
            AND NOT EXISTS (SELECT 1 FROM tracing_record t WHERE t.outfall_id = $1 AND t.complete)`,
        [outfallId, MilestoneType.Traced],
      );
    });
  }

  /**
   * The pollution-source list: one row per traced outfall (its latest complete record, else its latest
   * record) with sources, main pollutants, the latest flow and the latest sample's status.
   */
  async pollutionSources(
    principal: Principal,
    query: MonitoringFilterDto & { limit?: number; offset?: number },
  ): Promise<PageResult<PollutionSourceView>> {
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const base = this.outfalls
      .filtered(principal, {
        waterBodyId: query.waterBodyId,
        divisionId: query.divisionId,
        category: query.category,
      })
      .innerJoin(
        `(SELECT DISTINCT ON (outfall_id) * FROM tracing_record ORDER BY outfall_id, complete DESC, traced_on DESC, created_at DESC)`,
        't',
        't.outfall_id = outfall.id',
      );
    if (query.outfallId) base.andWhere('outfall.id = :psOutfall', { psOutfall: query.outfallId });
    if (query.complete !== undefined)
      base.andWhere('t.complete = :psComplete', { psComplete: query.complete });
    if (query.indicator) base.andWhere(':psFactor = ANY(t.main_factors)', { psFactor: query.indicator });
    // the latest sample's missing required indicators, computed on read (set-based, no per-row queries)
    const latest = `(SELECT ls.id FROM sample ls WHERE ls.outfall_id = outfall.id ORDER BY ls.sampled_at DESC, ls.id LIMIT 1)`;
    const missing = `ARRAY(SELECT ps.code FROM sample lx, LATERAL (${missingCodesSql('lx', 'outfall')}) ps(code)
                            WHERE lx.id = ${latest} ORDER BY 1)`;
    if (query.missingRequired !== undefined)
      base.andWhere(`cardinality(${missing}) ${query.missingRequired ? '>' : '='} 0`);
    // one row per outfall (its latest tracing record), so COUNT(*) needs no DISTINCT; the count and the page go
    // out together, each on a pooled connection
    const counting = base
      .clone()
      .select('COUNT(*)', 'n')
      .getRawOne<{ n: string }>()
      .then((row) => Number(row?.n ?? 0));
    counting.catch(() => undefined);
    const rows = await base
      .leftJoin('outfall.waterBody', 'water')
      .select([
        'outfall.id AS "outfallId"',
        'outfall.local_code AS "localCode"',
        'outfall.name AS name',
        'outfall.category AS category',
        'water.name AS "waterName"',
        'division.name AS "divisionName"',
        't.id AS "tracingId"',
        `to_char(t.traced_on, 'YYYY-MM-DD') AS "tracedOn"`,
        't.complete AS complete',
        `to_char(t.completed_on, 'YYYY-MM-DD') AS "completedOn"`,
        't.sewage_origin AS "sewageOrigin"',
        't.main_factors AS "mainFactors"',
        't.conclusion AS conclusion',
        `COALESCE((SELECT json_agg(json_build_object('entityId', src.entity_id, 'name', e.name, 'creditCode', e.credit_code, 'description', src.description) ORDER BY src.position)
                     FROM tracing_source src LEFT JOIN responsible_entity e ON e.id = src.entity_id
                    WHERE src.tracing_id = t.id), '[]'::json) AS sources`,
        `(SELECT v.value FROM sample_value v JOIN sample s ON s.id = v.sample_id
           WHERE s.outfall_id = outfall.id AND v.indicator_code = 'flow' ORDER BY s.sampled_at DESC LIMIT 1) AS "latestFlow"`,
        `(SELECT max(s.sampled_at) FROM sample s WHERE s.outfall_id = outfall.id) AS "lastSampledAt"`,
        `(SELECT s.exceeding FROM sample s WHERE s.outfall_id = outfall.id ORDER BY s.sampled_at DESC LIMIT 1) AS "lastSampleExceeding"`,
        `ARRAY(SELECT v.indicator_code FROM sample_value v
                WHERE v.compliant = false
                  AND v.sample_id = (SELECT s.id FROM sample s WHERE s.outfall_id = outfall.id ORDER BY s.sampled_at DESC LIMIT 1)
                ORDER BY 1) AS "lastExceedingIndicators"`,
        `${missing} AS "missingIndicators"`,
      ])
      .orderBy('outfall.local_code')
      .offset(offset)
      .limit(limit)
      .getRawMany<Omit<PollutionSourceView, 'missingRequired'>>();
    const total = await counting;
    // missingRequired from the array already read, not by computing the missing indicators a second time
    const items = rows.map((row) => ({ ...row, missingRequired: row.missingIndicators.length > 0 }));
    return { items, total, limit, offset };
  }
}
