import type { AuditAction, JobState, UnitKind } from '@outfall/shared-types';

/** `GET /api/v1/meta` (public). */
export interface Meta {
  demo: boolean;
  version: string;
}

export interface PageParams {
  limit: number;
  offset: number;
}

export interface Liaison {
  name: string;
  phone: string;
  position: string;
}

export interface UnitRow {
  id: string;
  name: string;
  kind: UnitKind;
  division: { id: string; name: string } | null;
  liaison: Liaison | null;
  demo: boolean;
}

export interface UnitFilter {
  q?: string;
  kind?: UnitKind;
}

export type ActorType = 'user' | 'api_key' | 'system';

export interface AuditLogRow {
  id: string;
  actorType: ActorType;
  actorId: string | null;
  actorName: string;
  unitId: string | null;
  action: AuditAction;
  entityType: string;
  entityId: string;
  diff: Record<string, { before: unknown; after: unknown }> | null;
  requestId: string;
  createdAt: string;
}

export interface AuditFilter {
  entityType?: string;
  actorId?: string;
  /** ISO date-times. */
  from?: string;
  to?: string;
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
