import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainException, hasPermission, Principal } from '@outfall/common';
import {
  CLAMP_TO_DISCOVERY,
  DirectoryErrorCode,
  DirectoryException,
  OutfallEvent,
  OutfallsService,
} from '@outfall/directory';
import { Disposition, MILESTONE_LABELS, MilestoneType, Permission } from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { DispositionService } from '../disposition/disposition.service';
import { RemediationDecision } from '../disposition/remediation-decision.entity';
import { RemediationErrorCode, RemediationException } from '../remediation.exception';
import {
  BackEntryDto,
  ConfirmMilestoneDto,
  MilestoneReviewItem,
  MilestoneReviewQueryDto,
} from './back-entry.dto';

export const MANUAL_UNCONFIRMED = 'manual_unconfirmed';

/**
 * How each workflow-owned milestone is derived from its workflow's records (used when a hand-set one is
 * reverted: what the workflow says, if anything, takes its place). Dates are clamped to the discovery day.
 */
const DERIVE: Record<string, string> = {
  [MilestoneType.Monitored]: `SELECT s.outfall_id, ${CLAMP_TO_DISCOVERY("min((s.sampled_at AT TIME ZONE 'Asia/Shanghai')::date)", 'min(o.discovered_on)')}, '首次监测'
      FROM sample s JOIN outfall o ON o.id = s.outfall_id WHERE s.outfall_id = $1 GROUP BY s.outfall_id`,
  [MilestoneType.Traced]: `SELECT t.outfall_id, ${CLAMP_TO_DISCOVERY('min(t.completed_on)', 'min(o.discovered_on)')}, '溯源完成'
      FROM tracing_record t JOIN outfall o ON o.id = t.outfall_id WHERE t.outfall_id = $1 AND t.complete GROUP BY t.outfall_id`,
  [MilestoneType.RemediationDecided]: `SELECT d.outfall_id, d.decided_on, d.disposition FROM remediation_decision d WHERE d.outfall_id = $1`,
  [MilestoneType.RemediationCompleted]: `SELECT p.outfall_id, ${CLAMP_TO_DISCOVERY('p.completed_on', 'o.discovered_on')}, '一口一策'
      FROM remediation_plan p JOIN outfall o ON o.id = p.outfall_id WHERE p.outfall_id = $1 AND p.completed_on IS NOT NULL`,
  [MilestoneType.Verified]: `SELECT p.outfall_id, ${CLAMP_TO_DISCOVERY('p.verified_on', 'o.discovered_on')}, '一口一策'
      FROM remediation_plan p JOIN outfall o ON o.id = p.outfall_id WHERE p.outfall_id = $1 AND p.verified_on IS NOT NULL`,
};

/**
 * Historical back-entry (补录) of remediation done before the platform existed, by the ecology-environment
 * branch, and the review of workflow-owned milestones that were set by hand before the rule (docs/milestones.md).
 */
