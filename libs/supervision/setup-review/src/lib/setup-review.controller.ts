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
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  ApiFileResponse,
  CurrentPrincipal,
  ListQueryDto,
  Principal,
  Public,
  RequirePermissions,
} from '@outfall/common';
import { plainFilter } from '@outfall/directory';
import { JobDto, QueueService, toJobDto } from '@outfall/queue';
import { Permission } from '@outfall/shared-types';
import {
  CreateSetupApplicationDto,
  MultiOutfallPageDto,
  MultiOutfallQueryDto,
  PublishedSetupPageDto,
  SetupApplicationQueryDto,
  SetupConsultationDto,
  SetupDecisionDto,
  SetupFilingDto,
  SetupLedgerDto,
  SetupNotificationDto,
  SetupRouteAnswer,
  SetupRouteQueryDto,
  UpdateSetupApplicationDto,
} from './dto/setup-review.dto';
import { SETUP_REVIEW_LEDGER_JOB } from './ledgers/setup-review-ledger.job';
import {
  SetupApplication,
  SetupDocument,
  SetupNotification,
  SetupRuleResult,
} from './setup-application.entity';
import { SetupNotificationsService } from './setup-notifications.service';
import { MAX_DOCUMENT_BYTES, SetupReviewService } from './setup-review.service';

/** The REST view of an application (OpenAPI schema): the record, names and the rules with their reasons. */
export class SetupApplicationViewDto extends SetupApplication {
  @ApiProperty({ nullable: true, type: String }) applicantName: string | null;
  @ApiProperty({ nullable: true, type: String }) divisionName: string | null;
  @ApiProperty({ nullable: true, type: String }) waterBodyName: string | null;
  @ApiProperty({ nullable: true, type: String }) functionZoneName: string | null;
  @ApiProperty({ nullable: true, type: String }) outfallCode: string | null;
  @ApiProperty({ type: [SetupRuleResult] }) rules: SetupRuleResult[];
}

class SetupApplicationPageDto {
  @ApiProperty({ type: [SetupApplicationViewDto] }) items: SetupApplicationViewDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

class DocumentUploadDto {
  @ApiProperty({ type: 'string', format: 'binary' }) file: unknown;
}

/** 设置审核与登记: applications, their rules, consultation, decision / filing, publication, notifications. */
@ApiTags('setup-review')
@ApiBearerAuth()
@ApiSecurity('api-key')
@ApiExtraModels(SetupApplicationViewDto)
@Controller('setup-review')
export class SetupReviewController {
  constructor(
    private readonly service: SetupReviewService,
    private readonly notifications: SetupNotificationsService,
    private readonly queue: QueueService,
  ) {}

