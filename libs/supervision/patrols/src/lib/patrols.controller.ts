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
  Put,
  Query,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ApiFileResponse, CurrentPrincipal, Principal, RequirePermissions } from '@outfall/common';
import { plainFilter } from '@outfall/directory';
import { JobDto, QueueService, toJobDto } from '@outfall/queue';
import { OpenCaseDto } from '@outfall/enforcement';
import { PlanDto } from '@outfall/remediation';
import { Permission } from '@outfall/shared-types';
import {
  CreatePatrolDto,
  PatrolConfigDto,
  PatrolFindingDto,
  PatrolLedgerDto,
  PatrolQueryDto,
  PatrolRuleDto,
  ScheduleOverrideDto,
  ScheduleQueryDto,
  UpdatePatrolDto,
} from './dto/patrols.dto';
import {
  OutfallPatrolSummaryResponse,
  PatrolConfigResponse,
  PatrolFindingResponse,
  PatrolOverdueGroupResponse,
  PatrolPageResponse,
  PatrolPhotoResponse,
  PatrolResponse,
  PatrolRuleResponse,
  PatrolSchedulePageResponse,
  PatrolScheduleResponse,
} from './dto/patrols.responses';
import { PATROL_LEDGER_JOB } from './ledger/patrol-ledger.job';
import { Patrol, PatrolPhoto } from './patrol.entity';
import { MAX_PATROL_PHOTO_BYTES, PatrolsService } from './patrols.service';

export const photoView = (photo: PatrolPhoto) => {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- never say where it is stored
  const { storageKey, ...rest } = photo;
  return { ...rest, downloadUrl: `/api/v1/patrols/${photo.patrolId}/photos/${photo.id}` };
};

export const patrolView = (patrol: Patrol) => ({
  ...patrol,
  photos: patrol.photos?.map(photoView),
});

/** Patrols of the long-term mechanism (长效监管巡查): rules, schedules, overdue, records, findings, photos, ledger. */
@ApiTags('patrols')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller()
export class PatrolsController {
  constructor(
    private readonly patrols: PatrolsService,
    private readonly queue: QueueService,
  ) {}

  // ---- rules and settings (监管配置)

