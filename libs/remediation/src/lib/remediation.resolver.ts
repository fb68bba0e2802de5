import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ListQueryDto, Paginated, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { MilestoneReviewItem, MilestoneReviewQueryDto } from './back-entry/back-entry.dto';
import { BackEntryService } from './back-entry/back-entry.service';
import { DispositionService } from './disposition/disposition.service';
import { RemediationDecision } from './disposition/remediation-decision.entity';
import {
  CreatePlanDto,
  DecideDispositionDto,
  PlanFilterDto,
  TransitionDto,
  UpdatePlanDto,
} from './dto/remediation.dto';
import { DispositionView, OverdueGroup } from './dto/remediation.responses';
import { PlansService } from './plans/plans.service';
import { RemediationPlan, RemediationPlanVersion } from './plans/remediation-plan.entity';

const PlanPage = Paginated(RemediationPlan, 'RemediationPlan');
const DispositionPage = Paginated(DispositionView, 'DispositionView');

/** GraphQL for dispositions and one-outfall-one-policy plans; the same services as REST. */
@Resolver(() => RemediationPlan)
export class RemediationResolver {
  constructor(
    private readonly dispositions: DispositionService,
    private readonly plans: PlansService,
    private readonly backEntries: BackEntryService,
  ) {}

  @Query(() => DispositionPage, {
    name: 'dispositions',
    description: 'Outfalls with the suggested disposition (三个一批) and the decision taken, if any',
  })
  @RequirePermissions(Permission.DirectoryRead)
  dispositionList(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => PlanFilterDto, nullable: true }) filter?: PlanFilterDto,
    @Args('decided', {
      type: () => Boolean,
      nullable: true,
      description: 'Only without (false) or with (true) a decision',
    })
    decided?: boolean,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.dispositions.list(principal, { ...filter, ...page, decided });
  }

  @Query(() => [OverdueGroup], { description: 'Overdue and open plans per responsible unit or per township' })
  @RequirePermissions(Permission.DirectoryRead)
  remediationOverdue(
    @CurrentPrincipal() principal: Principal,
    @Args('by', { type: () => String, defaultValue: 'unit', description: 'unit or township' }) by: string,
  ) {
    return this.plans.overdueBy(principal, by);
  }

  @Query(() => [MilestoneReviewItem], {
    description: 'Workflow-owned milestones set by hand before the rule, waiting for the eco branch',
  })
  @RequirePermissions(Permission.DirectoryRead)
  milestoneReviews(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => MilestoneReviewQueryDto, nullable: true }) filter?: MilestoneReviewQueryDto,
  ) {
    return this.backEntries.reviewList(principal, filter ?? {});
  }

  @Query(() => DispositionView, { description: 'Suggested disposition (三个一批) and the decision' })
  @RequirePermissions(Permission.DirectoryRead)
  outfallDisposition(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
  ) {
    return this.dispositions.forOutfall(principal, outfallId);
  }

  @Query(() => PlanPage, { description: 'One-outfall-one-policy plans (一口一策)' })
  @RequirePermissions(Permission.DirectoryRead)
  remediationPlans(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => PlanFilterDto, nullable: true }) filter?: PlanFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.plans.list(principal, { ...filter, ...page });
  }

  @Query(() => RemediationPlan)
  @RequirePermissions(Permission.DirectoryRead)
  remediationPlan(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.plans.get(principal, id);
  }

  @Query(() => [RemediationPlanVersion])
  @RequirePermissions(Permission.DirectoryRead)
  remediationPlanVersions(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ) {
    return this.plans.versions(principal, id);
  }

  @Mutation(() => RemediationDecision)
  @RequirePermissions(Permission.Approve)
  decideDisposition(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
    @Args('input', { type: () => DecideDispositionDto }) input: DecideDispositionDto,
  ) {
    return this.dispositions.decide(principal, outfallId, input);
  }

  @Mutation(() => RemediationPlan)
  @RequirePermissions(Permission.RemediationWrite)
  createRemediationPlan(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => CreatePlanDto }) input: CreatePlanDto,
  ) {
    return this.plans.create(principal, input);
  }

  @Mutation(() => RemediationPlan)
  @RequirePermissions(Permission.RemediationWrite)
  updateRemediationPlan(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdatePlanDto }) input: UpdatePlanDto,
  ) {
    return this.plans.update(principal, id, input);
  }

  @Mutation(() => RemediationPlan, { description: 'A workflow step (permissions checked per action)' })
  @RequirePermissions(Permission.DirectoryRead)
  transitionRemediationPlan(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => TransitionDto }) input: TransitionDto,
  ) {
    return this.plans.transition(principal, id, input);
  }
}
