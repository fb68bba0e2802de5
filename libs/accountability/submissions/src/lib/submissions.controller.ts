import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
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
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
  ApiCreatedResponse,
} from '@nestjs/swagger';
import {
  ApiFileResponse,
  CurrentPrincipal,
  DomainException,
  Principal,
  RequirePermissions,
  XLSX_MEDIA_TYPE,
} from '@outfall/common';
import { plainFilter } from '@outfall/directory';
import { JobDto, QueueService, toJobDto } from '@outfall/queue';
import { Permission } from '@outfall/shared-types';
import { ArchiveService } from './archive.service';
import { AssessmentService } from './assessment.service';
import { AccountabilityConfigService } from './config.service';
import { AccountabilityFilesService, MAX_ACCOUNTABILITY_FILE_BYTES, UploadedDocument } from './files.service';
import { NoticesService } from './notices.service';
import { PackagesService } from './packages.service';
import {
  ArchiveQueryDto,
  GeneratePackageDto,
  MatrixQueryDto,
  NoticeQueryDto,
  PackageReceiptDto,
  QuarterQueryDto,
  RespondNoticeDto,
  ReviewNoticeDto,
  ReviewSubmissionDto,
  SaveConfigDto,
  SendNoticeDto,
  SubmissionQueryDto,
  SubmitDto,
} from './submissions.dto';
import {
  AccountabilityFileResponse,
  ArchivePageResponse,
  AssessmentResponse,
  ConfigResponse,
  ConfigVersionResponse,
  MatrixResponse,
  NoticePageResponse,
  NoticeResponse,
  PackageResponse,
  QueuedPackageResponse,
  SubmissionPageResponse,
  SubmissionResponse,
} from './submissions.responses';
import { reportingQuarter, SubmissionsService } from './submissions.service';
import { ARCHIVE_LEDGER_JOB } from './upward-package.job';
import { previousQuarter, parseQuarter, quarterName } from '@outfall/progress';

/** The last `n` ended quarters, oldest first. */
function lastQuarters(n: number): string[] {
  let q = parseQuarter(reportingQuarter());
  const out: string[] = [];
  for (let i = 0; i < n && q; i++, q = previousQuarter(q)) out.unshift(quarterName(q));
  return out;
}

/**
 * Accountability (督办、信息报送、上报、考核): the eco branch (AccountabilityManage) sees every unit, a unit's own
 * accounts (SubmissionWrite) only their unit.
 */
@ApiTags('accountability')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('accountability')
export class SubmissionsController {
  constructor(
    private readonly notices: NoticesService,
    private readonly submissions: SubmissionsService,
    private readonly files: AccountabilityFilesService,
    private readonly config: AccountabilityConfigService,
    private readonly assessment: AssessmentService,
    private readonly archive: ArchiveService,
    private readonly packages: PackagesService,
    private readonly queue: QueueService,
  ) {}

