import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  StreamableFile,
  UploadedFiles,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiFileResponse,
  CurrentPrincipal,
  DomainException,
  Principal,
  Public,
  RequirePermissions,
} from '@outfall/common';
import { FileStorage } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PublicReportPhoto } from './public-report.entity';
import {
  AssignPublicReportDto,
  ChallengeResponse,
  CreatedPublicReportResponse,
  CreatePublicReportDto,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  OutcomeDto,
  PublicReportDetailResponse,
  PublicReportEventResponse,
  PublicReportPageResponse,
  PublicReportQueryDto,
  PublicReportResponse,
  ReplyDto,
  TrackQueryDto,
  TrackResponse,
} from './public-reports.dto';
import { PublicReportsService, UploadedPhoto } from './public-reports.service';
import { PublicRateLimit, PublicRateLimitGuard } from './rate-limit.guard';

/** The public side (no login): proof-of-work challenge, intake, tracking. Rate-limited per client address. */
@ApiTags('public-reports')
@Controller('public/reports')
@UseGuards(PublicRateLimitGuard)
export class PublicIntakeController {
  constructor(private readonly reports: PublicReportsService) {}

  /** An HMAC-signed challenge: find a nonce so that sha256(challenge + nonce) has `bits` leading zero bits. */
  @Get('challenge')
  @Public()
  @PublicRateLimit('read')
  @ApiOkResponse({ type: ChallengeResponse })
  challenge(): ChallengeResponse {
    return this.reports.challenge();
  }

  /**
   * Multipart: the fields of CreatePublicReportDto and up to 3 `photos` (JPEG / PNG / WebP by their bytes, 5 MB
   * each; location metadata removed before storage). Answers the tracking number and the secret (shown once).
   */
  @Post()
  @Public()
  @PublicRateLimit('submit')
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ type: CreatedPublicReportResponse })
  @UseInterceptors(
    FilesInterceptor('photos', MAX_PHOTOS, {
      limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS, fields: 20, fieldSize: 16 * 1024 },
    }),
  )
  submit(@Body() input: CreatePublicReportDto, @UploadedFiles() photos: UploadedPhoto[] | undefined) {
    return this.reports.submit(input, photos ?? []);
  }

  /** Status, public timeline and outcome; a wrong secret answers 404 exactly as an unknown number. */
  @Get('track')
  @Public()
  @PublicRateLimit('read')
  @ApiOkResponse({ type: TrackResponse })
  track(@Query() query: TrackQueryDto) {
    return this.reports.track(query.number, query.secret);
  }
}

const eventView = ({ report: _r, ...event }: PublicReportEventResponse & { report?: unknown }) => event;

/** Triage of public reports (公众举报办理). */
@ApiTags('public-reports')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('public-reports')
export class PublicReportsController {
  constructor(
    private readonly reports: PublicReportsService,
    private readonly storage: FileStorage,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Filtered (status, outcome, overdue, unit, township, received period, text), paged and sorted. */
  @Get()
  @RequirePermissions(Permission.PublicReportTriage)
  @ApiOkResponse({ type: PublicReportPageResponse })
  list(@CurrentPrincipal() principal: Principal, @Query() query: PublicReportQueryDto) {
    return this.reports.list(principal, query);
  }

  /** The report with its timeline, photos and candidates for the same place. */
  @Get(':id')
  @RequirePermissions(Permission.PublicReportTriage)
  @ApiOkResponse({ type: PublicReportDetailResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.reports.detail(principal, id);
  }

  /** The handling history of a public report. */
  @Get(':id/events')
  @RequirePermissions(Permission.PublicReportTriage)
  @ApiOkResponse({ type: [PublicReportEventResponse] })
  async events(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return (await this.reports.timeline(principal, id)).map(eventView);
  }

  /** Downloads a photo of a public report. */
  @Get(':id/photos/:photoId')
  @RequirePermissions(Permission.PublicReportTriage)
  @ApiFileResponse('The stored photo', 'image/*')
  async photo(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('photoId', ParseUUIDPipe) photoId: string,
  ): Promise<StreamableFile> {
    await this.reports.get(principal, id);
    const photo = await this.dataSource
      .getRepository(PublicReportPhoto)
      .findOneBy({ id: photoId, reportId: id });
    if (!photo) throw DomainException.notFound('Photo', photoId);
    return new StreamableFile(await this.storage.open(photo.storageKey), { type: photo.contentType });
  }

  /** Assigns to a township or department with a response deadline (default today + PUBLIC_REPORT_DUE_DAYS). */
  @Post(':id/assign')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.PublicReportTriage)
  @ApiOkResponse({ type: PublicReportResponse })
  assign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: AssignPublicReportDto,
  ) {
    return this.reports.assign(principal, id, input);
  }

  /** Outcome valid / invalid / duplicate with its links (optionally opening an enforcement case) and the reply. */
  @Post(':id/outcome')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.PublicReportTriage)
  @ApiOkResponse({ type: PublicReportResponse })
  outcome(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: OutcomeDto,
  ) {
    return this.reports.recordOutcome(principal, id, input);
  }

  /** A progress reply the reporter sees. */
  @Post(':id/reply')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.PublicReportTriage)
  @ApiOkResponse({ type: PublicReportResponse })
  reply(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: ReplyDto,
  ) {
    return this.reports.reply(principal, id, input);
  }
}
