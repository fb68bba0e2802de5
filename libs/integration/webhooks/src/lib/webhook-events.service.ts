import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WebhookEventType } from '@outfall/shared-types';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';
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
    const em = manager ?? this.dataSource.manager;
    const ids = await this.write(em, type, recordId, payload, options.divisionId ?? null);
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

  /** Writes the event and its deliveries (only when some subscription wants it); returns the deliveries. */
  private async write(
    em: EntityManager,
    type: WebhookEventType,
    recordId: string,
    payload: Record<string, unknown>,
    divisionId: string | null,
  ): Promise<string[]> {
    const rows = await em.query<{ id: string }[]>(
      `WITH subs AS (
         SELECT s.id
           FROM webhook_subscription s
           JOIN api_key k ON k.id = s.api_key_id
           LEFT JOIN division kd ON kd.id = k.division_id
          WHERE s.active AND $1 = ANY (s.events)
            AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
            AND (k.division_id IS NULL OR EXISTS (
                  SELECT 1 FROM division ed
                   WHERE ed.id = $3::uuid AND (ed.path = kd.path OR ed.path LIKE kd.path || '/%')))
       ), ev AS (
         INSERT INTO webhook_event (type, record_id, division_id, payload)
         SELECT $1, $2, $3::uuid, $4::jsonb WHERE EXISTS (SELECT 1 FROM subs)
         RETURNING id
       )
       INSERT INTO webhook_delivery (subscription_id, event_id, event_type, record_id)
       SELECT subs.id, ev.id, $1, $2 FROM subs, ev
       RETURNING id`,
      [type, recordId, divisionId, JSON.stringify(payload)],
    );
    return rows.map((row) => row.id);
  }

  private queue(ids: string[]): void {
    setImmediate(() => {
      this.dispatcher.enqueue(ids.map((id) => ({ id, attempts: 0 }))).catch((error: unknown) =>
        this.logger.warn(`webhook deliveries left to the sweep: ${String(error)}`),
      );
    });
  }
}
