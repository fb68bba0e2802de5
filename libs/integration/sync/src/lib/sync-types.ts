/** The record types the change feed carries (`types=` of `GET /sync/changes`). */
export enum SyncType {
  Outfall = 'outfall',
  Entity = 'entity',
  Sample = 'sample',
  Tracing = 'tracing',
  Plan = 'plan',
  Milestone = 'milestone',
  Case = 'case',
  Report = 'report',
}

export enum SyncOp {
  /** The record exists; `data` is its current state. */
  Upsert = 'upsert',
  /** The record was deleted (tombstone). */
  Deleted = 'deleted',
  /** The outfall was merged into `survivorId` (tombstone; the record stays, pointing at the survivor). */
  Merged = 'merged',
}

/**
 * Where each type's current state is read: its table and the columns left out of `data` (geometry, which
 * the REST representation leaves out too, and storage keys, which never reach a client).
 */
export const SYNC_TABLES: Record<SyncType, { table: string; omit: string[] }> = {
  [SyncType.Outfall]: { table: 'outfall', omit: ['location'] },
  [SyncType.Entity]: { table: 'responsible_entity', omit: [] },
  [SyncType.Sample]: { table: 'sample', omit: [] },
  [SyncType.Tracing]: { table: 'tracing_record', omit: [] },
  [SyncType.Plan]: { table: 'remediation_plan', omit: [] },
  [SyncType.Milestone]: { table: 'outfall_event', omit: [] },
  [SyncType.Case]: { table: 'enforcement_case', omit: [] },
  [SyncType.Report]: { table: 'dispatch_report', omit: ['xlsx_key', 'html_key'] },
};

export const SYNC_TYPES = Object.values(SyncType);
