import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  beijingToday,
  CurrentPrincipal,
  DomainException,
  Principal,
  RequirePermissions,
} from '@outfall/common';
import { JobDto, QueueService, toJobDto } from '@outfall/queue';
import { Permission } from '@outfall/shared-types';
import { DISPATCH_REPORT_JOB } from './dispatch-report.job';
import {
  AsOfQueryDto,
  ProgressQueryDto,
  CloseQuarterDto,
  QuarterParamDto,
  RecomputeDto,
  ReportDto,
  SnapshotQueryDto,
  TargetDto,
  UpdateTargetDto,
} from './progress.dto';
import {
  Progress,
  ProgressForecast,
  ProgressOverdue,
  ProgressSnapshotPage,
  QuarterCloseResult,
  QuarterState,
  SnapshotComparison,
} from './progress.responses';
import { ProgressService } from './progress.service';
import { SnapshotsService } from './snapshots.service';

/**
 * Targets and progress (一季一调度). Rates: investigation = investigated / registered; plan = plans submitted /
 * outfalls requiring remediation; tracing = traced / registered; remediation = completed (or verified, per
 * PROGRESS_REMEDIATION_COUNTS) / requiring remediation — each counting only what is dated on or before the
 * as-of Beijing day.
 */
@ApiTags('progress')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('progress')
export class ProgressController {
  constructor(
    private readonly progress: ProgressService,
    private readonly snapshots: SnapshotsService,
    private readonly queue: QueueService,
  ) {}

  /** Rates for the city and by scope group, river, township, responsible unit, category and area. */
  @Get()
  @RequirePermissions(Permission.DirectoryRead)
  get(@CurrentPrincipal() principal: Principal, @Query() query: ProgressQueryDto): Promise<Progress> {
    return this.progress.compute(
      principal,
      query.asOf ?? beijingToday(),
      undefined,
      query.knownAt,
      query.source ?? 'rollup',
    );
  }

  /** Projected rates at the upcoming deadlines from the last two quarters' pace; on track / at risk / behind. */
  @Get('forecast')
  @RequirePermissions(Permission.DirectoryRead)
  forecast(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AsOfQueryDto,
  ): Promise<ProgressForecast> {
    return this.progress.forecast(principal, query.asOf ?? beijingToday());
  }

  /** Plans past their deadline, and outfalls not traced after their tracing deadline. */
  @Get('overdue')
  @RequirePermissions(Permission.DirectoryRead)
  overdue(@CurrentPrincipal() principal: Principal, @Query() query: AsOfQueryDto): Promise<ProgressOverdue> {
    return this.progress.overdue(principal, query.asOf ?? beijingToday());
  }

  /** Progress targets (planned remediation counts by date). */
  @Get('targets')
  @RequirePermissions(Permission.DirectoryRead)
  targets() {
    return this.progress.targets();
  }

  /** Creates a progress target. */
  @Post('targets')
  @RequirePermissions(Permission.ProgressManage)
  createTarget(@Body() input: TargetDto) {
    return this.progress.saveTarget(null, input);
  }

  /** Replaces a progress target. */
  @Put('targets/:id')
  @RequirePermissions(Permission.ProgressManage)
  updateTarget(@Param('id', ParseUUIDPipe) id: string, @Body() input: UpdateTargetDto) {
    return this.progress.saveTarget(id, input);
  }

  /** Deletes a progress target. */
  @Delete('targets/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.ProgressManage)
  removeTarget(@Param('id', ParseUUIDPipe) id: string) {
    return this.progress.removeTarget(id);
  }

  /** Quarterly snapshots in force (`all=true` adds superseded versions), newest first. */
  @Get('snapshots')
  @RequirePermissions(Permission.DirectoryRead)
  list(@Query() query: SnapshotQueryDto): Promise<ProgressSnapshotPage> {
    return this.snapshots.list(query);
  }

  /** The latest snapshot in force, as JSON (for other government systems). */
  @Get('snapshots/latest')
  @RequirePermissions(Permission.DirectoryRead)
  latest(@CurrentPrincipal() principal: Principal) {
    return this.snapshots.get(principal, 'latest');
  }

  /** One stored progress snapshot. */
  @Get('snapshots/:id')
  @RequirePermissions(Permission.DirectoryRead)
  snapshot(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.snapshots.get(principal, id);
  }

  /** Ended quarters, newest first: open or closed (by whom, when), the day each closes itself, its version. */
  @Get('quarters')
  @RequirePermissions(Permission.DirectoryRead)
  quarters(): Promise<QuarterState[]> {
    return this.snapshots.quarters();
  }

  /**
   * The city (eco branch) closes an ended quarter: its snapshot is frozen now. 409 QUARTER_CLOSED if it is
   * already closed (recompute it instead).
   */
  @Post('quarters/:quarter/close')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.Approve)
  async close(
    @CurrentPrincipal() principal: Principal,
    @Param() params: QuarterParamDto,
    @Body() input: CloseQuarterDto,
  ): Promise<QuarterCloseResult> {
    if (!principal.jurisdiction.cityWide)
      throw DomainException.forbidden(
        'quarters are closed for the whole city by the ecology-environment branch',
      );
    const { quarter, job } = await this.snapshots.close(
      principal,
      params.quarter,
      input.reason?.trim() || null,
    );
    return { quarter, job: job && toJobDto(job) };
  }

  /** Which versions the quarter's report compares (this one and the previous quarter's latest) and when computed. */
  @Get('snapshots/:id/comparison')
  @RequirePermissions(Permission.DirectoryRead)
  async comparison(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SnapshotComparison> {
    await this.snapshots.get(principal, id);
    return this.snapshots.comparison(id);
  }

  /** Closes the quarters due to close themselves and queues snapshots for closed quarters that have none (what the scheduler does at each quarter end). */
  @Post('snapshots/catch-up')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.ProgressManage)
  async catchUp(): Promise<JobDto[]> {
    return (await this.snapshots.catchUp()).map(toJobDto);
  }

  /** Recomputes a closed quarter (409 QUARTER_OPEN if open): a new version becomes current, the old one is kept. */
  @Post('snapshots/recompute')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.ProgressManage)
  async recompute(@Body() input: RecomputeDto): Promise<JobDto> {
    return toJobDto(await this.snapshots.recompute(input.quarter, input.reason.trim()));
  }

  /** Queues the quarterly dispatch report (季度调度报告) of a snapshot as XLSX or printable HTML. */
  @Post('snapshots/:id/report')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.DirectoryRead)
  async report(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: ReportDto,
  ): Promise<JobDto> {
    if (!principal.jurisdiction.cityWide)
      throw DomainException.forbidden(
        'the dispatch report covers the whole city; ask the ecology-environment branch',
      );
    await this.snapshots.get(principal, id);
    return toJobDto(await this.queue.enqueue(DISPATCH_REPORT_JOB, { snapshotId: id, format: input.format }));
  }
}
