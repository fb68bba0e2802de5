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
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiProduces,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import type { Response } from 'express';
import { DispatchReport } from './dispatch-report.entity';
import {
  DispatchReportView,
  DownloadQueryDto,
  ReturnDispatchReportDto,
  UpdateDispatchReportDto,
} from './dispatch-report.dto';
import { DispatchReportsService } from './dispatch-reports.service';

/**
 * The dispatch report's workflow per snapshot version (季度调度报告): draft → submitted (编制) → issued (签发,
 * by another person holding report:issue). Issued files are stored with their SHA-256 and served byte for byte.
 * City-wide accounts only.
 */
@ApiTags('progress')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('progress')
export class DispatchReportController {
  constructor(private readonly reports: DispatchReportsService) {}

  /** Every saved dispatch report (draft, submitted, issued), newest quarter first. */
  @Get('dispatch-reports')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: [DispatchReport] })
  list(@CurrentPrincipal() principal: Principal) {
    return this.reports.list(principal);
  }

  /** The snapshot's report: status, next-quarter tasks, sign-off, generated narrative, what the caller may do. */
  @Get('snapshots/:id/dispatch-report')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: DispatchReportView })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.reports.get(principal, id);
  }

  /** Saves the next-quarter tasks (调度事项) and the narrative override; only in draft (409 otherwise). */
  @Put('snapshots/:id/dispatch-report')
  @RequirePermissions(Permission.ReportIssue)
  @ApiOkResponse({ type: DispatchReportView })
  @ApiConflictResponse({
    description: 'DISPATCH_REPORT_NOT_EDITABLE (submitted or issued), VERSION_CONFLICT',
  })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdateDispatchReportDto,
  ) {
    return this.reports.update(principal, id, input);
  }

  /** The preparer (编制) submits the draft for sign-off. */
  @Post('snapshots/:id/dispatch-report/submit')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.ReportIssue)
  @ApiOkResponse({ type: DispatchReportView })
  @ApiConflictResponse({ description: 'DISPATCH_REPORT_INVALID_TRANSITION' })
  submit(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.reports.submit(principal, id);
  }

  /** Returns a submitted report to draft, with a reason. */
  @Post('snapshots/:id/dispatch-report/return')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.ReportIssue)
  @ApiOkResponse({ type: DispatchReportView })
  @ApiConflictResponse({ description: 'DISPATCH_REPORT_INVALID_TRANSITION' })
  returnToDraft(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: ReturnDispatchReportDto,
  ) {
    return this.reports.returnToDraft(principal, id, input.reason);
  }

  /** Issues (签发) the submitted report — not by its preparer; renders and stores the XLSX and HTML once. */
  @Post('snapshots/:id/dispatch-report/issue')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.ReportIssue)
  @ApiOkResponse({ type: DispatchReportView })
  @ApiConflictResponse({ description: 'DISPATCH_REPORT_INVALID_TRANSITION, DISPATCH_REPORT_SAME_PERSON' })
  issue(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.reports.issue(principal, id);
  }

  /** The issued XLSX or HTML, exactly the bytes stored at issue (`X-Content-SHA256` carries their digest). */
  @Get('snapshots/:id/dispatch-report/download')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/html')
  @ApiOkResponse({ description: 'The issued file', schema: { type: 'string', format: 'binary' } })
  @ApiConflictResponse({ description: 'DISPATCH_REPORT_NOT_ISSUED' })
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: DownloadQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.reports.download(principal, id, query.format);
    res.setHeader('X-Content-SHA256', file.sha256);
    return new StreamableFile(file.stream, {
      type: file.contentType,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }
}
