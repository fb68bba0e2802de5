import {
  Body,
  Controller,
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
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Principal, RequirePermissions } from '@outfall/common';
import { plainFilter } from '@outfall/directory';
import { JobDto, QueueService, toJobDto } from '@outfall/queue';
import { Permission } from '@outfall/shared-types';
import {
  FindingQueryDto,
  PermitDto,
  PermitQueryDto,
  PermitsLedgerDto,
  ScheduleDto,
  ScheduleQueryDto,
  UpdatePermitDto,
  UpdateScheduleDto,
} from './dto/permits.dto';
import {
  DischargePermitPage,
  MonitoringFindingPage,
  MonitoringSchedulePage,
  OutfallPermitStatus,
} from './findings/finding.view';
import { FindingsService } from './findings/findings.service';
import { PERMITS_LEDGER_JOB } from './ledgers/permits-ledger.job';
import { PermitStatusService } from './permit-status.service';
import { DischargePermit } from './permits/discharge-permit.entity';
import { PermitsService } from './permits/permits.service';
import { MonitoringSchedule } from './schedules/monitoring-schedule.entity';
import { SchedulesService } from './schedules/schedules.service';

/** Discharge permits (排污许可), the self-monitoring duty, monitoring schedules and missing-data findings. */
@ApiTags('permits')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller()
export class PermitsController {
  constructor(
    private readonly permits: PermitsService,
    private readonly schedules: SchedulesService,
    private readonly findings: FindingsService,
    private readonly status: PermitStatusService,
    private readonly queue: QueueService,
  ) {}

  /** Permits with their outlets, duties and expiry flag; filters: q, entity, township, outfall, expiry. */
  @Get('permits')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: DischargePermitPage })
  list(@CurrentPrincipal() principal: Principal, @Query() query: PermitQueryDto) {
    return this.permits.list(principal, query);
  }

  /** One discharge permit. */
  @Get('permits/:id')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: DischargePermit })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.permits.get(principal, id);
  }

  /** Registers a discharge permit. */
  @Post('permits')
  @RequirePermissions(Permission.PermitWrite)
  @ApiCreatedResponse({ type: DischargePermit })
  create(@CurrentPrincipal() principal: Principal, @Body() input: PermitDto) {
    return this.permits.create(principal, input);
  }

  /** Replaces the permit, its outlets and their duties (send the version you read). */
  @Patch('permits/:id')
  @RequirePermissions(Permission.PermitWrite)
  @ApiOkResponse({ type: DischargePermit })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdatePermitDto,
  ) {
    return this.permits.update(principal, id, input);
  }

  /** Queues the permit ledger (排污许可台账) or the findings list as XLSX. */
  @Post('permits/ledgers')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.DirectoryRead)
  @ApiAcceptedResponse({ type: JobDto })
  async ledger(@CurrentPrincipal() _principal: Principal, @Body() input: PermitsLedgerDto): Promise<JobDto> {
    const { ledger, ...filter } = input;
    return toJobDto(
      await this.queue.enqueue(PERMITS_LEDGER_JOB, { kind: ledger, filter: plainFilter(filter) }),
    );
  }

  /**
   * Missing-data findings per ended period (Beijing calendar): non-receipt against the self-monitoring duty
   * and missed samples against the schedules. Sort: periodEnd, outfallCode, township, indicator, kind, status.
   */
  @Get('monitoring-findings')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: MonitoringFindingPage })
  findingList(@CurrentPrincipal() principal: Principal, @Query() query: FindingQueryDto) {
    return this.findings.list(principal, query);
  }

  /** An outfall's permit status (permit, validity, monitoring duties). */
  @Get('outfalls/:id/permit-status')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: OutfallPermitStatus })
  outfallStatus(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.status.forOutfall(principal, id);
  }

  /** Self-monitoring schedules, one page. */
  @Get('monitoring-schedules')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: MonitoringSchedulePage })
  scheduleList(@CurrentPrincipal() principal: Principal, @Query() query: ScheduleQueryDto) {
    return this.schedules.list(principal, query);
  }

  /** One self-monitoring schedule. */
  @Get('monitoring-schedules/:id')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: MonitoringSchedule })
  schedule(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.schedules.get(principal, id);
  }

  /** Creates a self-monitoring schedule for a permit. */
  @Post('monitoring-schedules')
  @RequirePermissions(Permission.SupervisionConfigure)
  @ApiCreatedResponse({ type: MonitoringSchedule })
  createSchedule(@CurrentPrincipal() principal: Principal, @Body() input: ScheduleDto) {
    return this.schedules.create(principal, input);
  }

  /** Updates a self-monitoring schedule. */
  @Patch('monitoring-schedules/:id')
  @RequirePermissions(Permission.SupervisionConfigure)
  @ApiOkResponse({ type: MonitoringSchedule })
  updateSchedule(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdateScheduleDto,
  ) {
    return this.schedules.update(principal, id, input);
  }
}
