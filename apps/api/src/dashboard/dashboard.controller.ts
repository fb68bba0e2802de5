import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { beijingToday, CurrentPrincipal, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { DashboardQueryDto } from './dashboard.dto';
import { Dashboard } from './dashboard.responses';
import { DashboardService } from './dashboard.service';

/**
 * The 工作台 of the caller's role in one request: for the city (eco branch, water bureau, admins) the target
 * gauges, the quarterly trend, rankings, overdue work, chronic exceeders and to-dos; for a township or a sector
 * department its own outfalls by stage, its overdue work and its to-dos. Always within the caller's jurisdiction.
 */
@ApiTags('dashboard')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  /** The dashboard figures for the caller's scope. */
  @Get()
  @RequirePermissions(Permission.DirectoryRead)
  get(@CurrentPrincipal() principal: Principal, @Query() query: DashboardQueryDto): Promise<Dashboard> {
    return this.dashboard.get(principal, query.asOf ?? beijingToday());
  }
}
