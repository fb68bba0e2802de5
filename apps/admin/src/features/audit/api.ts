import type { Page } from '@outfall/shared-types';
import { requestJson, withQuery } from '../../api/http-client';
import type { AuditFilter, AuditLogRow, JobRow, PageParams } from '../../api/types';

/** The API names the audit time `occurredAt`; the SPA's contract calls it `createdAt`. Accept both. */
type AuditLogWire = Omit<AuditLogRow, 'createdAt'> & { createdAt?: string; occurredAt?: string };

function fromWire({ occurredAt, createdAt, ...row }: AuditLogWire): AuditLogRow {
  return { ...row, createdAt: createdAt ?? occurredAt ?? '' };
}

export async function listAuditLogs(
  params: PageParams & AuditFilter,
  signal?: AbortSignal,
): Promise<Page<AuditLogRow>> {
  const page = await requestJson<Page<AuditLogWire>>(
    'GET',
    withQuery('/api/v1/audit-logs', { ...params, sort: '-createdAt' }),
    { signal },
  );
  return { ...page, items: page.items.map(fromWire) };
}

/** Queues an XLSX export of the filtered trail; answers the queued job. */
export function startAuditExport(filter: AuditFilter): Promise<Pick<JobRow, 'id' | 'state'>> {
  const body = Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined && value !== ''),
  );
  return requestJson<Pick<JobRow, 'id' | 'state'>>('POST', '/api/v1/audit-logs/exports', { body });
}
