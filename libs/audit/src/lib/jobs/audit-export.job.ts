import { Injectable, OnModuleInit } from '@nestjs/common';
import { beijingDateTime, FileStorage } from '@outfall/common';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_ACTOR_TYPE_LABELS,
  AUDIT_ENTITY_TYPE_LABELS,
} from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { AuditService } from '../audit.service';
import type { AuditFilterDto } from '../dto/audit-query.dto';

export interface AuditExportJobData {
  filter: { [K in keyof AuditFilterDto]?: string };
}

export interface AuditExportJobResult {
  rows: number;
  file: { storageKey: string; fileName: string; contentType: string };
}

export const AUDIT_EXPORT_JOB = defineJob<AuditExportJobData, AuditExportJobResult>(
  QueueName.Exports,
  'audit-export',
);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Exports the filtered audit trail as an XLSX workbook with Chinese headers. */
@Injectable()
export class AuditExportJob implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly audit: AuditService,
    private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.runner.register(AUDIT_EXPORT_JOB, (context) => this.run(context));
  }

  async run(context: JobContext<AuditExportJobData>): Promise<AuditExportJobResult> {
    const { filter: raw } = context.data;
    const filter: AuditFilterDto = {
      ...raw,
      action: raw.action as AuditFilterDto['action'],
      from: raw.from ? new Date(raw.from) : undefined,
      to: raw.to ? new Date(raw.to) : undefined,
    };
    const total = await this.audit.count(filter);
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'river-outfall platform';
    const sheet = workbook.addWorksheet('审计日志');
    sheet.columns = [
      { header: '时间 Time (UTC+8)', key: 'time', width: 22 },
      { header: '操作人 Actor', key: 'actor', width: 18 },
      { header: '类型 Actor type', key: 'actorType', width: 10 },
      { header: '单位 Unit', key: 'unit', width: 38 },
      { header: '操作 Action', key: 'action', width: 10 },
      { header: '对象类型 Entity', key: 'entityType', width: 14 },
      { header: '对象 ID', key: 'entityId', width: 38 },
      { header: '变更内容 Changes', key: 'diff', width: 80 },
      { header: '请求 ID Request', key: 'requestId', width: 38 },
    ];
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    const systemZh = AUDIT_ACTOR_TYPE_LABELS['system'].zh;
    let done = 0;
    for await (const batch of this.audit.stream(filter)) {
      for (const row of batch) {
        sheet.addRow({
          time: formatShanghai(row.occurredAt),
          // the platform's own changes carry the code `system` as actor and request
          actor: row.actorName === 'system' ? systemZh : row.actorName,
          actorType: AUDIT_ACTOR_TYPE_LABELS[row.actorType]?.zh ?? row.actorType,
          unit: row.unitId ?? '',
          action: AUDIT_ACTION_LABELS[row.action]?.zh ?? row.action,
          entityType: AUDIT_ENTITY_TYPE_LABELS[row.entityType]?.zh ?? row.entityType,
          entityId: row.entityId,
          diff: JSON.stringify(row.diff ?? {}),
          requestId: row.requestId === 'system' ? systemZh : row.requestId,
        });
      }
      done += batch.length;
      await context.updateProgress(total ? (done / total) * 95 : 95);
    }
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const storageKey = `exports/${context.id}.xlsx`;
    await this.storage.put(storageKey, buffer);
    return {
      rows: done,
      file: { storageKey, fileName: `审计日志-${context.id.slice(0, 8)}.xlsx`, contentType: XLSX },
    };
  }
}

/** `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai (UTC+8, no daylight saving). */
export function formatShanghai(date: Date): string {
  return beijingDateTime(date, true);
}
