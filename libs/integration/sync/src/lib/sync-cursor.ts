import { DomainException } from '@outfall/common';

/**
 * A position in the change feed: the last change consumed, as (transaction id, sequence), in the log's epoch.
 * Everything at or before it has been read. Opaque to clients: `v1.<epoch>.<xid>.<seq>` in base64url. The
 * empty cursor is the start.
 */
export interface SyncCursor {
  /** The log's epoch (the first 12 hex digits of `sync_state.epoch`); '' for the start. */
  epoch: string;
  /** xid8 as a decimal string (64-bit; kept as text, JavaScript numbers would lose digits). */
  xid: string;
  /** bigint sequence as a decimal string. */
  seq: string;
}

export const START_CURSOR: SyncCursor = { epoch: '', xid: '0', seq: '0' };

/** The largest bigint: a cursor "after every change of transactions up to xid". */
export const MAX_SEQ = '9223372036854775807';

const DECIMAL = /^(0|[1-9][0-9]{0,19})$/;
const MAX_U64 = 18446744073709551615n;
const MAX_I64 = BigInt(MAX_SEQ);

export function encodeCursor(cursor: SyncCursor): string {
  return Buffer.from(`v1.${cursor.epoch}.${cursor.xid}.${cursor.seq}`, 'utf8').toString('base64url');
}

/** Parses `since`; an absent or empty value (or `0`) is the start. Anything else unreadable answers 400 `since`. */
export function decodeCursor(since: string | undefined | null): SyncCursor {
  if (since === undefined || since === null || since === '' || since === '0') return START_CURSOR;
  const bad = () =>
    DomainException.invalid(
      'since',
      'since must be a cursor returned as nextCursor by this feed (or empty for the start)',
    );
  if (since.length > 100 || !/^[A-Za-z0-9_-]+$/.test(since)) throw bad();
  const parts = Buffer.from(since, 'base64url').toString('utf8').split('.');
  if (
    parts.length !== 4 ||
    parts[0] !== 'v1' ||
    !/^[0-9a-f]{12}$/.test(parts[1]) ||
    !DECIMAL.test(parts[2]) ||
    !DECIMAL.test(parts[3])
  )
    throw bad();
  if (BigInt(parts[2]) > MAX_U64 || BigInt(parts[3]) > MAX_I64) throw bad();
  return { epoch: parts[1], xid: parts[2], seq: parts[3] };
}
