import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  beijingToday,
  CurrentPrincipal,
  DomainException,
  GraphQLJSON,
  Principal,
  RequirePermissions,
} from '@outfall/common';
import { toJobDto } from '@outfall/queue';
import { Permission } from '@outfall/shared-types';
import { ProgressSnapshot, ProgressTarget } from './progress.entities';
import { ProgressService } from './progress.service';
import { AsOfQueryDto, CloseQuarterDto } from './progress.dto';
import { SnapshotsService } from './snapshots.service';

/** GraphQL for progress: the same services as REST (rates as JSON: groups × metrics). */
@Resolver()
export class ProgressResolver {
  constructor(
    private readonly progress: ProgressService,
    private readonly snapshots: SnapshotsService,
  ) {}

  @Query(() => GraphQLJSON, {
    description:
      'Progress as of a Beijing day (default today), city and breakdowns; knownAt: as the system knew it at the end of that day',
  })
  @RequirePermissions(Permission.DirectoryRead)
  // the same AsOfQueryDto as REST's ?asOf=, so the calendar-day rule and its errors are the same
  progressAsOf(@CurrentPrincipal() principal: Principal, @Args() args: AsOfQueryDto) {
    return this.progress.compute(principal, args.asOf ?? beijingToday(), undefined, args.knownAt);
  }

  @Query(() => GraphQLJSON, {
    description:
      "Projected rates at the upcoming deadlines from the last two quarters' pace (REST GET /progress/forecast)",
  })
  @RequirePermissions(Permission.DirectoryRead)
  progressForecast(@CurrentPrincipal() principal: Principal, @Args() args: AsOfQueryDto) {
    return this.progress.forecast(principal, args.asOf ?? beijingToday());
  }

  @Query(() => GraphQLJSON, {
    description:
      'Plans past their deadline and outfalls not traced after their deadline (REST GET /progress/overdue)',
  })
  @RequirePermissions(Permission.DirectoryRead)
  progressOverdue(@CurrentPrincipal() principal: Principal, @Args() args: AsOfQueryDto) {
    return this.progress.overdue(principal, args.asOf ?? beijingToday());
  }

  @Query(() => [ProgressTarget])
  @RequirePermissions(Permission.DirectoryRead)
  progressTargets() {
    return this.progress.targets();
  }

  @Query(() => [ProgressSnapshot], { description: 'Quarterly snapshots in force, newest first' })
  @RequirePermissions(Permission.DirectoryRead)
  async progressSnapshots() {
    return (await this.snapshots.list({ limit: 200 })).items;
  }

  @Query(() => ProgressSnapshot, {
    description: 'One stored snapshot; without id the latest in force (REST GET /progress/snapshots/latest)',
  })
  @RequirePermissions(Permission.DirectoryRead)
  progressSnapshot(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, nullable: true }) id?: string,
  ) {
    return this.snapshots.get(principal, id ?? 'latest');
  }

  @Query(() => GraphQLJSON, {
    description: 'Ended quarters, newest first: open or closed, and the version in force',
  })
  @RequirePermissions(Permission.DirectoryRead)
  progressQuarters() {
    return this.snapshots.quarters();
  }

  @Query(() => GraphQLJSON, {
    description:
      'Which versions a quarter’s report compares (this and the previous quarter’s latest), computed when',
  })
  @RequirePermissions(Permission.DirectoryRead)
  async progressSnapshotComparison(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ) {
    await this.snapshots.get(principal, id);
    return this.snapshots.comparison(id);
  }

  @Mutation(() => GraphQLJSON, {
    description: 'The city (eco branch) closes an ended quarter; its snapshot is frozen (see REST)',
  })
  @RequirePermissions(Permission.Approve)
  async closeProgressQuarter(
    @CurrentPrincipal() principal: Principal,
    // the quarter is checked by the service (400 naming `quarter`, as over REST)
    @Args('quarter', { description: 'e.g. 2024Q4' }) quarter: string,
    @Args('input', { type: () => CloseQuarterDto, nullable: true }) input?: CloseQuarterDto,
  ) {
    if (!principal.jurisdiction.cityWide)
      throw DomainException.forbidden(
        'quarters are closed for the whole city by the ecology-environment branch',
      );
    const closed = await this.snapshots.close(principal, quarter, input?.reason?.trim() || null);
    return { quarter: closed.quarter, job: closed.job && toJobDto(closed.job) };
  }
}
