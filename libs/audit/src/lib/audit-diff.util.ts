import { columnJsonSql, type JsonColumn } from '@outfall/common';
import type { FieldDiff } from './audit-log.entity';

/** Fields never written to the audit trail (secrets, and where a stored file lies: docs/security.md). */
const REDACTED = new Set(['passwordHash', 'secretHash', 'password', 'token', 'storageKey']);

/** A JSON-safe, redacted copy of a record. */
export function snapshot(record: object | null | undefined): Record<string, unknown> | null {
  if (!record) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (REDACTED.has(key) || typeof value === 'function') continue;
    if (value instanceof Date) out[key] = value.toISOString();
    else if (value !== undefined) out[key] = JSON.parse(JSON.stringify(value)) as unknown;
  }
  return out;
}

/** The fields whose values differ between two snapshots. */
export function diffSnapshots(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): FieldDiff {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const diff: FieldDiff = {};
  for (const key of keys) {
    if (key === 'updatedAt' || key === 'version') continue;
    const a = before?.[key] ?? null;
    const b = after?.[key] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) diff[key] = { before: a, after: b };
  }
  return diff;
}

/** The metadata `snapshotSql` needs of a TypeORM entity (its `EntityMetadata`). */
interface SnapshotColumns {
  columns: (JsonColumn & { isSelect: boolean })[];
}

/**
 * `snapshot()` of an entity loaded by TypeORM, built by the database (a jsonb expression over the row alias
 * `alias`), for audit rows of thousands of records written without loading them: every selected column under
 * its property name as TypeORM reads it (`columnJsonSql`), redacted fields left out.
 */
export function snapshotSql(metadata: SnapshotColumns, alias: string): string {
  const pairs = metadata.columns
    .filter((c) => c.isSelect && !REDACTED.has(c.propertyName))
    .map((c) => `'${c.propertyName}', ${columnJsonSql(c, alias)}`);
  // jsonb_build_object takes at most 100 arguments
  const parts: string[] = [];
  for (let i = 0; i < pairs.length; i += 40)
    parts.push(`jsonb_build_object(${pairs.slice(i, i + 40).join(', ')})`);
  return parts.length ? parts.join(' || ') : `'{}'::jsonb`;
}
