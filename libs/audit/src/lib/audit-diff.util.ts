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