  /** Multipart upload (`file`): PDF, JPEG, PNG, Word, Excel or ZIP, at most 20 MB; attach it by id. */
  @Post('files')
  @RequirePermissions(Permission.SubmissionWrite)
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ type: AccountabilityFileResponse })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_ACCOUNTABILITY_FILE_BYTES, files: 1 } }))
  upload(@CurrentPrincipal() principal: Principal, @UploadedFile() file: UploadedDocument | undefined) {
    return this.files.upload(principal, file);
  }

  /** Downloads an accountability file. */
  @Get('files/:id')
  @RequirePermissions(Permission.OrgRead)
  @ApiFileResponse('The stored file, with its own media type', '*/*')
  async download(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    const { file, stream } = await this.files.open(principal, id);
    return new StreamableFile(stream, {
      type: file.contentType,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }

  // ── supervision notices (督办) ──
  /** Supervision notices (督办) in the caller's scope, one page. */
  @Get('notices')
  @RequirePermissions(Permission.OrgRead)
  @ApiOkResponse({ type: NoticePageResponse })
  listNotices(@CurrentPrincipal() principal: Principal, @Query() query: NoticeQueryDto) {
    return this.notices.list(principal, query);
  }

  /** One supervision notice. */
  @Get('notices/:id')
  @RequirePermissions(Permission.OrgRead)
  @ApiOkResponse({ type: NoticeResponse })
  notice(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.notices.get(principal, id);
  }

  /** Sends a supervision notice to a unit. */
  @Post('notices')
  @RequirePermissions(Permission.AccountabilityManage)
  @ApiCreatedResponse({ type: NoticeResponse })
  send(@CurrentPrincipal() principal: Principal, @Body() input: SendNoticeDto) {
    return this.notices.send(principal, input);
  }

  /** Records the unit's response to a supervision notice. */
  @Post('notices/:id/response')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.SubmissionWrite)
  @ApiOkResponse({ type: NoticeResponse })
  respond(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: RespondNoticeDto,
  ) {
    return this.notices.respond(principal, id, input);
  }

  /** close, or return (send back, with a note). */
  @Post('notices/:id/review')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.AccountabilityManage)
  @ApiOkResponse({ type: NoticeResponse })
  reviewNotice(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: ReviewNoticeDto,
  ) {
    return this.notices.review(principal, id, input);
  }

  // ── information submission (信息报送) ──
  /** Quarterly information submissions in the caller's scope, one page. */
  @Get('submissions')
  @RequirePermissions(Permission.OrgRead)
  @ApiOkResponse({ type: SubmissionPageResponse })
  listSubmissions(@CurrentPrincipal() principal: Principal, @Query() query: SubmissionQueryDto) {
    return this.submissions.list(principal, query);
  }

  /** Units × quarters with on time / late / missing / pending (default: the last four ended quarters). */
  @Get('submissions/matrix')
  @RequirePermissions(Permission.OrgRead)
  @ApiOkResponse({ type: MatrixResponse })
  matrix(@CurrentPrincipal() principal: Principal, @Query() query: MatrixQueryDto) {
    return this.submissions.matrix(principal, query.quarters ? query.quarters.split(',') : lastQuarters(4));
  }

  /** One quarterly information submission. */
  @Get('submissions/:id')
  @RequirePermissions(Permission.OrgRead)
  @ApiOkResponse({ type: SubmissionResponse })
  submission(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.submissions.get(principal, id);
  }

  /** The unit's quarterly report; a returned one is resubmitted the same way (with its version). */
  @Post('submissions')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.SubmissionWrite)
  @ApiOkResponse({ type: SubmissionResponse })
  submit(@CurrentPrincipal() principal: Principal, @Body() input: SubmitDto) {
    return this.submissions.submit(principal, input);
  }

  /** accept, or return with a reason. */
  @Post('submissions/:id/review')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.AccountabilityManage)
  @ApiOkResponse({ type: SubmissionResponse })
  reviewSubmission(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: ReviewSubmissionDto,
  ) {
    return this.submissions.review(principal, id, input);
  }

  // ── assessment (考核) ──
  /** The quarter's accountability assessment: scores per unit (default: the reporting quarter). */
  @Get('assessment')
  @RequirePermissions(Permission.OrgRead)
  @ApiOkResponse({ type: AssessmentResponse })
  assess(@CurrentPrincipal() principal: Principal, @Query() query: QuarterQueryDto) {
    return this.assessment.assess(principal, query.quarter ?? reportingQuarter());
  }

  /** The accountability configuration in force. */
  @Get('config')
  @RequirePermissions(Permission.OrgRead)
  @ApiOkResponse({ type: ConfigResponse })
  currentConfig() {
    return this.config.current();
  }

  /** Every version of the accountability configuration, newest first. */
  @Get('config/versions')
  @RequirePermissions(Permission.AccountabilityManage)
  @ApiOkResponse({ type: [ConfigVersionResponse] })
  configVersions() {
    return this.config.versions();
  }

  /** Saves a new version of the configuration (submission deadline days, weights and caps). */
  @Put('config')
  @RequirePermissions(Permission.AccountabilityManage)
  @ApiOkResponse({ type: ConfigVersionResponse })
  saveConfig(@CurrentPrincipal() principal: Principal, @Body() input: SaveConfigDto) {
    return this.config.save(principal, input.config, input.note);
  }

  // ── upward package (上报州生态环境局) ──
  /** Archive completeness, one page. */
  @Get('archive-completeness')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: ArchivePageResponse })
  archiveList(@CurrentPrincipal() principal: Principal, @Query() query: ArchiveQueryDto) {
    return this.archive.list(principal, query);
  }

  /** Queues an export of the archive-completeness list; poll the job, then download its file. */
  @Post('archive-completeness/export')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.DirectoryRead)
  @ApiAcceptedResponse({ type: JobDto })
  async archiveExport(
    @CurrentPrincipal() principal: Principal,
    @Body() input: ArchiveQueryDto,
  ): Promise<JobDto> {
    if (input.missing || input.divisionId || input.incomplete !== undefined)
      await this.archive.list(principal, { ...input, limit: 1 });
    const { limit: _l, offset: _o, sort: _s, ...filter } = input;
    return toJobDto(await this.queue.enqueue(ARCHIVE_LEDGER_JOB, { filter: plainFilter(filter) }));
  }

  /** Upward packages (to the prefecture bureau) of a quarter. */
  @Get('packages')
  @RequirePermissions(Permission.AccountabilityManage)
  @ApiOkResponse({ type: [PackageResponse] })
  listPackages(@Query() query: QuarterQueryDto) {
    return this.packages.list(query.quarter);
  }

  /** One upward package. */
  @Get('packages/:id')
  @RequirePermissions(Permission.AccountabilityManage)
  @ApiOkResponse({ type: PackageResponse })
  package(@Param('id', ParseUUIDPipe) id: string) {
    return this.packages.get(id);
  }

  /** Queues the quarter's package (XLSX + JSON); poll the job, then the package. */
  @Post('packages')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.AccountabilityManage)
  @ApiAcceptedResponse({ type: QueuedPackageResponse })
  async generate(@CurrentPrincipal() principal: Principal, @Body() input: GeneratePackageDto) {
    const { package: pkg, job } = await this.packages.generate(principal, input.quarter);
    return { ...pkg, job: toJobDto(job) };
  }

  /** When it was sent and the bureau's receipt number and date. */
  @Put('packages/:id/receipt')
  @RequirePermissions(Permission.AccountabilityManage)
  @ApiOkResponse({ type: PackageResponse })
  receipt(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: PackageReceiptDto,
  ) {
    return this.packages.receipt(principal, id, input);
  }

  /** Downloads a file of an upward package (`json` or `xlsx`). */
  @Get('packages/:id/files/:kind')
  @RequirePermissions(Permission.AccountabilityManage)
  @ApiFileResponse('The package as JSON or XLSX', 'application/json', XLSX_MEDIA_TYPE)
  async packageFile(@Param('id', ParseUUIDPipe) id: string, @Param('kind') kind: string) {
    if (kind !== 'json' && kind !== 'xlsx')
      throw DomainException.invalid('kind', 'kind must be json or xlsx');
    const file = await this.packages.open(id, kind);
    return new StreamableFile(file.stream, {
      type: file.contentType,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }
}
