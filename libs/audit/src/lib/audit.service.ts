import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PageResult, paginate, RequestContextStore } from '@outfall/common';
import { AuditAction } from '@outfall/shared-types';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditLog } from './audit-log.entity';
import { diffSnapshots, snapshot } from './audit-diff.util';
import { AuditFilterDto, AuditQueryDto } from './dto/audit-query.dto';

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

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
   * One row per entry, written set-based (multi-row inserts) in the caller's transaction: for changes of
   * many records at once (a batch of samples, the records a merge moves).
   */
  async recordMany(em: EntityManager, entries: AuditEntry[]): Promise<void> {
    const rows = entries.map((entry) => this.row(entry));
    for (let start = 0; start < rows.length; start += 500)
      await em
        .getRepository(AuditLog)
        .insert(rows.slice(start, start + 500) as QueryDeepPartialEntity<AuditLog>[]);
  }

  private row(entry: AuditEntry): Partial<AuditLog> {
    const context = RequestContextStore.get();
    const principal = context?.principal;
    const before = snapshot(entry.before);
    const after = snapshot(entry.after);
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
      diff: diffSnapshots(before, after),
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
    if (query.entityType) qb.andWhere('audit.entityType = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('audit.entityId = :entityId', { entityId: query.entityId });
    if (query.actorId) qb.andWhere('audit.actorId = :actorId', { actorId: query.actorId });
    if (query.action) qb.andWhere('audit.action = :action', { action: query.action });
    if (query.requestId) qb.andWhere('audit.requestId = :requestId', { requestId: query.requestId });
    if (query.from) qb.andWhere('audit.occurredAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('audit.occurredAt <= :to', { to: query.to });
    return qb;
  }
}
