import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import {
  beijingToday,
  DomainException,
  hasPermission,
  PageResult,
  paginate,
  Principal,
} from '@outfall/common';
import { CLAMP_TO_DISCOVERY, Outfall, OutfallsService, OutfallStatus } from '@outfall/directory';
import { Unit } from '@outfall/org';
import {
  AuditAction,
  MilestoneType,
  PlanAction,
  PlanStatus,
  TargetState,
  WebhookEventType,
} from '@outfall/shared-types';
import { WebhookEvents } from '@outfall/webhooks';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { DispositionService } from '../disposition/disposition.service';
import {
  CreatePlanDto,
  PlanDto,
  PlanFilterDto,
  PlanQueryDto,
  TransitionDto,
  UpdatePlanDto,
} from '../dto/remediation.dto';
import { OverdueGroup } from '../dto/remediation.responses';
import { RemediationErrorCode, RemediationException } from '../remediation.exception';
import { keepsDischarging, TRANSITIONS } from './plan-workflow';
import { RemediationPlan, RemediationPlanVersion } from './remediation-plan.entity';

export const PLAN_SORTABLE = {
  deadline: 'plan.deadline',
  status: 'plan.status',
  createdAt: 'plan.createdAt',
  updatedAt: 'plan.updatedAt',
};

