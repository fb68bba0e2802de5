import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '@outfall/common';
import { JobDto, toJobDto } from '@outfall/queue';
import { Permission } from '@outfall/shared-types';

import { AuditService } from './audit.service';
import { AuditExportService } from './audit-export.service';
import { AuditFilterDto, AuditLogPage, AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-logs')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly exports: AuditExportService,
  ) {}

  /** Audit log entries, filtered, one page. */
  @Get()
  @RequirePermissions(Permission.AuditRead)
  list(@Query() query: AuditQueryDto): Promise<AuditLogPage> {
    return this.audit.list(query);
  }

  /** Queues an XLSX export of the filtered trail; poll `GET /jobs/:id`, then download. */
  @Post('exports')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.AuditRead)
  async export(@Body() filter: AuditFilterDto): Promise<JobDto> {
    return toJobDto(await this.exports.start(filter));
  }
}
