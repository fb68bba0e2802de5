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
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ApiFileResponse, CurrentPrincipal, Principal, RequirePermissions } from '@outfall/common';
import { plainFilter } from '@outfall/directory';
import { JobDto, QueueService, toJobDto } from '@outfall/queue';
import { Permission } from '@outfall/shared-types';
import {
  CaseDetailResponse,
  CaseEventResponse,
  CaseLedgerDto,
  CasePageResponse,
  CaseQueryDto,
  CaseResponse,
  CaseTransitionDto,
  EvidenceCheckResponse,
  EvidenceResponse,
  EvidenceUploadDto,
  OpenCaseDto,
  UpdateCaseDto,
} from './enforcement.dto';
import { EnforcementService, MAX_EVIDENCE_BYTES, UploadedEvidence } from './enforcement.service';
import { ENFORCEMENT_LEDGER_JOB } from './enforcement-ledger.job';

const evidenceView = ({
  storageKey: _key,
  case: _case,
  ...evidence
}: EvidenceResponse & { storageKey?: string; case?: unknown }) => evidence;

/** Enforcement cases (执法案件): open, edit, the workflow to closure, evidence with its hash, the ledger. */
@ApiTags('enforcement')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('enforcement')
export class EnforcementController {
  constructor(
    private readonly cases: EnforcementService,
    private readonly queue: QueueService,
  ) {}

  /** Cases, filtered (kind, status, source, origin, township, outfall, overdue, registration period) and sorted. */
  @Get('cases')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: CasePageResponse })
  list(@CurrentPrincipal() principal: Principal, @Query() query: CaseQueryDto) {
    return this.cases.list(principal, query);
  }

  /** The case with its timeline and evidence (with SHA-256). */
  @Get('cases/:id')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: CaseDetailResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.cases.detail(principal, id);
  }

  /** The history (events) of an enforcement case. */
  @Get('cases/:id/events')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: [CaseEventResponse] })
  events(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.cases.timeline(principal, id);
  }

  /** Opens a case: directly, or from an exceedance, a chronic exceeder, a patrol finding or a public report. */
  @Post('cases')
  @RequirePermissions(Permission.EnforcementWrite)
  @ApiCreatedResponse({ type: CaseResponse })
  open(@CurrentPrincipal() principal: Principal, @Body() input: OpenCaseDto) {
    return this.cases.openCase(principal, input);
  }

  /** Updates an enforcement case's fields. */
  @Patch('cases/:id')
  @RequirePermissions(Permission.EnforcementWrite)
  @ApiOkResponse({ type: CaseResponse })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdateCaseDto,
  ) {
    return this.cases.update(principal, id, input);
  }

  /** A workflow step: investigate, decide_penalty, order_rectification, close, dismiss. */
  @Post('cases/:id/transitions')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.EnforcementWrite)
  @ApiOkResponse({ type: CaseResponse })
  transition(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: CaseTransitionDto,
  ) {
    return this.cases.transition(principal, id, input);
  }

  /** The evidence files of an enforcement case. */
  @Get('cases/:id/evidence')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: [EvidenceResponse] })
  async evidence(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return (await this.cases.evidence(principal, id)).map(evidenceView);
  }

  /** Multipart upload (`file`, optional `note`), at most 20 MB; the SHA-256 of the bytes is stored and returned. */
  @Post('cases/:id/evidence')
  @RequirePermissions(Permission.EnforcementWrite)
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ type: EvidenceResponse })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1 } }))
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @UploadedFile() file: UploadedEvidence | undefined,
    @Body() body: EvidenceUploadDto,
  ) {
    return evidenceView(await this.cases.addEvidence(principal, id, file, body.note));
  }

  /** Downloads one evidence file of an enforcement case. */
  @Get('cases/:id/evidence/:evidenceId')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiFileResponse('The stored evidence file, with its own media type', '*/*')
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('evidenceId', ParseUUIDPipe) evidenceId: string,
  ): Promise<StreamableFile> {
    const { evidence, stream } = await this.cases.openEvidence(principal, id, evidenceId);
    return new StreamableFile(stream, {
      type: evidence.contentType,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(evidence.fileName)}`,
    });
  }

  /** Hashes the stored bytes again: `intact` when they still match the hash taken on upload. */
  @Get('cases/:id/evidence/:evidenceId/check')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: EvidenceCheckResponse })
  check(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('evidenceId', ParseUUIDPipe) evidenceId: string,
  ) {
    return this.cases.checkEvidence(principal, id, evidenceId);
  }

  /** Queues the case ledger (执法案件台账) as XLSX for the filters, within the caller's jurisdiction. */
  @Post('ledger')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.DirectoryRead)
  @ApiAcceptedResponse({ type: JobDto, description: 'The queued job' })
  async ledger(@CurrentPrincipal() principal: Principal, @Body() input: CaseLedgerDto): Promise<JobDto> {
    return toJobDto(await this.queue.enqueue(ENFORCEMENT_LEDGER_JOB, { filter: plainFilter(input) }));
  }
}
