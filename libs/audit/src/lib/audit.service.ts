import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PageResult, paginate, RequestContextStore } from '@outfall/common';
import { AuditAction } from '@outfall/shared-types';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditLog } from './audit-log.entity';
import { diffSnapshots, snapshot } from './audit-diff.util';
import { AuditFilterDto, AuditQueryDto } from './dto/audit-query.dto';

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
  /** Fields of `after` kept out of the diff (a batch row's list of sample ids: stored once, in `after`). */
  omitFromDiff?: string[];
}

/** The entity type of a batch ingest's audit row; `after.sampleIds` lists the samples it created. */
export const SAMPLE_BATCH_ENTITY = 'sample_batch';

export const AUDIT_SORTABLE = {
  occurredAt: 'audit.occurredAt',
  createdAt: 'audit.occurredAt',
  entityType: 'audit.entityType',
};

/**
 * Writes audit rows inside the caller's transaction (pass its EntityManager), so a failed change leaves no
 * row and a committed one always has its row. Actor and request id come from the request context.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(em: EntityManager, entry: AuditEntry): Promise<AuditLog> {
    const repo = em.getRepository(AuditLog);
    return repo.save(repo.create(this.row(entry)));
  }

  /**
   * One row per entry, written set-based (one INSERT … unnest per 1 000 rows) in the caller's transaction:
   * for changes of many records at once (a batch of samples, the records a merge moves).
   */
  async recordMany(em: EntityManager, entries: AuditEntry[]): Promise<void> {
    const rows = entries.map((entry) => this.row(entry));
    const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
    for (let start = 0; start < rows.length; start += 1000) {
      const chunk = rows.slice(start, start + 1000);
      const [first] = chunk;
      await em.query(
        `INSERT INTO audit_log (id, actor_type, actor_id, actor_name, unit_id, request_id, action, entity_type, entity_id,
                                before, after, diff)
         SELECT uuid_time_ordered(), $1, $2, $3, $4, $5, u.action, u.entity_type, u.entity_id, u.before, u.after, u.diff
           FROM unnest($6::varchar[], $7::varchar[], $8::varchar[], $9::jsonb[], $10::jsonb[], $11::jsonb[])
                AS u(action, entity_type, entity_id, before, after, diff)`,
        [
          first.actorType,
          first.actorId,
          first.actorName,
          first.unitId,
          first.requestId,
          chunk.map((r) => r.action),
          chunk.map((r) => r.entityType),
          chunk.map((r) => r.entityId),
          chunk.map((r) => json(r.before)),
          chunk.map((r) => json(r.after)),
          chunk.map((r) => json(r.diff)),
        ],
      );
    }
  }

  /**
   * "Create" rows for records whose snapshots the database builds: `select` (its parameters are `params`,
   * from $1) returns `entity_id` and `after` (jsonb). Nothing goes through Node, for batches of thousands of
   * records. The diff is not stored: a create's diff is `diffSnapshots(null, after)` (every field that is
   * not null, except `updatedAt` and `version`), which `AuditLog` derives when the row is read. Building and
   * storing it took three quarters of the statement's time for 100,000 imported outfalls (bench/RESULTS.md).
   * The snapshot must leave out redacted fields.
   */
  recordCreatesFromQuery(
    em: EntityManager,
    entityType: string,
    select: string,
    params: unknown[],
  ): Promise<void> {
    return this.insertFromQuery(
      em,
      AuditAction.Create,
      entityType,
      `SELECT NULL::jsonb AS before, c.* FROM (${select}) c`,
      'NULL',
      params,
    );
  }

  /**
   * Rows for records whose snapshots the database builds (see `recordCreatesFromQuery`): `select` returns
   * `entity_id`, `before` and `after` (jsonb, either may be null). The diff is what `diffSnapshots` gives: every
   * field whose value differs, except `updatedAt` and `version`.
   */
  recordFromQuery(
    em: EntityManager,
    action: AuditAction,
    entityType: string,
    select: string,
    params: unknown[],
  ): Promise<void> {
    const value = (side: string) => `COALESCE(q.${side} -> k.key, 'null'::jsonb)`;
    return this.insertFromQuery(
      em,
      action,
      entityType,
      select,
      `(SELECT COALESCE(jsonb_object_agg(k.key, jsonb_build_object('before', ${value('before')}, 'after', ${value('after')})), '{}'::jsonb)
          FROM (SELECT a.key FROM jsonb_object_keys(COALESCE(q.after, '{}'::jsonb)) a(key)
                UNION ALL
                SELECT b.key FROM jsonb_object_keys(COALESCE(q.before, '{}'::jsonb)) b(key)
                 WHERE NOT COALESCE(q.after, '{}'::jsonb) ? b.key) k
         WHERE k.key NOT IN ('updatedAt', 'version') AND ${value('before')} <> ${value('after')})`,
      params,
    );
  }

  private async insertFromQuery(
    em: EntityManager,
    action: AuditAction,
    entityType: string,
    select: string,
    diff: string,
    params: unknown[],
  ): Promise<void> {
    const context = RequestContextStore.get();
    const principal = context?.principal;
    const n = params.length;
    await em.query(
      // MATERIALIZED: each snapshot is built once (inlined, an update's diff would build it again)
      `WITH q AS MATERIALIZED (${select})
       INSERT INTO audit_log (id, actor_type, actor_id, actor_name, unit_id, request_id, action, entity_type, entity_id,
                              before, after, diff)
       SELECT uuid_time_ordered(), $${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 7}, q.entity_id, q.before, q.after,
              ${diff}
         FROM q`,
      [
        ...params,
        principal?.kind ?? 'system',
        principal?.id ?? null,
        principal?.name ?? 'system',
        principal?.unitId ?? null,
        context?.requestId ?? 'system',
        action,
        entityType,
      ],
    );
  }

  private row(entry: AuditEntry) {
    const context = RequestContextStore.get();
    const principal = context?.principal;
    const before = snapshot(entry.before);
    const after = snapshot(entry.after);
    const diff = diffSnapshots(before, after);
    for (const field of entry.omitFromDiff ?? []) delete diff[field];
    return {
      actorType: principal?.kind ?? 'system',
      actorId: principal?.id ?? null,
      actorName: principal?.name ?? 'system',
      unitId: principal?.unitId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before,
      after,
      diff,
      requestId: context?.requestId ?? 'system',
    };
  }

  list(query: AuditQueryDto): Promise<PageResult<AuditLog>> {
    return paginate(this.filtered(query), query, AUDIT_SORTABLE, '-occurredAt', 'audit.id');
  }

  /** Every matching row in time order, in batches (exports). */
  async *stream(query: AuditFilterDto, batchSize = 1000): AsyncGenerator<AuditLog[]> {
    let offset = 0;
    for (;;) {
      const batch = await this.filtered(query)
        .orderBy('audit.occurredAt', 'ASC')
        .addOrderBy('audit.id', 'ASC')
        .take(batchSize)
        .skip(offset)
        .getMany();
      if (!batch.length) return;
      yield batch;
      offset += batch.length;
    }
  }

  count(query: AuditFilterDto): Promise<number> {
    return this.filtered(query).getCount();
  }

  private filtered(query: AuditFilterDto): SelectQueryBuilder<AuditLog> {
    const qb = this.dataSource.getRepository(AuditLog).createQueryBuilder('audit');
    if (query.entityId) {
      // a sample created by a batch ingest is audited in its batch's row (`after.sampleIds`, GIN-indexed)
      const inBatch = `(audit.entityType = '${SAMPLE_BATCH_ENTITY}' AND audit.after -> 'sampleIds' @> jsonb_build_array(CAST(:entityId AS text)))`;
      const own = query.entityType
        ? 'audit.entityType = :entityType AND audit.entityId = :entityId'
        : 'audit.entityId = :entityId';
      qb.andWhere(!query.entityType || query.entityType === 'sample' ? `((${own}) OR ${inBatch})` : own, {
        entityType: query.entityType,
        entityId: query.entityId,
      });
    } else if (query.entityType)
      qb.andWhere('audit.entityType = :entityType', { entityType: query.entityType });
    if (query.actorId) qb.andWhere('audit.actorId = :actorId', { actorId: query.actorId });
    if (query.action) qb.andWhere('audit.action = :action', { action: query.action });
    if (query.requestId) qb.andWhere('audit.requestId = :requestId', { requestId: query.requestId });
    if (query.from) qb.andWhere('audit.occurredAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('audit.occurredAt <= :to', { to: query.to });
    return qb;
  }
}
