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
  ApiBearerAuth,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
  ApiCreatedResponse,
} from '@nestjs/swagger';
import {
  ApiFileResponse,
  CurrentPrincipal,
  Principal,
  RequirePermissions,
  XLSX_CONTENT_TYPE,
  XLSX_MEDIA_TYPE,
} from '@outfall/common';
import {
  ImportMode,
  ImportRequestDto,
  MAX_IMPORT_BYTES,
  OutfallsService,
  plainFilter,
  UploadedSpreadsheet,
} from '@outfall/directory';
import { JobDto, QueueService, toJobDto } from '@outfall/queue';
import { Permission } from '@outfall/shared-types';
import {
  CreateIndicatorDto,
  CreateSampleDto,
  CreateStandardDto,
  ExceedanceQueryDto,
  IngestResultDto,
  LedgerRequestDto,
  OutfallStandardSettingDto,
  RequiredIndicatorRuleDto,
  SampleBatchDto,
  SampleQueryDto,
  SampleViewDto,
  SampleViewPage,
  TracingDto,
  TracingQueryDto,
  TracingRecordPage,
  UpdateIndicatorDto,
  UpdateRequiredIndicatorRuleDto,
  UpdateStandardDto,
  UpdateTracingDto,
} from './dto/monitoring.dto';
import {
  ChronicOutfallViewPage,
  ExceedanceViewPage,
  OutfallMonitoringStatus,
  PollutionSourceViewPage,
  StandardResolution,
} from './dto/monitoring.responses';
import { Indicator } from './indicators/indicator.entity';
import { IndicatorsService } from './indicators/indicators.service';
import { RequiredIndicatorRule } from './indicators/required-indicator-rule.entity';
import { RequiredIndicatorsService } from './indicators/required-indicators.service';
import { OutfallRequiredIndicatorsType } from './indicators/required-indicators.types';
import { MONITORING_LEDGER_JOB } from './ledgers/monitoring-ledger.job';
import { MonitoringService } from './monitoring.service';
import { ExceedanceService } from './samples/exceedance.service';
import { SampleImportJob } from './samples/sample-import.job';
import { SamplesService } from './samples/samples.service';
import { DischargeStandard } from './standards/discharge-standard.entity';
import { OutfallStandardSetting } from './standards/outfall-standard-setting.entity';
import { StandardsService } from './standards/standards.service';
import { TracingService } from './tracing/tracing.service';

