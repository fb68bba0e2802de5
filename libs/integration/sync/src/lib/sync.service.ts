import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainException, Principal } from '@outfall/common';
import { DataSource } from 'typeorm';
import { SYNC_DEFAULT_LIMIT, SyncChangePageDto, SyncChangeDto, SyncChangesQueryDto } from './dto/sync.dto';
import { SyncErrorCode } from './sync.exception';
import { decodeCursor, encodeCursor, MAX_SEQ, SyncCursor } from './sync-cursor';
import { SYNC_TABLES, SYNC_TYPES, SyncOp, SyncType } from './sync-types';

interface ChangeRow {
  xid: string;
  seq: string;
  entity_type: SyncType;
  entity_id: string;
  op: SyncOp;
  survivor_id: string | null;
  changed_at: Date;
  horizon: string;
  epoch: string;
}

/**
 * The horizon: every change log row below it belongs to a transaction that has ended, so nothing can still
 * appear behind a cursor below it. That is the statement snapshot's oldest running transaction
 * (`pg_snapshot_xmin`), except transactions that pg_stat_activity shows running in another database of the
 * same cluster (they cannot write this log; a bulk load next door must not stall the feed). A running
 * transaction not found there (ended since, prepared, or hidden) counts: the horizon stays conservative.
 */
const HORIZON = `LEAST(pg_snapshot_xmax(snap.s), (
  SELECT min(x) FROM pg_snapshot_xip(snap.s) AS x
  WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                    WHERE a.backend_xid = x::xid
                      AND a.datid <> (SELECT oid FROM pg_database WHERE datname = current_database()))))`;

const camel = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The incremental-sync change feed (docs/sync.md). Reads the change log that triggers write in the same
 * transaction as each change, only below the snapshot horizon (transactions that can no longer commit behind
 * the cursor), in (xid, seq) order, filtered by type and by the caller's jurisdiction.
 */
@Injectable()
export class SyncService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  parseTypes(types: string | undefined): SyncType[] {
    if (types === undefined || types.trim() === '') return [...SYNC_TYPES];
    const list = [...new Set(types.split(',').map((t) => t.trim()))];
    const unknown = list.filter((t) => !(SYNC_TYPES as string[]).includes(t));
    if (unknown.length || !list.length)
      throw DomainException.invalid(
        'types',
        `types must be a comma list of: ${SYNC_TYPES.join(', ')} (unknown: ${unknown.join(', ') || '(empty)'})`,
      );
    return list as SyncType[];
  }

  async changes(principal: Principal, query: SyncChangesQueryDto): Promise<SyncChangePageDto> {
    const cursor = decodeCursor(query.since);
    const types = this.parseTypes(query.types);
    const limit = query.limit ?? SYNC_DEFAULT_LIMIT;
    const params: unknown[] = [cursor.xid, cursor.seq, types, limit + 1];
    let scope = '';
    if (!principal.jurisdiction.cityWide) {
      // outfall-owned records: the outfall's current division; others (and a deleted outfall) the division
      // captured when the change was written. A record with neither (dispatch reports) is city-wide only.
      const path = principal.jurisdiction.divisionPath ?? '\u0000';
      params.push(path, `${path.replace(/[\\%_]/g, '\\$&')}/%`);
      scope = `AND EXISTS (SELECT 1 FROM division d
                 WHERE d.id = COALESCE((SELECT o.division_id FROM outfall o WHERE o.id = c.outfall_id), c.division_id)
                   AND (d.path = $5 OR d.path LIKE $6))`;
    }
    const rows: ChangeRow[] = await this.dataSource.query(
      `WITH snap AS (SELECT pg_current_snapshot() AS s),
       h AS (SELECT ${HORIZON} AS horizon,
                         COALESCE((SELECT left(replace(st.epoch::text, '-', ''), 12) FROM sync_state st),
                                  '000000000000') AS epoch
             FROM snap)
       SELECT c.xid::text AS xid, c.seq::text AS seq, c.entity_type, c.entity_id, c.op, c.survivor_id,
              c.changed_at, h.horizon::text AS horizon, h.epoch
       FROM h LEFT JOIN LATERAL (
         SELECT * FROM sync_change c
         WHERE c.xid < h.horizon AND (c.xid, c.seq) > ($1::text::xid8, $2::bigint)
           AND c.entity_type = ANY($3::text[]) ${scope}
         ORDER BY c.xid, c.seq LIMIT $4
       ) c ON true`,
      params,
    );
    const { horizon, epoch } = rows[0];
    if (cursor.epoch && cursor.epoch !== epoch)
      throw new DomainException(
        SyncErrorCode.CursorExpired,
        'the change log was renumbered (the database was restored): start again from the empty cursor',
        HttpStatus.GONE,
        [{ field: 'since', message: 'this cursor belongs to the change log before a restore' }],
      );
    const changes = rows.filter((r) => r.seq !== null);
    const hasMore = changes.length > limit;
    if (hasMore) changes.length = limit;
    const data = await this.load(changes);
    const items: SyncChangeDto[] = [];
    for (const row of changes) {
      const item: SyncChangeDto = {
        type: row.entity_type,
        id: row.entity_id,
        op: row.op,
        updatedAt: row.changed_at,
      };
      if (row.op === SyncOp.Upsert) {
        const record = data.get(`${row.entity_type}:${row.entity_id}`);
        // gone since the change was logged: its tombstone lies beyond this page's cursor
        if (!record) continue;
        item.data = record;
      } else if (row.op === SyncOp.Merged) item.survivorId = row.survivor_id;
      items.push(item);
    }
    let next: SyncCursor;
    if (hasMore) {
      const last = changes[changes.length - 1];
      next = { epoch, xid: last.xid, seq: last.seq };
    } else {
      // everything below the horizon has been read: the next poll starts there (and skips rows this caller
      // may not see instead of scanning them again)
      const below = BigInt(horizon) - 1n;
      const cursorXid = BigInt(cursor.xid);
      next = below > cursorXid ? { epoch, xid: below.toString(), seq: MAX_SEQ } : { ...cursor, epoch };
    }
    return { items, nextCursor: encodeCursor(next), hasMore };
  }

  /** The current state of the upserted records of a page, one statement per type. */
  private async load(changes: ChangeRow[]): Promise<Map<string, Record<string, unknown>>> {
    const byType = new Map<SyncType, string[]>();
    for (const row of changes) {
      if (row.op !== SyncOp.Upsert) continue;
      const ids = byType.get(row.entity_type) ?? [];
      ids.push(row.entity_id);
      byType.set(row.entity_type, ids);
    }
    const out = new Map<string, Record<string, unknown>>();
    for (const [type, ids] of byType) {
      const { table, omit } = SYNC_TABLES[type];
      const minus = omit.map((column) => ` - '${column}'`).join('');
      const rows: { data: Record<string, unknown> }[] = await this.dataSource.query(
        `SELECT to_jsonb(t)${minus} AS data FROM "${table}" t WHERE t.id = ANY($1::uuid[])`,
        [ids],
      );
      for (const { data } of rows) {
        const record: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(data)) record[camel(key)] = value;
        out.set(`${type}:${String(record['id'])}`, record);
      }
    }
    return out;
  }
}
