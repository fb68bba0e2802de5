import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ListQueryDto, Paginated, RequirePermissions } from '@outfall/common';
import { JobRecord } from '@outfall/queue';
import { Permission } from '@outfall/shared-types';
import { AuditLog } from './audit-log.entity';
import { AuditExportService } from './audit-export.service';
import { AuditService } from './audit.service';
import { AuditFilterDto } from './dto/audit-query.dto';

const AuditLogPage = Paginated(AuditLog, 'AuditLog');

@Resolver(() => AuditLog)
export class AuditResolver {
  constructor(
    private readonly audit: AuditService,
    private readonly exports: AuditExportService,
  ) {}

  @Query(() => AuditLogPage, { description: 'The audit trail, filterable by entity, actor and time' })
  @RequirePermissions(Permission.AuditRead)
  auditLogs(
    @Args('filter', { type: () => AuditFilterDto, nullable: true }) filter?: AuditFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.audit.list({ ...(filter ?? {}), ...(page ?? {}) });
  }

  @Mutation(() => JobRecord, { description: 'Queue an XLSX export of the filtered audit trail' })
  @RequirePermissions(Permission.AuditRead)
  exportAuditLogs(
    @Args('filter', { type: () => AuditFilterDto, nullable: true }) filter?: AuditFilterDto,
  ): Promise<JobRecord> {
    return this.exports.start(filter ?? {});
  }
}
