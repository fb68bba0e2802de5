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
    const context = RequestContextStore.get();
    const principal = context?.principal;
    const before = snapshot(entry.before);
    const after = snapshot(entry.after);
    const repo = em.getRepository(AuditLog);
    return repo.save(
      repo.create({
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
      }),
    );
  }

  /** Many rows in a few multi-row inserts (set-based recomputes that touch thousands of records). */
  async recordMany(em: EntityManager, entries: AuditEntry[], chunk = 500): Promise<void> {
    const context = RequestContextStore.get();
    const principal = context?.principal;
    const repo = em.getRepository(AuditLog);
    for (let i = 0; i < entries.length; i += chunk) {
      // save() of an array is one multi-row INSERT per chunk (insert() cannot type jsonb columns)
      await repo.save(
        entries.slice(i, i + chunk).map((entry) => {
          const before = snapshot(entry.before);
          const after = snapshot(entry.after);
          return repo.create({
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
          });
        }),
        { chunk, reload: false },
      );
    }
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
