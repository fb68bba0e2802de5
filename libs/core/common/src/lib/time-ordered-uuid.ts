import { randomUUID } from 'node:crypto';

/**
 * A UUID in the version 7 layout (RFC 9562), as the database's `uuid_time_ordered()` makes them: milliseconds
 * since 1970 in the first 48 bits, then 0x70 (the version; the database's puts random bits in the low nibble
 * too), then random bits with the RFC's variant. For rows
 * whose ids the API needs before the database has written them (a batch's new samples), so ids made here and
 * there sort the same way.
 */
export function timeOrderedUuid(ms: number = Date.now()): string {
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx: keeps its byte 7, variant and last 8 bytes
  const time = Math.floor(ms).toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-70${random.slice(16, 18)}-${random.slice(19)}`;
}