/** The indicator and standards catalogues, and which standard applies to an outfall. */
@ApiTags('standards')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller()
export class StandardsController {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly standards: StandardsService,
    private readonly monitoring: MonitoringService,
    private readonly required: RequiredIndicatorsService,
  ) {}

  /** Requirement rules (必测指标要求): indicators required beyond the seven, per source type, water or zone. */
  @Get('required-indicator-rules')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: [RequiredIndicatorRule] })
  listRequiredRules(): Promise<RequiredIndicatorRule[]> {
    return this.required.list();
  }

  /** One required-indicator rule. */
  @Get('required-indicator-rules/:id')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: RequiredIndicatorRule })
  getRequiredRule(@Param('id', ParseUUIDPipe) id: string): Promise<RequiredIndicatorRule> {
    return this.required.get(id);
  }

  /** Creates a required-indicator rule. */
  @Post('required-indicator-rules')
  @RequirePermissions(Permission.StandardsManage)
  @ApiCreatedResponse({ type: RequiredIndicatorRule })
  createRequiredRule(@Body() input: RequiredIndicatorRuleDto): Promise<RequiredIndicatorRule> {
    return this.required.create(input);
  }

  /** Replaces a rule (send the version you read; a stale version answers 409). */
  @Put('required-indicator-rules/:id')
  @RequirePermissions(Permission.StandardsManage)
  @ApiOkResponse({ type: RequiredIndicatorRule })
  updateRequiredRule(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdateRequiredIndicatorRuleDto,
  ): Promise<RequiredIndicatorRule> {
    return this.required.update(id, input);
  }

  /** Only added rules; a shipped one answers 409 (deactivate it instead). */
  @Delete('required-indicator-rules/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.StandardsManage)
  @ApiNoContentResponse()
  removeRequiredRule(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.required.remove(id);
  }

  /** The outfall's required indicators (the seven + matching rules, each with its reasons) and what its latest sample lacks. */
  @Get('outfalls/:id/required-indicators')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: OutfallRequiredIndicatorsType })
  outfallRequired(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.required.forOutfall(principal, id);
  }

  /** Monitoring indicators (pollutant codes, units). */
  @Get('indicators')
  @RequirePermissions(Permission.DirectoryRead)
  listIndicators(): Promise<Indicator[]> {
    return this.indicators.list();
  }

  /** Adds a monitoring indicator. */
  @Post('indicators')
  @RequirePermissions(Permission.StandardsManage)
  createIndicator(@Body() input: CreateIndicatorDto): Promise<Indicator> {
    return this.indicators.create(input);
  }

  /** Updates a monitoring indicator. */
  @Patch('indicators/:code')
  @RequirePermissions(Permission.StandardsManage)
  updateIndicator(@Param('code') code: string, @Body() input: UpdateIndicatorDto): Promise<Indicator> {
    return this.indicators.update(code, input);
  }

  /** Only added indicators no sample uses; the seven required ones answer 409. */
  @Delete('indicators/:code')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.StandardsManage)
  removeIndicator(@Param('code') code: string): Promise<void> {
    return this.indicators.remove(code);
  }

  /** Every standard grade with its limit rules (national built-in, provincial and local). */
  @Get('standards')
  @RequirePermissions(Permission.DirectoryRead)
  listStandards(): Promise<DischargeStandard[]> {
    return this.standards.list();
  }

  /** One grade; ids contain "/" in provincial numbers: URL-encode them (DB65%2F1234-2024:1). */
  @Get('standards/:id')
  @RequirePermissions(Permission.DirectoryRead)
  getStandard(@Param('id') id: string): Promise<DischargeStandard> {
    return this.standards.get(id);
  }

  /** Adds a provincial or local standard grade; with `overridesId` it replaces that national grade. */
  @Post('standards')
  @RequirePermissions(Permission.StandardsManage)
  createStandard(@Body() input: CreateStandardDto): Promise<DischargeStandard> {
    return this.monitoring.createStandard(input);
  }

  /** Updates a discharge standard. */
  @Patch('standards/:id')
  @RequirePermissions(Permission.StandardsManage)
  updateStandard(@Param('id') id: string, @Body() input: UpdateStandardDto): Promise<DischargeStandard> {
    return this.monitoring.updateStandard(id, input);
  }

  /** Deletes a discharge standard. */
  @Delete('standards/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.StandardsManage)
  removeStandard(@Param('id') id: string): Promise<void> {
    return this.standards.remove(id);
  }

  /** The standard that applies to this outfall and why ("WWTP, grade 1A configured, built 2012"). */
  @Get('outfalls/:id/standard')
  @RequirePermissions(Permission.DirectoryRead)
  resolution(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<StandardResolution> {
    return this.standards.resolution(principal, id);
  }

  /** The discharge standard set for an outfall, with its limits. */
  @Get('outfalls/:id/standard-setting')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: OutfallStandardSetting, description: 'An empty body when none is set' })
  setting(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<OutfallStandardSetting | null> {
    return this.standards.setting(principal, id);
  }

  /** Plant grade and build date (WWTPs) and a manual override with its reason; samples are reassessed. */
  @Put('outfalls/:id/standard-setting')
  @RequirePermissions(Permission.MonitoringWrite)
  putSetting(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: OutfallStandardSettingDto,
  ) {
    return this.monitoring.putSetting(principal, id, input);
  }
}

/** Monitoring records (监测记录), exceedances and the ledgers. */
@ApiTags('monitoring')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller()
export class SamplesController {
  constructor(
    private readonly samples: SamplesService,
    private readonly exceedances: ExceedanceService,
    private readonly imports: SampleImportJob,
    private readonly queue: QueueService,
    private readonly outfalls: OutfallsService,
  ) {}

  /** Samples with their readings and assessments, filtered, sorted (`sampledAt`, `createdAt`), paginated. */
  @Get('samples')
  @RequirePermissions(Permission.DirectoryRead)
  list(@CurrentPrincipal() principal: Principal, @Query() query: SampleQueryDto): Promise<SampleViewPage> {
    return this.samples.list(principal, query);
  }

