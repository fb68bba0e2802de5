import type { AuditAction, JobState, UnitKind } from '@outfall/shared-types';

export interface Liaison {
  name: string;
  phone: string;
  position: string;
}

export interface UnitRow {
  id: string;
  name: string;
  kind: UnitKind;
  division: { id: string; name: string; code: string } | null;
  liaison: Liaison | null;
  demo: boolean;
  version: number;
}

export interface AuditRow {
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  actorName: string;
  action: AuditAction;
  entityType: string;
  entityId: string;
  diff: Record<string, { before: unknown; after: unknown }> | null;
  requestId: string;
}

export interface JobRow {
  id: string;
  queue: string;
  name: string;
  state: JobState;
  progress: number;
  result: Record<string, unknown> | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}
