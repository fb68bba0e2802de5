import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { beijingToday, CurrentPrincipal, GraphQLJSON, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { ProgressSnapshot, ProgressTarget } from './progress.entities';
import { ProgressService } from './progress.service';
import { AsOfQueryDto } from './progress.dto';
import { SnapshotsService } from './snapshots.service';

/** GraphQL for progress: the same services as REST (rates as JSON: groups × metrics). */
@Resolver()
export class ProgressResolver {
  constructor(
    private readonly progress: ProgressService,
    private readonly snapshots: SnapshotsService,
  ) {}

  @Query(() => GraphQLJSON, {
    description: 'Progress as of a Beijing day (default today), city and breakdowns',
  })
  @RequirePermissions(Permission.DirectoryRead)
  // the same AsOfQueryDto as REST's ?asOf=, so the calendar-day rule and its errors are the same
  progressAsOf(@CurrentPrincipal() principal: Principal, @Args() args: AsOfQueryDto) {
    return this.progress.compute(principal, args.asOf ?? beijingToday());
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

  @Query(() => ProgressSnapshot)
  @RequirePermissions(Permission.DirectoryRead)
  progressSnapshot(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, nullable: true }) id?: string,
  ) {
    return this.snapshots.get(principal, id ?? 'latest');
  }
}