@Injectable()
export class BackEntryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outfalls: OutfallsService,
    private readonly dispositions: DispositionService,
  ) {}

  private assertEcoBranch(principal: Principal): void {
    if (!hasPermission(principal, Permission.Approve))
      throw DomainException.forbidden(
        'only the ecology-environment branch back-enters and reviews milestones',
      );
  }

  async backEnter(principal: Principal, outfallId: string, dto: BackEntryDto): Promise<OutfallEvent[]> {
    this.assertEcoBranch(principal);
    return this.dataSource.transaction((em) => this.backEnterIn(em, principal, outfallId, dto));
  }

  /**
   * Records the completion (and verification) as back-entered in the caller's transaction, and the
   * disposition when none was decided. Refused when a remediation plan exists (the plan owns them).
   */
  async backEnterIn(
    em: EntityManager,
    principal: Principal,
    outfallId: string,
    dto: BackEntryDto,
  ): Promise<OutfallEvent[]> {
    this.assertEcoBranch(principal);
    const outfall = await this.outfalls.assertWritable(principal, outfallId, em, { requireActive: false });
    const [plan] = await em.query<{ id: string }[]>(`SELECT id FROM remediation_plan WHERE outfall_id = $1`, [
      outfallId,
    ]);
    if (plan)
      throw new RemediationException(
        RemediationErrorCode.PlanExists,
        `this outfall has a remediation plan (${plan.id}): its completion and verification go through the plan`,
        'outfallId',
      );
    const events = await em.getRepository(OutfallEvent).findBy({ outfallId });
    const owned = events.find(
      (e) =>
        (e.type === MilestoneType.RemediationCompleted || e.type === MilestoneType.Verified) &&
        e.source === 'workflow',
    );
    if (owned)
      throw new DirectoryException(
        DirectoryErrorCode.MilestoneOwnedByWorkflow,
        `${MILESTONE_LABELS[owned.type].en} was set by the remediation_plan workflow`,
        'completedOn',
      );
    if (dto.verifiedOn && dto.verifiedOn < dto.completedOn)
      throw new RemediationException(
        RemediationErrorCode.Dates,
        `verification cannot precede completion (${dto.completedOn})`,
        'verifiedOn',
      );
    const decision = await em.getRepository(RemediationDecision).findOneBy({ outfallId });
    if (!decision) {
      if (!dto.disposition)
        throw DomainException.invalid(
          'disposition',
          'the outfall has no disposition decision: give the disposition taken then (disposition, decidedOn)',
        );
      if (!dto.decidedOn)
        throw DomainException.invalid('decidedOn', 'give the day the disposition was decided (decidedOn)');
      await this.dispositions.decideIn(em, principal, outfallId, {
        disposition: dto.disposition,
        decidedOn: dto.decidedOn,
        reason: `补录：${dto.reason.trim()}`,
      });
    } else if (dto.disposition && dto.disposition !== decision.disposition) {
      throw DomainException.invalid(
        'disposition',
        `the outfall was decided as ${decision.disposition}; change the decision itself (PUT /outfalls/:id/disposition)`,
      );
    }
    const disposition = dto.disposition ?? decision?.disposition;
    if (disposition === Disposition.Keep)
      throw new RemediationException(
        RemediationErrorCode.NotRequired,
        'the outfall is kept as it is: there is no remediation to back-enter',
        'disposition',
      );
    const photoIds = [...new Set(dto.photoIds ?? [])];
    if (photoIds.length) {
      const [{ count }] = await em.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM outfall_attachment
          WHERE outfall_id = $1 AND id = ANY($2::uuid[]) AND kind IN ('photo', 'signage_photo')`,
        [outfallId, photoIds],
      );
      if (count !== photoIds.length)
        throw DomainException.invalid('photoIds', 'photoIds must be photos uploaded to this outfall');
    }
    const backEntry = { reason: dto.reason.trim(), document: dto.documentRef.trim(), photoIds };
    await this.outfalls.writeMilestone(
      em,
      outfall,
      MilestoneType.RemediationCompleted,
      dto.completedOn,
      '补录',
      'back_entry',
      { field: 'completedOn', backEntry },
    );
    if (dto.verifiedOn)
      await this.outfalls.writeMilestone(
        em,
        outfall,
        MilestoneType.Verified,
        dto.verifiedOn,
        '补录',
        'back_entry',
        { field: 'verifiedOn', backEntry },
      );
    return em.getRepository(OutfallEvent).find({ where: { outfallId }, order: { effectiveOn: 'ASC' } });
  }

  /** Workflow-owned milestones set by hand before the rule, within the caller's jurisdiction (all for the CLI). */
  async reviewList(
    principal: Principal | null,
    query: MilestoneReviewQueryDto = {},
  ): Promise<MilestoneReviewItem[]> {
    const params: unknown[] = [MANUAL_UNCONFIRMED];
    let scope = '';
    if (principal) {
      const sub = this.outfalls.visible(principal).select('outfall.id');
      const [sql, subParams] = sub.getQueryAndParameters();
      scope = `AND o.id IN (${sql.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + 1}`)})`;
      params.push(...subParams);
    }
    let extra = '';
    if (query.type) {
      params.push(query.type);
      extra += ` AND e.type = $${params.length}`;
    }
    if (query.search) {
      params.push(`%${query.search}%`);
      extra += ` AND (o.local_code ILIKE $${params.length} OR o.name ILIKE $${params.length})`;
    }
    return this.dataSource.query<MilestoneReviewItem[]>(
      `SELECT e.outfall_id AS "outfallId", o.local_code AS "localCode", o.name, e.type,
              to_char(e.effective_on, 'YYYY-MM-DD') AS "effectiveOn", e.source, e.note, e.recorded_at AS "recordedAt"
         FROM outfall_event e JOIN outfall o ON o.id = e.outfall_id
        WHERE e.review_state = $1 ${scope}${extra}
        ORDER BY o.local_code, e.effective_on`,
      params,
    );
  }

  /** A milestone waiting for review; for a revert, a back-entry too (one entered by mistake is taken back). */
  private async reviewable(
    em: EntityManager,
    principal: Principal,
    outfallId: string,
    type: MilestoneType,
    action: 'confirm' | 'revert',
  ) {
    this.assertEcoBranch(principal);
    await this.outfalls.assertWritable(principal, outfallId, em, { requireActive: false });
    const event = await em.getRepository(OutfallEvent).findOneBy({ outfallId, type });
    if (!event) throw DomainException.notFound('Milestone', type);
    const backEntry = action === 'revert' && event.backEntered;
    if (event.reviewState !== MANUAL_UNCONFIRMED && !backEntry)
      throw new DirectoryException(
        DirectoryErrorCode.MilestoneNotReviewable,
        `${MILESTONE_LABELS[type].en} is not waiting for review`,
        'type',
      );
    return event;
  }

  /** The hand-set milestone stands, as a back-entry with the reason and document given now. */
  async confirm(
    principal: Principal,
    outfallId: string,
    type: MilestoneType,
    dto: ConfirmMilestoneDto,
  ): Promise<OutfallEvent> {
    return this.dataSource.transaction(async (em) => {
      await this.reviewable(em, principal, outfallId, type, 'confirm');
      await this.outfalls.auditMilestones(em, [outfallId], [type], async () => {
        await em.getRepository(OutfallEvent).update(
          { outfallId, type },
          {
            source: 'back_entry',
            backEntered: true,
            backEntryReason: dto.reason.trim(),
            backEntryDocument: dto.documentRef.trim(),
            reviewState: null,
          },
        );
      });
      return em.getRepository(OutfallEvent).findOneByOrFail({ outfallId, type });
    });
  }

  /**
   * The hand-set milestone (or a back-entry entered by mistake) goes; what its workflow's records say (if
   * anything) takes its place.
   */
  async revert(principal: Principal, outfallId: string, type: MilestoneType): Promise<OutfallEvent | null> {
    return this.dataSource.transaction(async (em) => {
      await this.reviewable(em, principal, outfallId, type, 'revert');
      await this.outfalls.auditMilestones(em, [outfallId], [type], async () => {
        await em.getRepository(OutfallEvent).delete({ outfallId, type });
        await em.query(
          `INSERT INTO outfall_event (outfall_id, effective_on, note, type, source)
           SELECT d.*, $2, 'workflow' FROM (${DERIVE[type]}) AS d`,
          [outfallId, type],
        );
      });
      return em.getRepository(OutfallEvent).findOneBy({ outfallId, type });
    });
  }
}
