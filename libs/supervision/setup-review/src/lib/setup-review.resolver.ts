import { Args, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ListQueryDto, Principal, RequirePermissions } from '@outfall/common';
import { OutfallCategory, Permission } from '@outfall/shared-types';
import {
  CreateSetupApplicationDto,
  MultiOutfallPageDto,
  PublishedSetupPageDto,
  SetupApplicationFilterDto,
  SetupConsultationDto,
  SetupDecisionDto,
  SetupFilingDto,
  SetupNotificationDto,
  SetupRouteAnswer,
  UpdateSetupApplicationDto,
} from './dto/setup-review.dto';
import { SetupApplication, SetupNotification, SetupRuleResult } from './setup-application.entity';
import { SetupNotificationsService } from './setup-notifications.service';
import { SetupReviewService } from './setup-review.service';

@ObjectType('SetupApplicationView')
class SetupApplicationViewType extends SetupApplication {
  @Field(() => String, { nullable: true }) applicantName: string | null;
  @Field(() => String, { nullable: true }) divisionName: string | null;
  @Field(() => String, { nullable: true }) waterBodyName: string | null;
  @Field(() => String, { nullable: true }) functionZoneName: string | null;
  @Field(() => String, { nullable: true }) outfallCode: string | null;
  @Field(() => [SetupRuleResult], { description: 'The plan’s rules with their outcome and reason' })
  rules: SetupRuleResult[];
}

@ObjectType('SetupApplicationPage')
class SetupApplicationPage {
  @Field(() => [SetupApplicationViewType]) items: SetupApplicationViewType[];
  @Field(() => Int) total: number;
  @Field(() => Int) limit: number;
  @Field(() => Int) offset: number;
}

/** GraphQL for setup review and registration; the same services as REST. */
@Resolver(() => SetupApplicationViewType)
export class SetupReviewResolver {
  constructor(
    private readonly service: SetupReviewService,
    private readonly notifications: SetupNotificationsService,
  ) {}

  @Query(() => SetupRouteAnswer, { description: 'Approval (审批) or registration (登记) for a category' })
  @RequirePermissions(Permission.DirectoryRead)
  setupRoute(@Args('category', { type: () => OutfallCategory }) category: string) {
    return this.service.routeFor(category as OutfallCategory);
  }

  @Query(() => SetupApplicationPage, { description: 'Setup applications and registrations (设置审核台账)' })
  @RequirePermissions(Permission.DirectoryRead)
  setupApplications(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => SetupApplicationFilterDto, nullable: true })
    filter?: SetupApplicationFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.service.list(principal, { ...filter, ...page });
  }

  @Query(() => SetupApplicationViewType)
  @RequirePermissions(Permission.DirectoryRead)
  setupApplication(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.service.detail(principal, id);
  }

  @Query(() => PublishedSetupPageDto, {
    description:
      'Published results: publication fields only (public over REST: GET /api/v1/setup-review/published)',
  })
  @RequirePermissions(Permission.DirectoryRead)
  publishedSetupResults(@Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto) {
    return this.service.published(page ?? {});
  }

  @Query(() => [SetupNotification])
  @RequirePermissions(Permission.DirectoryRead)
  setupNotifications(@CurrentPrincipal() principal: Principal) {
    return this.notifications.list(principal);
  }

  @Query(() => MultiOutfallPageDto, {
    description:
      'Industrial/mining enterprises with ≥ 2 outfalls outside a park; flagged without a notification',
  })
  @RequirePermissions(Permission.DirectoryRead)
  multiOutfallEnterprises(
    @CurrentPrincipal() principal: Principal,
    @Args('notified', { nullable: true }) notified?: boolean,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.notifications.multiOutfall(principal, { ...page, notified });
  }

  @Mutation(() => SetupApplicationViewType)
  @RequirePermissions(Permission.SetupReviewWrite)
  createSetupApplication(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => CreateSetupApplicationDto }) input: CreateSetupApplicationDto,
  ) {
    return this.service.create(principal, input);
  }

  @Mutation(() => SetupApplicationViewType)
  @RequirePermissions(Permission.SetupReviewWrite)
  updateSetupApplication(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateSetupApplicationDto }) input: UpdateSetupApplicationDto,
  ) {
    return this.service.update(principal, id, input);
  }

  @Mutation(() => SetupApplicationViewType)
  @RequirePermissions(Permission.SetupReviewWrite)
  submitSetupApplication(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ) {
    return this.service.submit(principal, id);
  }

  @Mutation(() => SetupApplicationViewType)
  @RequirePermissions(Permission.SetupReviewDecide)
  recordSetupConsultation(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => SetupConsultationDto }) input: SetupConsultationDto,
  ) {
    return this.service.consult(principal, id, input);
  }

  @Mutation(() => SetupApplicationViewType)
  @RequirePermissions(Permission.SetupReviewDecide)
  decideSetupApplication(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => SetupDecisionDto }) input: SetupDecisionDto,
  ) {
    return this.service.decide(principal, id, input);
  }

  @Mutation(() => SetupApplicationViewType)
  @RequirePermissions(Permission.SetupReviewDecide)
  fileSetupRegistration(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => SetupFilingDto }) input: SetupFilingDto,
  ) {
    return this.service.file(principal, id, input);
  }

  @Mutation(() => SetupNotification)
  @RequirePermissions(Permission.SetupReviewWrite)
  recordSetupNotification(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => SetupNotificationDto }) input: SetupNotificationDto,
  ) {
    return this.notifications.record(principal, input);
  }
}
