import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, ListQueryDto, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import {
  CreateOnlineMonitorDto,
  Hj212PacketPageDto,
  Hj212StatsDto,
  OnlineMonitorPageDto,
  OnlineMonitorQueryDto,
  OnlineMonitorViewDto,
  UpdateOnlineMonitorDto,
} from './dto/hj212.dto';
import { Hj212Server } from './hj212.server';
import { OnlineMonitorsService } from './online-monitors.service';

/** Online monitors (HJ 212-2017 stations): MN → outfall, the PW they send, the packets they sent. */
@ApiTags('online-monitoring')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller()
export class Hj212Controller {
  constructor(
    private readonly monitors: OnlineMonitorsService,
    private readonly server: Hj212Server,
  ) {}

  /** Monitors at the outfalls the caller may see (`outfallId`, `active`, `q`), sorted, paginated. */
  @Get('online-monitors')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: OnlineMonitorPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: OnlineMonitorQueryDto) {
    return this.monitors.list(principal, query);
  }

  /** What the HJ 212 listener of this process counted since it started. */
  @Get('online-monitors/stats')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: Hj212StatsDto })
  stats(): Hj212StatsDto {
    return this.server.stats();
  }

  /** One online monitor (HJ 212 station). */
  @Get('online-monitors/:id')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: OnlineMonitorViewDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.monitors.get(principal, id);
  }

  /** The packets the monitor sent, newest first, every reading with its data flag. */
  @Get('online-monitors/:id/packets')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: Hj212PacketPageDto })
  packets(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ListQueryDto,
  ) {
    return this.monitors.packets(principal, id, query);
  }

  /** Registers a station (MN unique; the PW is stored hashed). */
  @Post('online-monitors')
  @RequirePermissions(Permission.MonitoringWrite)
  @ApiCreatedResponse({ type: OnlineMonitorViewDto })
  create(@CurrentPrincipal() principal: Principal, @Body() input: CreateOnlineMonitorDto) {
    return this.monitors.create(principal, input);
  }

  /** Updates an online monitor. */
  @Patch('online-monitors/:id')
  @RequirePermissions(Permission.MonitoringWrite)
  @ApiOkResponse({ type: OnlineMonitorViewDto })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdateOnlineMonitorDto,
  ) {
    return this.monitors.update(principal, id, input);
  }

  /** Deletes an online monitor. */
  @Delete('online-monitors/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.MonitoringWrite)
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.monitors.remove(principal, id);
  }
}
