import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseEnumPipe,
  ParseUUIDPipe,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  ApiFileResponse,
  CurrentPrincipal,
  DomainException,
  Principal,
  RequirePermissions,
  XLSX_MEDIA_TYPE,
} from '@outfall/common';
import { ImportMode, ImportRequestDto, MAX_IMPORT_BYTES, UploadedSpreadsheet } from '@outfall/directory';
import { JobDto, toJobDto } from '@outfall/queue';
import { MilestoneType, Permission } from '@outfall/shared-types';
import { BackEntryImportJob } from './back-entry-import.job';
import {
  BackEntryDto,
  ConfirmMilestoneDto,
  MilestoneReviewItem,
  MilestoneReviewQueryDto,
  MilestoneRevertResult,
} from './back-entry.dto';
import { BackEntryService } from './back-entry.service';

const MILESTONE_TYPE = new ParseEnumPipe(MilestoneType, {
  exceptionFactory: () =>
    DomainException.invalid('type', `type must be one of: ${Object.values(MilestoneType).join(', ')}`),
});

/** Historical back-entry (补录) and the review of hand-set workflow milestones: the eco branch only. */
@ApiTags('remediation')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller()
export class BackEntryController {
  constructor(
    private readonly backEntries: BackEntryService,
    private readonly imports: BackEntryImportJob,
  ) {}

  /** Back-enters the completion (and verification) of remediation done before the platform: one call. */
  @Post('outfalls/:id/back-entry')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.Approve)
  backEnter(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: BackEntryDto,
  ) {
    return this.backEntries.backEnter(principal, id, input);
  }

  /** Downloads the XLSX template for back-entering milestones. */
  @Get('remediation/back-entries/template')
  @RequirePermissions(Permission.Approve)
  @ApiFileResponse('XLSX template', XLSX_MEDIA_TYPE)
  async template(): Promise<StreamableFile> {
    return new StreamableFile(await this.imports.template(), {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent('整治补录模板.xlsx')}`,
    });
  }

  /** Bulk back-entry from XLSX/CSV as a queued job; the job result lists every bad row with its reason. */
  @Post('remediation/back-entries/imports')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.Approve)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }))
  async import(
    @UploadedFile() file: UploadedSpreadsheet | undefined,
    @Body() body: ImportRequestDto,
  ): Promise<JobDto> {
    return toJobDto(await this.imports.start(file, body.mode ?? ImportMode.AllOrNothing));
  }

  /** Workflow-owned milestones that were set by hand before the rule (manual_unconfirmed). */
  @Get('remediation/milestone-reviews')
  @RequirePermissions(Permission.DirectoryRead)
  reviews(
    @CurrentPrincipal() principal: Principal,
    @Query() query: MilestoneReviewQueryDto,
  ): Promise<MilestoneReviewItem[]> {
    return this.backEntries.reviewList(principal, query);
  }

  /** Confirms a back-entered milestone of an outfall. */
  @Post('outfalls/:id/milestones/:type/confirm')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.Approve)
  confirm(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('type', MILESTONE_TYPE) type: string,
    @Body() input: ConfirmMilestoneDto,
  ) {
    return this.backEntries.confirm(principal, id, type as MilestoneType, input);
  }

  /** Reverts a back-entered milestone of an outfall to unconfirmed. */
  @Post('outfalls/:id/milestones/:type/revert')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.Approve)
  async revert(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('type', MILESTONE_TYPE) type: string,
  ): Promise<MilestoneRevertResult> {
    return { milestone: await this.backEntries.revert(principal, id, type as MilestoneType) };
  }
}