  /** Downloads the XLSX template for importing samples. */
  @Get('samples/import-template')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiFileResponse('XLSX template', XLSX_MEDIA_TYPE)
  async template(): Promise<StreamableFile> {
    return new StreamableFile(await this.imports.template(), {
      type: XLSX_CONTENT_TYPE,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent('监测数据导入模板.xlsx')}`,
    });
  }

  /** One monitoring sample. */
  @Get('samples/:id')
  @RequirePermissions(Permission.DirectoryRead)
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SampleViewDto> {
    return this.samples.get(principal, id);
  }

  /** One sample with its readings; the same outfall + time + source updates that sample. */
  @Post('samples')
  @RequirePermissions(Permission.MonitoringWrite)
  create(@CurrentPrincipal() principal: Principal, @Body() input: CreateSampleDto): Promise<SampleViewDto> {
    return this.samples.createOne(principal, input);
  }

  /**
   * Up to 10 000 readings in one request (one row per indicator value). All-or-nothing: any bad row rejects
   * the batch (400, every bad row listed as `rows[i].field`); the same batch again changes nothing.
   */
  @Post('samples/batch')
  @RequirePermissions(Permission.MonitoringWrite)
  batch(@CurrentPrincipal() principal: Principal, @Body() input: SampleBatchDto): Promise<IngestResultDto> {
    return this.samples.ingestBatch(principal, input.rows);
  }

  /** Imports samples from XLSX_CONTENT_TYPE/CSV (one row per sample, one column per indicator) as a queued job. */
  @Post('samples/imports')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.MonitoringWrite)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }))
  async import(
    @UploadedFile() file: UploadedSpreadsheet | undefined,
    @Body() body: ImportRequestDto,
  ): Promise<JobDto> {
    return toJobDto(await this.imports.start(file, body.mode ?? ImportMode.AllOrNothing));
  }

  /** Deletes a monitoring sample. */
  @Delete('samples/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.MonitoringWrite)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.samples.remove(principal, id);
  }

  /** Exceeding readings (超标) with the limit applied and the multiple; sort `sampledAt`, `exceedanceMultiple`. */
  @Get('exceedances')
  @RequirePermissions(Permission.DirectoryRead)
  exceedanceList(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ExceedanceQueryDto,
  ): Promise<ExceedanceViewPage> {
    return this.exceedances.list(principal, query);
  }

  /** Outfalls with chronic exceedance: at least CHRONIC_EXCEEDANCE_COUNT of the last WINDOW samples exceed. */
  @Get('exceedances/chronic')
  @RequirePermissions(Permission.DirectoryRead)
  chronic(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ExceedanceQueryDto,
  ): Promise<ChronicOutfallViewPage> {
    return this.exceedances.chronic(principal, query);
  }

  /** Latest reading per indicator, exceedances in the last 12 months, the chronic flag, the standard. */
  @Get('outfalls/:id/monitoring-status')
  @RequirePermissions(Permission.DirectoryRead)
  status(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<OutfallMonitoringStatus> {
    return this.exceedances.outfallStatus(principal, id);
  }

  /** Queues a ledger as XLSX_CONTENT_TYPE: water-quality monitoring, tracing results or the pollution-source list. */
  @Post('monitoring/ledgers')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.DirectoryRead)
  async ledger(@CurrentPrincipal() principal: Principal, @Body() input: LedgerRequestDto): Promise<JobDto> {
    const { kind, ...filter } = input;
    // one outfall's ledger: 404 outside the caller's jurisdiction, the same answer as reading it
    if (filter.outfallId) await this.outfalls.get(principal, filter.outfallId);
    return toJobDto(await this.queue.enqueue(MONITORING_LEDGER_JOB, { kind, filter: plainFilter(filter) }));
  }
}

/** Tracing records (溯源) and the pollution-source list (污染源清单). */
@ApiTags('tracing')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller()
export class TracingController {
  constructor(private readonly tracing: TracingService) {}

  /** Tracing records (溯源), filtered, one page. */
  @Get('tracing')
  @RequirePermissions(Permission.DirectoryRead)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: TracingQueryDto,
  ): Promise<TracingRecordPage> {
    return this.tracing.list(principal, query);
  }

  /** One tracing record. */
  @Get('tracing/:id')
  @RequirePermissions(Permission.DirectoryRead)
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.tracing.get(principal, id);
  }

  /** Records tracing for an outfall; `complete` with `completedOn` sets its "traced" milestone. */
  @Post('outfalls/:id/tracing')
  @RequirePermissions(Permission.MonitoringWrite)
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: TracingDto,
  ) {
    return this.tracing.create(principal, id, input);
  }

  /** Replaces a tracing record (send the version you read; a stale version answers 409). */
  @Put('tracing/:id')
  @RequirePermissions(Permission.MonitoringWrite)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdateTracingDto,
  ) {
    return this.tracing.update(principal, id, input);
  }

  /** Deletes a tracing record. */
  @Delete('tracing/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.MonitoringWrite)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.tracing.remove(principal, id);
  }

  /** The pollution-source list: per traced outfall, its sources, main pollutants, flow and latest status. */
  @Get('pollution-sources')
  @RequirePermissions(Permission.DirectoryRead)
  pollutionSources(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ExceedanceQueryDto,
  ): Promise<PollutionSourceViewPage> {
    return this.tracing.pollutionSources(principal, query);
  }
}
