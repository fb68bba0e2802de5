import type { Page } from '@outfall/shared-types';
import { api, dataOf } from '../../api/api-client';
import type { PageParams, Schemas } from '../../api/schemas';
import type { QueuedJob } from '../jobs/types';
import type { AuditFilter, AuditLogRow, ActorType } from './types';

/** The API names the audit time `occurredAt`; the trail calls it `createdAt`. */
function fromWire({
  occurredAt,
  actorType,
  diff,
  before: _before,
  after: _after,
  ...row
}: Schemas['AuditLog']): AuditLogRow {
  return {
    ...row,
    actorType: actorType as ActorType,
    diff: diff as AuditLogRow['diff'],
    createdAt: occurredAt,
  };
}

export async function listAuditLogs(
  params: PageParams & AuditFilter,
  signal?: AbortSignal,
): Promise<Page<AuditLogRow>> {
  const page = await dataOf(
    api.GET('/api/v1/audit-logs', { params: { query: { ...params, sort: '-createdAt' } }, signal }),
  );
  return { ...page, items: page.items.map(fromWire) };
}

/** Queues an XLSX export of the filtered trail; answers the queued job. */
export function startAuditExport(filter: AuditFilter): Promise<QueuedJob> {
  const body = Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined && value !== ''),
  ) as AuditFilter;
  return dataOf(api.POST('/api/v1/audit-logs/exports', { body }));
}
