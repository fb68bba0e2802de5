import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, GraphQLJSON, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { ProgressSnapshot, ProgressTarget } from './progress.entities';
import { ProgressService } from './progress.service';
import { beijingDay } from './quarter.util';
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
  progressAsOf(@CurrentPrincipal() principal: Principal, @Args('asOf', { nullable: true }) asOf?: string) {
    return this.progress.compute(principal, asOf ?? beijingDay(new Date()));
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
