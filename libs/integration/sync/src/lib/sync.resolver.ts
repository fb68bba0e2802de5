import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { SyncChangePageDto, SyncChangesQueryDto } from './dto/sync.dto';
import { SyncService } from './sync.service';

/** GraphQL counterpart of `GET /api/v1/sync/changes`: the same service, the same page. */
@Resolver(() => SyncChangePageDto)
export class SyncResolver {
  constructor(private readonly sync: SyncService) {}

  @Query(() => SyncChangePageDto, {
    description: 'Changes since a cursor (docs/sync.md): repeat with nextCursor while hasMore, then poll',
  })
  @RequirePermissions(Permission.DirectoryRead)
  syncChanges(
    @CurrentPrincipal() principal: Principal,
    @Args('query', { type: () => SyncChangesQueryDto, nullable: true }) query?: SyncChangesQueryDto,
  ): Promise<SyncChangePageDto> {
    return this.sync.changes(principal, query ?? {});
  }
}
