import type { Schemas } from '../../api/schemas';

export type ActorType = 'user' | 'api_key' | 'system';

/**
 * One audit entry as the trail shows it: the schema's `AuditLog` with its time as `createdAt` (the API names
 * it `occurredAt`) and the diff described (the schema leaves it a free-form object).
 */
export type AuditLogRow = Omit<
  Schemas['AuditLog'],
  'occurredAt' | 'actorType' | 'diff' | 'before' | 'after'
> & {
  actorType: ActorType;
  diff: Record<string, { before: unknown; after: unknown }> | null;
  createdAt: string;
};

/** The trail's filters (view state; `GET /audit-logs` and the export check them). */
export type AuditFilter = Pick<Schemas['AuditFilterDto'], 'entityType' | 'actorId' | 'from' | 'to'>;
