import {
  Args,
  Field,
  ID,
  Int,
  Mutation,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { CurrentPrincipal, ListQueryDto, Paginated, Principal, RequirePermissions } from '@outfall/common';
import { OpenCaseDto } from '@outfall/enforcement';
import { PlanDto } from '@outfall/remediation';
import { Permission } from '@outfall/shared-types';
import {
  CreatePatrolDto,
  PatrolConfigDto,
  PatrolFilterDto,
  PatrolRuleDto,
  ScheduleFilterDto,
  ScheduleOverrideDto,
  UpdatePatrolDto,
} from './dto/patrols.dto';
import { Patrol, PatrolConfig, PatrolFinding, PatrolPhoto, PatrolRule } from './patrol.entity';
import { PatrolsService } from './patrols.service';

@ObjectType('PatrolSchedule')
class PatrolScheduleType {
  @Field(() => ID) outfallId: string;
  @Field() localCode: string;
  @Field() name: string;
  @Field() category: string;
  @Field() area: string;
  @Field() keyRiver: boolean;
  @Field(() => ID) divisionId: string;
  @Field() divisionName: string;
  @Field(() => ID, { nullable: true }) unitId: string | null;
  @Field(() => String, { nullable: true }) unitName: string | null;
  @Field(() => Int, { nullable: true }) ruleDays: number | null;
  @Field(() => Int, { nullable: true }) overrideDays: number | null;
  @Field(() => String, { nullable: true }) overrideReason: string | null;
  @Field(() => Int) intervalDays: number;
  @Field(() => String, { nullable: true }) lastPatrolDay: string | null;
  @Field({ description: 'YYYY-MM-DD (Beijing day)' }) nextDueOn: string;
  @Field() overdue: boolean;
  @Field(() => Int) daysOverdue: number;
}

@ObjectType('PatrolOverdueGroup')
class PatrolOverdueGroupType {
  @Field(() => ID, { nullable: true }) unitId: string | null;
  @Field(() => String, { nullable: true }) unitName: string | null;
  @Field(() => Int) outfalls: number;
  @Field(() => Int) overdue: number;
}

@ObjectType('OutfallPatrolSummary', {
  description: 'The outfall drawer’s section: schedule and last five patrols',
})
class OutfallPatrolSummaryType {
  @Field(() => PatrolScheduleType) schedule: PatrolScheduleType;
  @Field(() => [Patrol], { description: 'The last five patrols, newest first' }) recent: Patrol[];
}

const PatrolPage = Paginated(Patrol, 'Patrol');
const SchedulePage = Paginated(PatrolScheduleType, 'PatrolSchedule');

/** GraphQL for patrols; the same service as REST. */
@Resolver(() => Patrol)
export class PatrolsResolver {
  constructor(private readonly service: PatrolsService) {}

  @ResolveField(() => [PatrolFinding])
  findings(@Parent() patrol: Patrol) {
    return patrol.findings ?? this.service.findingsOf([patrol.id]);
  }

  @ResolveField(() => [PatrolPhoto])
  photos(@Parent() patrol: Patrol) {
    return patrol.photos ?? this.service.photosOf(patrol.id);
  }

  @Query(() => PatrolPage, { description: 'Patrol records (巡查记录)' })
  @RequirePermissions(Permission.DirectoryRead)
  patrols(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => PatrolFilterDto, nullable: true }) filter?: PatrolFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.service.list(principal, { ...filter, ...page });
  }

  @Query(() => Patrol)
  @RequirePermissions(Permission.DirectoryRead)
  patrol(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.service.get(principal, id);
  }

  @Query(() => SchedulePage, { description: 'Patrol schedules: interval, next due day, overdue' })
  @RequirePermissions(Permission.DirectoryRead)
  patrolSchedules(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => ScheduleFilterDto, nullable: true }) filter?: ScheduleFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.service.schedules(principal, { ...filter, ...page });
  }

  @Query(() => OutfallPatrolSummaryType, {
    description: 'Schedule and the last five patrols of one outfall (REST GET /outfalls/:id/patrols)',
  })
  @RequirePermissions(Permission.DirectoryRead)
  outfallPatrolSummary(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
  ) {
    return this.service.outfallSummary(principal, outfallId);
  }

  @Query(() => [PatrolOverdueGroupType], { description: 'Overdue patrols counted per responsible unit' })
  @RequirePermissions(Permission.DirectoryRead)
  patrolOverdue(@CurrentPrincipal() principal: Principal) {
    return this.service.overdueByUnit(principal);
  }

  @Query(() => [PatrolRule])
  @RequirePermissions(Permission.DirectoryRead)
  patrolRules() {
    return this.service.rules();
  }

  @Query(() => PatrolConfig)
  @RequirePermissions(Permission.DirectoryRead)
  patrolConfig() {
    return this.service.config();
  }

  @Mutation(() => Patrol)
  @RequirePermissions(Permission.PatrolWrite)
  createPatrol(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => CreatePatrolDto }) input: CreatePatrolDto,
  ) {
    return this.service.create(principal, input);
  }

  @Mutation(() => Patrol)
  @RequirePermissions(Permission.PatrolWrite)
  updatePatrol(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdatePatrolDto }) input: UpdatePatrolDto,
  ) {
    return this.service.update(principal, id, input);
  }

  @Mutation(() => PatrolFinding, {
    description: 'Opens the remediation plan from a finding and keeps the link',
  })
  @RequirePermissions(Permission.RemediationWrite)
  openPlanFromPatrolFinding(
    @CurrentPrincipal() principal: Principal,
    @Args('findingId', { type: () => ID }) findingId: string,
    @Args('input', { type: () => PlanDto }) input: PlanDto,
  ) {
    return this.service.openPlan(principal, findingId, input);
  }

  @Mutation(() => PatrolFinding, {
    description: 'Opens an enforcement case from a finding (origin patrol) and keeps the link',
  })
  @RequirePermissions(Permission.EnforcementWrite)
  openCaseFromPatrolFinding(
    @CurrentPrincipal() principal: Principal,
    @Args('findingId', { type: () => ID }) findingId: string,
    @Args('input', { type: () => OpenCaseDto }) input: OpenCaseDto,
  ) {
    return this.service.openCase(principal, findingId, input);
  }

  @Mutation(() => PatrolRule)
  @RequirePermissions(Permission.SupervisionConfigure)
  createPatrolRule(@Args('input', { type: () => PatrolRuleDto }) input: PatrolRuleDto) {
    return this.service.createRule(input);
  }

  @Mutation(() => PatrolRule)
  @RequirePermissions(Permission.SupervisionConfigure)
  updatePatrolRule(
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => PatrolRuleDto }) input: PatrolRuleDto,
  ) {
    return this.service.updateRule(id, input);
  }

  @Mutation(() => PatrolConfig)
  @RequirePermissions(Permission.SupervisionConfigure)
  setPatrolConfig(@Args('input', { type: () => PatrolConfigDto }) input: PatrolConfigDto) {
    return this.service.setConfig(input);
  }

  @Mutation(() => PatrolScheduleType)
  @RequirePermissions(Permission.SupervisionConfigure)
  setPatrolScheduleOverride(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
    @Args('input', { type: () => ScheduleOverrideDto }) input: ScheduleOverrideDto,
  ) {
    return this.service.setOverride(principal, outfallId, input);
  }
}