/** One-outfall-one-policy plans (一口一策): drafting, the verified close-out workflow, versions, overdue. */
@Injectable()
export class PlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outfalls: OutfallsService,
    private readonly dispositions: DispositionService,
    private readonly webhooks: WebhookEvents,
  ) {}

  /** Plans whose outfall the caller may see, narrowed by the filter. */
  filtered(
    principal: Principal,
    filter: PlanFilterDto,
    em?: EntityManager,
  ): SelectQueryBuilder<RemediationPlan> {
    const sub = this.outfalls
      .filtered(principal, {
        waterBodyId: filter.waterBodyId,
        divisionId: filter.divisionId,
        category: filter.category,
      })
      .select('outfall.id');
    const qb = (em ?? this.dataSource.manager)
      .getRepository(RemediationPlan)
      .createQueryBuilder('plan')
      .innerJoin('plan.outfall', 'o')
      .addSelect(['o.id', 'o.localCode', 'o.name', 'o.category', 'o.divisionId', 'o.waterBodyId', 'o.status'])
      .leftJoin('plan.responsibleUnit', 'unit')
      .addSelect(['unit.id', 'unit.name'])
      .where(`plan.outfall_id IN (${sub.getQuery()})`)
      .setParameters(sub.getParameters());
    if (filter.outfallId) qb.andWhere('plan.outfall_id = :planOutfall', { planOutfall: filter.outfallId });
    if (filter.status) qb.andWhere('plan.status = :status', { status: filter.status });
    if (filter.responsibleUnitId)
      qb.andWhere('plan.responsible_unit_id = :unitId', { unitId: filter.responsibleUnitId });
    if (filter.overdue !== undefined) {
      const overdue = `(plan.deadline < CAST(:today AS date) AND plan.status NOT IN ('completed', 'verified'))`;
      qb.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, { today: beijingToday() });
    }
    return qb;
  }

  list(principal: Principal, query: PlanQueryDto): Promise<PageResult<RemediationPlan>> {
    return paginate(this.filtered(principal, query), query, PLAN_SORTABLE, 'deadline', 'plan.id');
  }

  async get(principal: Principal, id: string, em?: EntityManager, lock = false): Promise<RemediationPlan> {
    const qb = this.filtered(principal, {}, em).andWhere('plan.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write', undefined, ['plan']);
    const plan = await qb.getOne();
    if (!plan) throw DomainException.notFound('Remediation plan', id);
    return plan;
  }

  versions(principal: Principal, id: string): Promise<RemediationPlanVersion[]> {
    return this.get(principal, id).then(() =>
      this.dataSource
        .getRepository(RemediationPlanVersion)
        .find({ where: { planId: id }, order: { version: 'ASC' } }),
    );
  }

  async create(principal: Principal, dto: CreatePlanDto): Promise<RemediationPlan> {
    const id = await this.dataSource.transaction(async (em) => {
      const outfall = await this.outfalls.assertWritable(principal, dto.outfallId, em, {
        requireActive: false,
      });
      const decision = await this.dispositions.decision(em, dto.outfallId);
      if (!decision)
        throw new RemediationException(
          RemediationErrorCode.NotDecided,
          'decide the outfall’s disposition (三个一批) before drafting its plan',
          'outfallId',
        );
      if (!decision.requiresRemediation)
        throw new RemediationException(
          RemediationErrorCode.NotRequired,
          'this outfall is kept as it is: no plan is needed',
          'outfallId',
        );
      if (await em.getRepository(RemediationPlan).existsBy({ outfallId: dto.outfallId }))
        throw new RemediationException(
          RemediationErrorCode.PlanExists,
          'this outfall already has a plan',
          'outfallId',
        );
      await this.checkPlan(em, principal, outfall, dto);
      const repo = em.getRepository(RemediationPlan);
      const plan = await repo.save(
        repo.create({
          ...this.planFields(dto),
          outfallId: dto.outfallId,
          status: PlanStatus.Draft,
          createdById:
            principal.kind === 'user' && /^[0-9a-f-]{36}$/i.test(principal.id) ? principal.id : null,
        }),
      );
      await this.recordVersion(em, principal, plan, 'create', null);
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'remediation_plan',
        entityId: plan.id,
        after: plan,
      });
      return plan.id;
    });
    return this.get(principal, id);
  }

  /** Edits under optimistic locking: the whole plan in draft; milestones, progress and evidence later on. */
  async update(principal: Principal, id: string, dto: UpdatePlanDto): Promise<RemediationPlan> {
    await this.dataSource.transaction(async (em) => {
      const plan = await this.get(principal, id, em, true);
      this.assertVersion(plan, dto.version);
      const outfall = await this.outfalls.assertWritable(principal, plan.outfallId, em, {
        requireActive: false,
      });
      if (plan.status === PlanStatus.Completed || plan.status === PlanStatus.Verified) {
        throw new RemediationException(
          RemediationErrorCode.NotEditable,
          `a ${plan.status} plan cannot be edited`,
        );
      }
      const before = { ...plan };
      if (dto.plan) {
        if (plan.status !== PlanStatus.Draft)
          throw new RemediationException(
            RemediationErrorCode.NotEditable,
            'only a draft plan can change its problems, measures, target, responsible unit or deadline',
            'plan',
          );
        await this.checkPlan(em, principal, outfall, dto.plan);
        const { milestones, beforePhotoIds, ...fields } = this.planFields(dto.plan);
        // the plan's own lists stay as they are when the edit leaves them out
        Object.assign(plan, fields, {
          milestones: dto.plan.milestones ? milestones : plan.milestones,
          beforePhotoIds: dto.plan.beforePhotoIds ? beforePhotoIds : plan.beforePhotoIds,
        });
      }
      if (dto.milestones) plan.milestones = this.milestones(dto.milestones);
      if (dto.progressNote)
        plan.progressNotes = [
          ...plan.progressNotes,
          { on: beijingToday(), note: dto.progressNote, by: principal.name },
        ];
      for (const field of ['beforePhotoIds', 'afterPhotoIds', 'evidenceIds'] as const) {
        const ids = dto[field];
        if (ids) {
          await this.checkAttachments(em, plan.outfallId, ids, field, field !== 'evidenceIds');
          plan[field] = ids;
        }
      }
      const saved = await this.persist(em, plan);
      await this.recordVersion(em, principal, saved, 'edit', null, plan.status);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'remediation_plan',
        entityId: id,
        before,
        after: saved,
      });
    });
    return this.get(principal, id);
  }

  /**
   * One workflow step. Wrong state → 409 REMEDIATION_INVALID_TRANSITION; a stale version → 409
   * VERSION_CONFLICT; verification is refused without before/after photos and, for an outfall that keeps
   * discharging, a compliant sample taken on or after the completion day.
   */
  async transition(principal: Principal, id: string, dto: TransitionDto): Promise<RemediationPlan> {
    const rule = TRANSITIONS[dto.action];
    if (!hasPermission(principal, rule.permission)) {
      throw DomainException.forbidden(
        dto.action === PlanAction.Approve ||
          dto.action === PlanAction.Verify ||
          dto.action === PlanAction.Return ||
          dto.action === PlanAction.RejectCompletion
          ? 'only the ecology-environment branch approves and verifies plans'
          : 'your account cannot carry out remediation plans',
      );
    }
    await this.dataSource.transaction(async (em) => {
      const plan = await this.get(principal, id, em, true);
      this.assertVersion(plan, dto.version);
      const outfall = await this.outfalls.assertWritable(principal, plan.outfallId, em, {
        requireActive: false,
      });
      if (!rule.from.includes(plan.status)) {
        throw new RemediationException(
          RemediationErrorCode.InvalidTransition,
          `cannot ${dto.action} a plan that is ${plan.status} (allowed from: ${rule.from.join(', ')})`,
          'action',
        );
      }
      if (rule.reason && !dto.reason?.trim())
        throw new RemediationException(
          RemediationErrorCode.ReasonRequired,
          `say why you ${dto.action.replace('_', ' ')}`,
          'reason',
        );
      const today = beijingToday();
      const on = dto.on ?? today;
      if (on > today)
        throw new RemediationException(RemediationErrorCode.Dates, 'the date cannot be in the future', 'on');
      // the date becomes a milestone (completion, verification): never before the outfall's discovery
      if (on < outfall.discoveredOn)
        throw new RemediationException(
          RemediationErrorCode.Dates,
          `the date cannot be before the outfall was discovered (${outfall.discoveredOn})`,
          'on',
        );
      const before = { ...plan };
      const fromStatus = plan.status;
      switch (dto.action) {
        case PlanAction.Submit:
          plan.submittedOn = on;
          break;
        case PlanAction.Approve:
          if (plan.submittedOn && on < plan.submittedOn)
            throw new RemediationException(
              RemediationErrorCode.Dates,
              `approval cannot precede submission (${plan.submittedOn})`,
              'on',
            );
          plan.approvedOn = on;
          break;
        case PlanAction.Return:
        case PlanAction.Start:
          break;
        case PlanAction.Complete:
          if (plan.approvedOn && on < plan.approvedOn)
            throw new RemediationException(
              RemediationErrorCode.Dates,
              `completion cannot precede approval (${plan.approvedOn})`,
              'on',
            );
          if (!plan.afterPhotoIds.length)
            throw new RemediationException(
              RemediationErrorCode.PhotosMissing,
              'attach at least one photo after the work (afterPhotoIds) before claiming completion',
              'afterPhotoIds',
            );
          plan.completedOn = on;
          await this.setMilestone(em, plan.outfallId, MilestoneType.RemediationCompleted, on);
          break;
        case PlanAction.RejectCompletion:
          plan.completedOn = null;
          await this.removeMilestone(em, plan.outfallId, MilestoneType.RemediationCompleted);
          break;
        case PlanAction.Verify: {
          if (plan.completedOn && on < plan.completedOn)
            throw new RemediationException(
              RemediationErrorCode.Dates,
              `verification cannot precede completion (${plan.completedOn})`,
              'on',
            );
          await this.evidenceGate(em, plan);
          plan.verifiedOn = on;
          await this.setMilestone(em, plan.outfallId, MilestoneType.Verified, on);
          if (
            plan.targetState === TargetState.MergedInto &&
            plan.mergeIntoId &&
            outfall.status === OutfallStatus.Active
          ) {
            await this.outfalls.merge(
              principal,
              plan.outfallId,
              { intoId: plan.mergeIntoId, reason: `一口一策核查销号：归并至目标排口（方案 ${plan.id}）` },
              em,
            );
          }
          break;
        }
      }
      plan.status = rule.to;
      const saved = await this.persist(em, plan);
      await this.recordVersion(em, principal, saved, dto.action, dto.reason ?? null, fromStatus);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'remediation_plan',
        entityId: id,
        before,
        after: { ...saved, transition: dto.action, reason: dto.reason ?? null },
      });
      if (fromStatus !== saved.status) {
        await this.webhooks.publish(
          WebhookEventType.PlanStatusChanged,
          saved.id,
          {
            planId: saved.id,
            outfallId: saved.outfallId,
            localCode: outfall.localCode,
            action: dto.action,
            fromStatus,
            toStatus: saved.status,
            on,
            reason: dto.reason ?? null,
          },
          em,
          { divisionId: outfall.divisionId },
        );
      }
    });
    return this.get(principal, id);
  }

  private async evidenceGate(em: EntityManager, plan: RemediationPlan): Promise<void> {
    if (!plan.beforePhotoIds.length || !plan.afterPhotoIds.length) {
      throw new RemediationException(
        RemediationErrorCode.PhotosMissing,
        'close-out needs photos before and after the work (beforePhotoIds, afterPhotoIds)',
        plan.beforePhotoIds.length ? 'afterPhotoIds' : 'beforePhotoIds',
      );
    }
    if (!keepsDischarging(plan.targetState)) return;
    const [sample] = await em.query<{ id: string }[]>(
      `SELECT s.id FROM sample s
        WHERE s.outfall_id = $1 AND NOT s.exceeding
          AND s.sampled_at >= (CAST($2 AS date)::timestamp AT TIME ZONE 'Asia/Shanghai')
          AND EXISTS (SELECT 1 FROM sample_value v WHERE v.sample_id = s.id AND v.compliant)
          AND NOT EXISTS (SELECT 1 FROM sample_value v WHERE v.sample_id = s.id AND v.compliant IS NULL AND v.limit_text IS NOT NULL)
        ORDER BY s.sampled_at DESC LIMIT 1`,
      [plan.outfallId, plan.completedOn],
    );
    if (!sample) {
      throw new RemediationException(
        RemediationErrorCode.SampleMissing,
        `the outfall keeps discharging: close-out needs a sample taken on or after ${plan.completedOn} that complies with its standard`,
        'complianceSampleId',
      );
    }
    plan.complianceSampleId = sample.id;
  }

  /**
   * Overdue plans counted per responsible unit or per township (`by`, checked here for REST and GraphQL
   * alike), within the caller's jurisdiction.
   */
  async overdueBy(principal: Principal, by: string): Promise<OverdueGroup[]> {
    if (by !== 'unit' && by !== 'township')
      throw DomainException.invalid('by', 'by must be unit or township');
    const qb = this.filtered(principal, {}).innerJoin('o.division', 'division');
    const [key, name] = by === 'unit' ? ['unit.id', 'unit.name'] : ['division.id', 'division.name'];
    const rows = await qb
      .select(`${key}`, 'id')
      .addSelect(`${name}`, 'name')
      .addSelect(
        `count(*) FILTER (WHERE plan.deadline < CAST(:today AS date) AND plan.status NOT IN ('completed', 'verified'))::int`,
        'overdue',
      )
      .addSelect(`count(*) FILTER (WHERE plan.status NOT IN ('completed', 'verified'))::int`, 'open')
      .setParameter('today', beijingToday())
      .groupBy(key)
      .addGroupBy(name)
      .orderBy('overdue', 'DESC')
      .addOrderBy(name)
      .getRawMany<OverdueGroup>();
    return rows.filter((r) => r.overdue > 0);
  }

  /** Saves the plan's own columns (the joined outfall and unit are read-only views here). */
  private async persist(em: EntityManager, plan: RemediationPlan): Promise<RemediationPlan> {
    const { outfall: _outfall, responsibleUnit: _unit, ...columns } = plan;
    const saved = await em
      .getRepository(RemediationPlan)
      .save(em.getRepository(RemediationPlan).create(columns));
    return Object.assign(plan, saved);
  }

  private assertVersion(plan: RemediationPlan, version: number): void {
    if (plan.version !== version) {
      throw new DomainException(
        'VERSION_CONFLICT',
        `the plan was changed by someone else (version ${plan.version}, you sent ${version}); reload and try again`,
        409,
        [{ field: 'version', message: `current version is ${plan.version}` }],
      );
    }
  }

  private planFields(dto: PlanDto) {
    return {
      problems: [...new Set(dto.problems ?? [])],
      problemNotes: dto.problemNotes?.trim() || null,
      measures: dto.measures.trim(),
      targetState: dto.targetState,
      mergeIntoId: dto.targetState === TargetState.MergedInto ? (dto.mergeIntoId ?? null) : null,
      responsibleUnitId: dto.responsibleUnitId,
      responsiblePerson: dto.responsiblePerson.trim(),
      responsiblePhone: dto.responsiblePhone,
      deadline: dto.deadline,
      milestones: this.milestones(dto.milestones ?? []),
      beforePhotoIds: dto.beforePhotoIds ?? [],
    };
  }

  private milestones(input: { name: string; plannedOn: string; actualOn?: string; note?: string }[]) {
    return input.map((m) => ({
      name: m.name.trim(),
      plannedOn: m.plannedOn,
      actualOn: m.actualOn ?? null,
      note: m.note ?? null,
    }));
  }

  private async checkPlan(
    em: EntityManager,
    principal: Principal,
    outfall: Outfall,
    dto: PlanDto,
  ): Promise<void> {
    if (!(await em.getRepository(Unit).existsBy({ id: dto.responsibleUnitId })))
      throw DomainException.invalid('responsibleUnitId', 'the responsible unit does not exist');
    if (dto.deadline < outfall.discoveredOn)
      throw new RemediationException(
        RemediationErrorCode.Dates,
        'the deadline cannot be before the outfall was discovered',
        'deadline',
      );
    if (dto.targetState === TargetState.MergedInto) {
      if (!dto.mergeIntoId)
        throw new RemediationException(
          RemediationErrorCode.MergeTarget,
          'name the outfall it merges into (mergeIntoId)',
          'mergeIntoId',
        );
      // the target passes the same gate as the merge itself: another township's outfall is not found
      const into = await this.outfalls
        .assertWritable(principal, dto.mergeIntoId, em, { requireActive: false })
        .catch((error: unknown) => {
          if (error instanceof DomainException && error.status === 404) return null;
          throw error;
        });
      if (!into || into.id === outfall.id || into.status !== OutfallStatus.Active)
        throw new RemediationException(
          RemediationErrorCode.MergeTarget,
          'mergeIntoId must be another active outfall',
          'mergeIntoId',
        );
    }
    if (dto.beforePhotoIds?.length)
      await this.checkAttachments(em, outfall.id, dto.beforePhotoIds, 'beforePhotoIds', true);
  }

  private async checkAttachments(
    em: EntityManager,
    outfallId: string,
    ids: string[],
    field: string,
    photos: boolean,
  ) {
    const [{ count }] = await em.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM outfall_attachment
        WHERE outfall_id = $1 AND id = ANY($2::uuid[]) ${photos ? `AND kind IN ('photo', 'signage_photo')` : ''}`,
      [outfallId, ids],
    );
    if (count !== new Set(ids).size)
      throw DomainException.invalid(
        field,
        `${field} must be ${photos ? 'photos' : 'attachments'} uploaded to this outfall`,
      );
  }

  /** The plan sets the milestone (clamped to the outfall's discovery day); it supersedes a back-entry. */
  private async setMilestone(
    em: EntityManager,
    outfallId: string,
    type: MilestoneType,
    on: string,
  ): Promise<void> {
    await this.outfalls.auditMilestones(em, [outfallId], [type], () =>
      em.query(
        `INSERT INTO outfall_event (outfall_id, type, effective_on, source, note)
         SELECT $1, $2, ${CLAMP_TO_DISCOVERY('CAST($3 AS date)', 'o.discovered_on')}, 'workflow', '一口一策' FROM outfall o WHERE o.id = $1
         ON CONFLICT (outfall_id, type) DO UPDATE SET effective_on = EXCLUDED.effective_on, source = 'workflow', note = EXCLUDED.note,
                recorded_at = now(), back_entered = false, back_entry_reason = NULL, back_entry_document = NULL,
                back_entry_photo_ids = '{}', review_state = NULL`,
        [outfallId, type, on],
      ),
    );
  }

  private async removeMilestone(em: EntityManager, outfallId: string, type: MilestoneType): Promise<void> {
    await this.outfalls.auditMilestones(em, [outfallId], [type], () =>
      em.query(`DELETE FROM outfall_event WHERE outfall_id = $1 AND type = $2 AND source = 'workflow'`, [
        outfallId,
        type,
      ]),
    );
  }

  private async recordVersion(
    em: EntityManager,
    principal: Principal,
    plan: RemediationPlan,
    action: string,
    reason: string | null,
    fromStatus: PlanStatus | null = null,
  ): Promise<void> {
    const { outfall: _outfall, responsibleUnit: _unit, ...snapshot } = plan;
    await em.getRepository(RemediationPlanVersion).insert({
      planId: plan.id,
      version: plan.version,
      action,
      fromStatus,
      toStatus: plan.status,
      reason,
      actorName: principal.name,
      actorId: principal.id,
      snapshot,
    });
  }
}
