import { Injectable } from '@nestjs/common';
import { JobRecord, QueueService } from '@outfall/queue';
import { AuditFilterDto } from './dto/audit-query.dto';
import { AUDIT_EXPORT_JOB } from './jobs/audit-export.job';

@Injectable()
export class AuditExportService {
  constructor(private readonly queue: QueueService) {}

  start(filter: AuditFilterDto): Promise<JobRecord> {
    const plain = Object.fromEntries(
      Object.entries(filter)
        .filter(([, value]) => value !== undefined && value !== null)
        .map(([key, value]) => [key, value instanceof Date ? value.toISOString() : String(value)]),
    );
    return this.queue.enqueue(AUDIT_EXPORT_JOB, { filter: plain });
  }
}