  /** The frequency rules: category × area × key river → every N days (the most specific match wins). */
  @Get('patrols/rules')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: [PatrolRuleResponse] })
  rules() {
    return this.patrols.rules();
  }

  /** Creates a patrol frequency rule. */
  @Post('patrols/rules')
  @RequirePermissions(Permission.SupervisionConfigure)
  @ApiCreatedResponse({ type: PatrolRuleResponse })
  createRule(@Body() input: PatrolRuleDto) {
    return this.patrols.createRule(input);
  }

  /** Replaces a patrol frequency rule. */
  @Put('patrols/rules/:id')
  @RequirePermissions(Permission.SupervisionConfigure)
  @ApiOkResponse({ type: PatrolRuleResponse })
  updateRule(@Param('id', ParseUUIDPipe) id: string, @Body() input: PatrolRuleDto) {
    return this.patrols.updateRule(id, input);
  }

  /** Deletes a patrol frequency rule. */
  @Delete('patrols/rules/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.SupervisionConfigure)
  @ApiNoContentResponse()
  removeRule(@Param('id', ParseUUIDPipe) id: string) {
    return this.patrols.removeRule(id);
  }

  /** The distance limit: a patrol's GPS point farther from the outfall is flagged. */
  @Get('patrols/config')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: PatrolConfigResponse })
  config() {
    return this.patrols.config();
  }

  /** Sets the patrol configuration. */
  @Put('patrols/config')
  @RequirePermissions(Permission.SupervisionConfigure)
  @ApiOkResponse({ type: PatrolConfigResponse })
  setConfig(@Body() input: PatrolConfigDto) {
    return this.patrols.setConfig(input);
  }

  // ---- schedules and overdue

  /** Every active outfall's patrol schedule: interval, responsible unit, last patrol, next due day, overdue. */
  @Get('patrols/schedules')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: PatrolSchedulePageResponse })
  schedules(@CurrentPrincipal() principal: Principal, @Query() query: ScheduleQueryDto) {
    return this.patrols.schedules(principal, query);
  }

  /** Overdue outfalls (next due day before today's Beijing day) counted per responsible unit. */
  @Get('patrols/overdue')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: [PatrolOverdueGroupResponse] })
  overdue(@CurrentPrincipal() principal: Principal) {
    return this.patrols.overdueByUnit(principal);
  }

  /** The outfall drawer's section: schedule and the last five patrols. */
  @Get('outfalls/:id/patrols')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: OutfallPatrolSummaryResponse })
  async outfallSummary(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    const summary = await this.patrols.outfallSummary(principal, id);
    return { ...summary, recent: summary.recent.map(patrolView) };
  }

  /** Overrides the rules' interval for one outfall (with a reason). */
  @Put('outfalls/:id/patrol-schedule')
  @RequirePermissions(Permission.SupervisionConfigure)
  @ApiOkResponse({ type: PatrolScheduleResponse })
  setOverride(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: ScheduleOverrideDto,
  ) {
    return this.patrols.setOverride(principal, id, input);
  }

  /** Removes an outfall's own patrol schedule; the rules apply again. */
  @Delete('outfalls/:id/patrol-schedule')
  @RequirePermissions(Permission.SupervisionConfigure)
  @ApiOkResponse({ type: PatrolScheduleResponse })
  removeOverride(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.patrols.removeOverride(principal, id);
  }

  // ---- records

  /** Patrol records (filters: unit, township, outfall, date range, has findings, overdue, distance flag). */
  @Get('patrols')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: PatrolPageResponse })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PatrolQueryDto) {
    const page = await this.patrols.list(principal, query);
    return { ...page, items: page.items.map(patrolView) };
  }

  /** One patrol record. */
  @Get('patrols/:id')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: PatrolResponse })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return patrolView(await this.patrols.get(principal, id));
  }

  /** Records a patrol of the responsible unit; the distance from the outfall is computed and flagged. */
  @Post('patrols')
  @RequirePermissions(Permission.PatrolWrite)
  @ApiCreatedResponse({ type: PatrolResponse })
  async create(@CurrentPrincipal() principal: Principal, @Body() input: CreatePatrolDto) {
    return patrolView(await this.patrols.create(principal, input));
  }

  /** Updates a patrol record. */
  @Patch('patrols/:id')
  @RequirePermissions(Permission.PatrolWrite)
  @ApiOkResponse({ type: PatrolResponse })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdatePatrolDto,
  ) {
    return patrolView(await this.patrols.update(principal, id, input));
  }

  /** Deletes a patrol record. */
  @Delete('patrols/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.PatrolWrite)
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.patrols.remove(principal, id);
  }

  /** Adds a finding to a patrol record. */
  @Post('patrols/:id/findings')
  @RequirePermissions(Permission.PatrolWrite)
  @ApiCreatedResponse({ type: PatrolResponse })
  async addFinding(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: PatrolFindingDto,
  ) {
    return patrolView(await this.patrols.addFinding(principal, id, input));
  }

  /** Opens the outfall's remediation plan from a finding (the remediation rules apply) and keeps the link. */
  @Post('patrols/findings/:findingId/remediation-plan')
  @RequirePermissions(Permission.RemediationWrite)
  @ApiCreatedResponse({ type: PatrolFindingResponse })
  openPlan(
    @CurrentPrincipal() principal: Principal,
    @Param('findingId', ParseUUIDPipe) findingId: string,
    @Body() input: PlanDto,
  ) {
    return this.patrols.openPlan(principal, findingId, input);
  }

  /**
   * Opens an enforcement case from a finding (the enforcement rules apply: eco branch, write gate, fields);
   * origin, outfall and patrol record come from the finding. The link is kept on the finding.
   */
  @Post('patrols/findings/:findingId/enforcement-case')
  @RequirePermissions(Permission.EnforcementWrite)
  @ApiCreatedResponse({ type: PatrolFindingResponse })
  openCase(
    @CurrentPrincipal() principal: Principal,
    @Param('findingId', ParseUUIDPipe) findingId: string,
    @Body() input: OpenCaseDto,
  ) {
    return this.patrols.openCase(principal, findingId, input);
  }

  /** Multipart upload (`file`): JPEG, PNG or WebP, at most 8 MB; anything else is refused on `file`. */
  @Post('patrols/:id/photos')
  @RequirePermissions(Permission.PatrolWrite)
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ type: PatrolPhotoResponse })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_PATROL_PHOTO_BYTES, files: 1 } }))
  async addPhoto(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @UploadedFile() file: { originalname: string; buffer: Buffer; size: number } | undefined,
  ) {
    return photoView(await this.patrols.addPhoto(principal, id, file));
  }

  /** Downloads a photo of a patrol record. */
  @Get('patrols/:id/photos/:photoId')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiFileResponse('The stored photo', 'image/*')
  async photo(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('photoId', ParseUUIDPipe) photoId: string,
  ): Promise<StreamableFile> {
    const { photo, stream } = await this.patrols.openPhoto(principal, id, photoId);
    return new StreamableFile(stream, {
      type: photo.contentType,
      disposition: `inline; filename*=UTF-8''${encodeURIComponent(photo.fileName)}`,
    });
  }

  /** Deletes a photo of a patrol record. */
  @Delete('patrols/:id/photos/:photoId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.PatrolWrite)
  @ApiNoContentResponse()
  removePhoto(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('photoId', ParseUUIDPipe) photoId: string,
  ) {
    return this.patrols.removePhoto(principal, id, photoId);
  }

  /** Queues the patrol ledger (巡查台账) as XLSX for the list filters, within the caller's jurisdiction. */
  @Post('patrols/ledger')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.DirectoryRead)
  @ApiAcceptedResponse({ type: JobDto })
  async ledger(@Body() input: PatrolLedgerDto): Promise<JobDto> {
    return toJobDto(await this.queue.enqueue(PATROL_LEDGER_JOB, { filter: plainFilter(input) }));
  }
}