  /** Which route a category follows: approval (审批) or registration (登记), with the reason. */
  @Get('route')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: SetupRouteAnswer })
  route(@Query() query: SetupRouteQueryDto): SetupRouteAnswer {
    return this.service.routeFor(query.category);
  }

  /** Approved and filed results marked for publication: publication fields only. */
  @Get('published')
  @Public()
  @ApiOkResponse({ type: PublishedSetupPageDto })
  published(@Query() query: ListQueryDto): Promise<PublishedSetupPageDto> {
    return this.service.published(query);
  }

  /** Outfall setup applications (设置审核), filtered, one page. */
  @Get('applications')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: SetupApplicationPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: SetupApplicationQueryDto) {
    return this.service.list(principal, query);
  }

  /** One setup application. */
  @Get('applications/:id')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ schema: { $ref: getSchemaPath(SetupApplicationViewDto) } })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.service.detail(principal, id);
  }

  /** A draft application (or registration); the route follows the category and a wrong one is refused. */
  @Post('applications')
  @RequirePermissions(Permission.SetupReviewWrite)
  @ApiCreatedResponse({ type: SetupApplicationViewDto })
  create(@CurrentPrincipal() principal: Principal, @Body() input: CreateSetupApplicationDto) {
    return this.service.create(principal, input);
  }

  /** Updates a setup application. */
  @Patch('applications/:id')
  @RequirePermissions(Permission.SetupReviewWrite)
  @ApiOkResponse({ type: SetupApplicationViewDto })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdateSetupApplicationDto,
  ) {
    return this.service.update(principal, id, input);
  }

  /** Submits a setup application for review. */
  @Post('applications/:id/submit')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.SetupReviewWrite)
  @ApiOkResponse({ type: SetupApplicationViewDto })
  submit(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.service.submit(principal, id);
  }

  /** 水行政主管部门意见, required before a decision when the application flags a possible effect. */
  @Post('applications/:id/consultation')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.SetupReviewDecide)
  @ApiOkResponse({ type: SetupApplicationViewDto })
  consult(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: SetupConsultationDto,
  ) {
    return this.service.consult(principal, id, input);
  }

  /** 审批: approve with conditions / refuse with reasons, document number and date (eco branch). */
  @Post('applications/:id/decision')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.SetupReviewDecide)
  @ApiOkResponse({ type: SetupApplicationViewDto })
  decide(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: SetupDecisionDto,
  ) {
    return this.service.decide(principal, id, input);
  }

  /** 登记备案: a registration is filed, not approved (eco branch). */
  @Post('applications/:id/filing')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.SetupReviewDecide)
  @ApiOkResponse({ type: SetupApplicationViewDto })
  file(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: SetupFilingDto,
  ) {
    return this.service.file(principal, id, input);
  }

  /** Multipart upload (`file`): PDF, DOCX, XLSX, JPEG or PNG, at most 10 MB. */
  @Post('applications/:id/documents')
  @RequirePermissions(Permission.SetupReviewWrite)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: DocumentUploadDto })
  @ApiCreatedResponse({ type: SetupDocument })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1 } }))
  upload(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @UploadedFile() file: { originalname: string; buffer: Buffer; size: number } | undefined,
  ) {
    return this.service.addDocument(principal, id, file);
  }

  /** Downloads a document of a setup application. */
  @Get('applications/:id/documents/:documentId')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiFileResponse('The stored document, with its own media type', '*/*')
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
  ): Promise<StreamableFile> {
    const { document, stream } = await this.service.openDocument(principal, id, documentId);
    return new StreamableFile(stream, {
      type: document.contentType,
      disposition: `inline; filename*=UTF-8''${encodeURIComponent(document.fileName)}`,
    });
  }

  /** Queues the setup-review ledger (设置审核台账) as XLSX for the filters, within the caller's jurisdiction. */
  @Post('ledgers')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.DirectoryRead)
  @ApiAcceptedResponse({ type: JobDto })
  async ledger(@Body() input: SetupLedgerDto): Promise<JobDto> {
    return toJobDto(await this.queue.enqueue(SETUP_REVIEW_LEDGER_JOB, { filter: plainFilter(input) }));
  }

  /** 三(二)2: records that an enterprise notified the eco branch of its outfalls outside a park. */
  @Post('notifications')
  @RequirePermissions(Permission.SetupReviewWrite)
  @ApiCreatedResponse({ type: SetupNotification })
  notify(@CurrentPrincipal() principal: Principal, @Body() input: SetupNotificationDto) {
    return this.notifications.record(principal, input);
  }

  /** Setup-review notifications, one page. */
  @Get('notifications')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: [SetupNotification] })
  notificationList(@CurrentPrincipal() principal: Principal) {
    return this.notifications.list(principal);
  }

  /** Industrial/mining enterprises with two or more outfalls outside a park; flagged without a notification. */
  @Get('multi-outfall-enterprises')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: MultiOutfallPageDto })
  multiOutfall(@CurrentPrincipal() principal: Principal, @Query() query: MultiOutfallQueryDto) {
    return this.notifications.multiOutfall(principal, query);
  }
}
