import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { SyncChangePageDto, SyncChangesQueryDto } from './dto/sync.dto';
import { SyncService } from './sync.service';

/** Incremental sync for integrators: changes since a cursor (docs/sync.md). */
@ApiTags('sync')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('sync')
export class SyncController {
  constructor(private readonly sync: SyncService) {}

  /** Changes since `since`, oldest first; repeat with `nextCursor` while `hasMore`, then poll. */
  @Get('changes')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: SyncChangePageDto })
  changes(
    @CurrentPrincipal() principal: Principal,
    @Query() query: SyncChangesQueryDto,
  ): Promise<SyncChangePageDto> {
    return this.sync.changes(principal, query);
  }
}
