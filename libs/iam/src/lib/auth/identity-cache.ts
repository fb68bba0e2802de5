import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@outfall/config';
import type { Division } from '@outfall/org';
import {
  DataSource,
  EntitySubscriberInterface,
  InsertEvent,
  RemoveEvent,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  UpdateEvent,
} from 'typeorm';
import type { ApiKey } from '../api-keys/api-key.entity';
import type { User } from '../users/user.entity';

/** The tables a caller's identity and scope are built from: user, its unit and division, API keys. */
const IDENTITY_TABLES = new Set(['app_user', 'unit', 'division', 'api_key']);
const TOUCHED = 'identityTablesTouched';

interface Entry<T> {
  value: T;
  at: number;
}

/**
 * The callers' identities, reused across requests for IDENTITY_CACHE_MS (default 5 s) in this process, so a
 * request does not re-read its user (with unit and division) or its API key (with its division): see
 * docs/performance.md. Every write to `app_user`, `unit`, `division` or `api_key` made through TypeORM in this
 * process (repositories, query builders, in or out of a transaction) drops everything, once when it runs and
 * again when its transaction commits; a load that was running meanwhile is not kept. Other processes' writes
 * are seen after at most IDENTITY_CACHE_MS. What is checked per request stays per request: the token's
 * signature, expiry and credential version, the key's secret, revocation and expiry, `active`.
 */
@Injectable()
export class IdentityCache implements EntitySubscriberInterface {
  private readonly users = new Map<string, Entry<User | null>>();
  private readonly keys = new Map<string, Entry<{ key: ApiKey; division: Division | null } | null>>();
  private generation = 0;
  private readonly ttlMs: number;

  constructor(@InjectDataSource() dataSource: DataSource, config: AppConfig) {
    this.ttlMs = config.IDENTITY_CACHE_MS;
    dataSource.subscribers.push(this);
  }

  invalidate(): void {
    this.generation++;
    this.users.clear();
    this.keys.clear();
  }

  user(id: string, load: () => Promise<User | null>): Promise<User | null> {
    return this.through(this.users, id, load);
  }

  apiKey(
    prefix: string,
    load: () => Promise<{ key: ApiKey; division: Division | null } | null>,
  ): Promise<{ key: ApiKey; division: Division | null } | null> {
    return this.through(this.keys, prefix, load);
  }

  private async through<T>(map: Map<string, Entry<T>>, id: string, load: () => Promise<T>): Promise<T> {
    const hit = map.get(id);
    const now = Date.now();
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const generation = this.generation;
    const value = await load();
    if (this.ttlMs > 0 && generation === this.generation) {
      if (map.size >= 10_000) map.clear();
      map.set(id, { value, at: Date.now() });
    }
    return value;
  }

  // ---- TypeORM subscriber: any identity-table write through this process's DataSource

  afterInsert(event: InsertEvent<unknown>): void {
    this.touched(event);
  }

  afterUpdate(event: UpdateEvent<unknown>): void {
    this.touched(event);
  }

  afterRemove(event: RemoveEvent<unknown>): void {
    this.touched(event);
  }

  afterSoftRemove(event: RemoveEvent<unknown>): void {
    this.touched(event);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (event.queryRunner.data?.[TOUCHED]) {
      delete event.queryRunner.data[TOUCHED];
      this.invalidate();
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (event.queryRunner.data?.[TOUCHED]) delete event.queryRunner.data[TOUCHED];
  }

  private touched(event: InsertEvent<unknown> | UpdateEvent<unknown> | RemoveEvent<unknown>): void {
    if (!event.metadata || !IDENTITY_TABLES.has(event.metadata.tableName)) return;
    this.invalidate();
    if (event.queryRunner.isTransactionActive) {
      event.queryRunner.data ??= {};
      event.queryRunner.data[TOUCHED] = true;
    }
  }
}
