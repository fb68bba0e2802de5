import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WebhookEventType } from '@outfall/shared-types';
import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
} from 'typeorm';
import { WebhookDispatcher } from './webhook-dispatcher.service';

export interface PublishOptions {
  /** The division of the record: API keys limited to another division do not get the event. */
  divisionId?: string | null;
}

/** Deliveries written inside a transaction still running: queued once it commits, dropped if it rolls back. */
const pendingByRunner = new WeakMap<QueryRunner, string[]>();

class WebhookOutboxSubscriber implements EntitySubscriberInterface {
  constructor(private readonly onCommitted: (deliveryIds: string[]) => void) {}

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (runner.isTransactionActive) return; // a savepoint was released: the outer transaction still runs
    const ids = pendingByRunner.get(runner);
    if (!ids) return;
    pendingByRunner.delete(runner);
    this.onCommitted(ids);
  }

  afterTransactionRollback(event: TransactionCommitEvent): void {
    if (!event.queryRunner.isTransactionActive) pendingByRunner.delete(event.queryRunner);
  }
}

/**
 * The one way domains publish webhook events: `publish(type, recordId, payload, manager?)`. The event and a
 * delivery for every matching active subscription are written in ONE statement — with `manager`, inside the
 * caller's transaction (the outbox): a rolled-back change sends nothing, a committed one is never lost. The
 * deliveries are queued after the commit (and swept periodically as a safety net).
 */
@Injectable()
export class WebhookEvents implements OnModuleInit {
  private readonly logger = new Logger(WebhookEvents.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.some((s) => s instanceof WebhookOutboxSubscriber)) {
      this.dataSource.subscribers.push(new WebhookOutboxSubscriber((ids) => this.queue(ids)));
    }
  }

  async publish(
    type: WebhookEventType,
    recordId: string,
    payload: Record<string, unknown>,
    manager?: EntityManager,
    options: PublishOptions = {},
  ): Promise<void> {
    await this.publishMany(type, [{ recordId, payload, divisionId: options.divisionId ?? null }], manager);
  }

  /** Many events of one type in one statement (a batch of samples): same guarantees as `publish`. */
  async publishMany(
    type: WebhookEventType,
    items: { recordId: string; payload: Record<string, unknown>; divisionId?: string | null }[],
    manager?: EntityManager,
  ): Promise<void> {
    if (!items.length) return;
    const em = manager ?? this.dataSource.manager;
    const ids = await this.write(
      em,
      type,
      `SELECT u.record_id, u.division_id, u.payload, u.ord
         FROM unnest($2::varchar[], $3::uuid[], $4::jsonb[]) WITH ORDINALITY AS u(record_id, division_id, payload, ord)`,
      [
        items.map((item) => item.recordId),
        items.map((item) => item.divisionId ?? null),
        items.map((item) => JSON.stringify(item.payload)),
      ],
    );
    this.pending(em, ids);
  }

  /**
   * Events built by the database, for batches of thousands of records (nothing goes through Node): `select`
   * (its parameters are `params`, from $2) returns `record_id`, `division_id`, `payload` (jsonb) and `ord`
   * (the order of the events). Same guarantees as `publish`.
   */
  async publishFromQuery(
    type: WebhookEventType,
    select: string,
    params: unknown[],
    manager: EntityManager,
  ): Promise<void> {
    // no subscription listens: nothing to write, and the payloads of thousands of records are not built
    const [{ any }] = await manager.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM webhook_subscription s WHERE s.active AND $1 = ANY (s.events)) AS any`,
      [type],
    );
    if (any) this.pending(manager, await this.write(manager, type, select, params));
  }

  /** Deliveries written inside a transaction are queued when it commits; outside one, at once. */
  private pending(em: EntityManager, ids: string[]): void {
    if (!ids.length) return;
    const runner = em.queryRunner;
    if (runner?.isTransactionActive) {
      const pending = pendingByRunner.get(runner) ?? [];
      pending.push(...ids);
      pendingByRunner.set(runner, pending);
    } else {
      this.queue(ids);
    }
  }

  /**
   * Writes the events some subscription wants and their deliveries, in one statement; returns the deliveries.
   * Nothing is written for events no active subscription (of a valid key, in its division) listens to.
   */
  private async write(
    em: EntityManager,
    type: WebhookEventType,
    select: string,
    params: unknown[],
  ): Promise<string[]> {
    const rows = await em.query<{ id: string }[]>(
      `WITH input AS MATERIALIZED (
         SELECT uuid_time_ordered() AS event_id, u.record_id::varchar AS record_id, u.division_id, u.payload, u.ord
           FROM (${select}) u
       ), pairs AS MATERIALIZED (
         SELECT i.ord, s.id AS subscription_id
           FROM input i
           JOIN webhook_subscription s ON s.active AND $1 = ANY (s.events)
           JOIN api_key k ON k.id = s.api_key_id
           LEFT JOIN division kd ON kd.id = k.division_id
          WHERE k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
            AND (k.division_id IS NULL OR EXISTS (
                  SELECT 1 FROM division ed
                   WHERE ed.id = i.division_id AND (ed.path = kd.path OR ed.path LIKE kd.path || '/%')))
       ), ev AS (  -- a data-modifying WITH always runs; the FK check of the deliveries sees its rows
         INSERT INTO webhook_event (id, type, record_id, division_id, payload)
         SELECT i.event_id, $1, i.record_id, i.division_id, i.payload
           FROM input i WHERE EXISTS (SELECT 1 FROM pairs p WHERE p.ord = i.ord)
         RETURNING id
       )
       INSERT INTO webhook_delivery (id, subscription_id, event_id, event_type, record_id)
       SELECT uuid_time_ordered(), p.subscription_id, i.event_id, $1, i.record_id
         FROM pairs p JOIN input i ON i.ord = p.ord
        ORDER BY i.ord, p.subscription_id
       RETURNING id`,
      [type, ...params],
    );
    return rows.map((row) => row.id);
  }

  private queue(ids: string[]): void {
    setImmediate(() => {
      this.dispatcher
        .enqueue(ids.map((id) => ({ id, attempts: 0 })))
        .catch((error: unknown) =>
          this.logger.warn(`webhook deliveries left to the sweep: ${String(error)}`),
        );
    });
  }
}
