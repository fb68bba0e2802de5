import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { beijingToday, DomainException, PageResult, Principal } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import {
  assertGeometry,
  MULTI_FROM_GEOJSON,
  Outfall,
  OutfallsService,
  OutfallStatus,
} from '@outfall/directory';
import { AuditAction, Disposition, MilestoneType } from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { DecideDispositionDto, DispositionQueryDto, SewerCoverageDto } from '../dto/remediation.dto';
import { RemediationErrorCode, RemediationException } from '../remediation.exception';
import {
  DispositionView,
  SewerCoverageCollection,
  SewerCoverageCreated,
  Suggestion,
} from '../dto/remediation.responses';
import { DispositionFacts, suggestDisposition } from './disposition.rules';
import { RemediationDecision } from './remediation-decision.entity';
import { SewerCoverageArea } from './sewer-coverage-area.entity';

/** Suggests each outfall's disposition from the plan's rules and records the officer's decision. */
@Injectable()
export class DispositionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly outfalls: OutfallsService,
  ) {}

  /** The facts for many outfalls in one statement, then the rules in code. */
  async suggest(em: EntityManager, outfallIds: string[]): Promise<Map<string, Suggestion>> {
    if (!outfallIds.length) return new Map();
    const rows = await em.query<(DispositionFacts & { id: string })[]>(
      `SELECT o.id, o.category, o.sub_type AS "subType", to_char(o.discovered_on, 'YYYY-MM-DD') AS "discoveredOn",
              COALESCE((SELECT json_agg(json_build_object('name', p.name, 'kind', p.kind,
                                         'designatedOn', to_char(p.designated_on, 'YYYY-MM-DD')) ORDER BY p.name)
                          FROM protected_area p WHERE ST_Intersects(p.geometry, o.location)), '[]'::json) AS zones,
              EXISTS (SELECT 1 FROM sewer_coverage_area c WHERE ST_Intersects(c.geometry, o.location)) AS "inSewerCoverage",
              (SELECT t.sewage_origin FROM tracing_record t WHERE t.outfall_id = o.id
                ORDER BY t.complete DESC, t.traced_on DESC LIMIT 1) AS "sewageOrigin",
              COALESCE((SELECT e.kind = 'enterprise' AND NOT e.in_industrial_park
                               AND (SELECT count(*) FROM outfall_entity l2 JOIN outfall o2 ON o2.id = l2.outfall_id
                                     WHERE l2.entity_id = e.id AND o2.status = 'active') > 1
                          FROM outfall_entity l JOIN responsible_entity e ON e.id = l.entity_id
                         WHERE l.outfall_id = o.id AND l.is_main), false) AS "enterpriseWithSeveralOutfalls",
              (SELECT count(*)::int FROM outfall n
                WHERE n.id <> o.id AND n.status = 'active' AND n.sub_type = 'small_aquaculture'
                  AND n.water_body_id = o.water_body_id
                  AND ST_DWithin(n.location::geography, o.location::geography, $2)) AS "smallAquacultureNeighbours",
              (SELECT s.exceeding FROM sample s WHERE s.outfall_id = o.id ORDER BY s.sampled_at DESC LIMIT 1)
                AS "lastSampleExceeding",
              o.signage_installed AS "signageInstalled", o.setup_approval AS "setupApproval",
              EXISTS (SELECT 1 FROM outfall_entity l WHERE l.outfall_id = o.id AND NOT l.is_main
                         AND NOT l.metering_installed) AS "sharedWithoutMetering",
              COALESCE((SELECT p.problems FROM remediation_plan p WHERE p.outfall_id = o.id), '{}') AS "planProblems"
         FROM outfall o WHERE o.id = ANY($1::uuid[])`,
      [outfallIds, this.config.AQUACULTURE_CLUSTER_DISTANCE_M],
    );
    return new Map(rows.map(({ id, ...facts }) => [id, suggestDisposition(facts)]));
  }

  async forOutfall(principal: Principal, outfallId: string): Promise<DispositionView> {
    const outfall = await this.outfalls.get(principal, outfallId);
    const [suggestion, decision] = await Promise.all([
      this.suggest(this.dataSource.manager, [outfallId]).then((m) => m.get(outfallId) as Suggestion),
      this.dataSource.getRepository(RemediationDecision).findOneBy({ outfallId }),
    ]);
    return {
      outfallId,
      localCode: outfall.localCode,
      name: outfall.name,
      category: outfall.category,
      suggestion,
      decision,
    };
  }

  /** Outfalls with their suggestion and decision (filters of the plan list; `decided` narrows). */
  async list(principal: Principal, query: DispositionQueryDto): Promise<PageResult<DispositionView>> {
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const qb = this.outfalls
      .filtered(principal, {
        waterBodyId: query.waterBodyId,
        divisionId: query.divisionId,
        category: query.category,
        status: OutfallStatus.Active,
      })
      .leftJoin(RemediationDecision, 'd', 'd.outfall_id = outfall.id');
    if (query.decided !== undefined) qb.andWhere(`d.outfall_id IS ${query.decided ? 'NOT ' : ''}NULL`);
    const total = await qb.getCount();
    const outfalls: Outfall[] = await qb.orderBy('outfall.localCode').skip(offset).take(limit).getMany();
    const ids = outfalls.map((o) => o.id);
    const [suggestions, decisions] = await Promise.all([
      this.suggest(this.dataSource.manager, ids),
      ids.length
        ? this.dataSource
            .getRepository(RemediationDecision)
            .createQueryBuilder('d')
            .where('d.outfall_id IN (:...ids)', { ids })
            .getMany()
        : Promise.resolve([]),
    ]);
    const decisionOf = new Map(decisions.map((d) => [d.outfallId, d]));
    return {
      items: outfalls.map((o) => ({
        outfallId: o.id,
        localCode: o.localCode,
        name: o.name,
        category: o.category,
        suggestion: suggestions.get(o.id) as Suggestion,
        decision: decisionOf.get(o.id) ?? null,
      })),
      total,
      limit,
      offset,
    };
  }

  /**
   * Records the decision (an officer of the ecology-environment branch): a reason is required when it
   * departs from the suggestion; the decision day becomes the "remediation decided" milestone.
   */
  async decide(
    principal: Principal,
    outfallId: string,
    dto: DecideDispositionDto,
  ): Promise<RemediationDecision> {
    return this.dataSource.transaction((em) => this.decideIn(em, principal, outfallId, dto));
  }

  /** `decide` inside the caller's transaction (back-entry records the decision with the remediation). */
  async decideIn(
    em: EntityManager,
    principal: Principal,
    outfallId: string,
    dto: DecideDispositionDto,
  ): Promise<RemediationDecision> {
    const outfall = await this.outfalls.assertWritable(principal, outfallId, em, { requireActive: false });
    const suggestion = (await this.suggest(em, [outfallId])).get(outfallId) as Suggestion;
    const interim = dto.disposition === Disposition.Ban ? (dto.interim ?? suggestion.interim) : false;
    const departs = dto.disposition !== suggestion.disposition || interim !== suggestion.interim;
    if (departs && !dto.reason?.trim()) {
      throw new RemediationException(
        RemediationErrorCode.ReasonRequired,
        `the suggestion is ${suggestion.disposition}${suggestion.interim ? ' (interim measures)' : ''}; give a reason to decide otherwise`,
        'reason',
      );
    }
    if (dto.decidedOn > beijingToday())
      throw new RemediationException(
        RemediationErrorCode.Dates,
        'decidedOn cannot be in the future',
        'decidedOn',
      );
    if (dto.decidedOn < outfall.discoveredOn)
      throw new RemediationException(
        RemediationErrorCode.Dates,
        `decidedOn cannot be before the outfall was discovered (${outfall.discoveredOn})`,
        'decidedOn',
      );
    const plan = await em.query<{ status: string }[]>(
      `SELECT status FROM remediation_plan WHERE outfall_id = $1`,
      [outfallId],
    );
    if (plan.length && dto.disposition === Disposition.Keep) {
      throw new RemediationException(
        RemediationErrorCode.PlanExists,
        'this outfall has a remediation plan; it cannot be kept as it is',
        'disposition',
      );
    }
    const repo = em.getRepository(RemediationDecision);
    const before = await repo.findOneBy({ outfallId });
    const decision = await repo.save(
      repo.create({
        ...(before ?? {}),
        outfallId,
        suggested: suggestion.disposition,
        suggestionReasons: suggestion.reasons,
        disposition: dto.disposition,
        interim,
        reason: dto.reason?.trim() || null,
        decidedOn: dto.decidedOn,
        decidedBy: principal.name,
        requiresRemediation: dto.disposition !== Disposition.Keep,
      }),
    );
    await this.outfalls.auditMilestones(em, [outfallId], [MilestoneType.RemediationDecided], () =>
      em.query(
        `INSERT INTO outfall_event (outfall_id, type, effective_on, source, note) VALUES ($1, $2, $3, 'workflow', $4)
           ON CONFLICT (outfall_id, type) DO UPDATE SET effective_on = EXCLUDED.effective_on, note = EXCLUDED.note,
                  source = 'workflow', recorded_at = now(), review_state = NULL`,
        [outfallId, MilestoneType.RemediationDecided, dto.decidedOn, dto.disposition],
      ),
    );
    await this.audit.record(em, {
      action: before ? AuditAction.Update : AuditAction.Create,
      entityType: 'remediation_decision',
      entityId: outfallId,
      before,
      after: decision,
    });
    return decision;
  }

  async decision(em: EntityManager, outfallId: string): Promise<RemediationDecision | null> {
    return em.getRepository(RemediationDecision).findOneBy({ outfallId });
  }

  /** Sewer coverage as a GeoJSON FeatureCollection. */
  async coverage(): Promise<SewerCoverageCollection> {
    const rows = await this.dataSource.query<
      { id: string; name: string; geometry: object; version: number }[]
    >(
      `SELECT id, name, version, ST_AsGeoJSON(geometry)::json AS geometry FROM sewer_coverage_area ORDER BY name`,
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

  async addCoverage(dto: SewerCoverageDto): Promise<SewerCoverageCreated> {
    const geometry = assertGeometry('geometry', dto.geometry, 'area');
    return this.dataSource.transaction(async (em) => {
      const [row] = await em.query<{ id: string }[]>(
        `INSERT INTO sewer_coverage_area (name, geometry, version) VALUES ($1, ${MULTI_FROM_GEOJSON('$2')}, 1) RETURNING id`,
        [dto.name, geometry],
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'sewer_coverage_area',
        entityId: row.id,
        after: { name: dto.name },
      });
      return row;
    });
  }

  async removeCoverage(id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const area = await em.getRepository(SewerCoverageArea).findOneBy({ id });
      if (!area) throw DomainException.notFound('Sewer coverage area', id);
      await em.getRepository(SewerCoverageArea).delete({ id });
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'sewer_coverage_area',
        entityId: id,
        before: area,
      });
    });
  }
}
