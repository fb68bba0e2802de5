import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { RequestContextStore } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { defineJob, JobContext, JobRunner, QueueName, QueueService } from '@outfall/queue';
import { AuditAction, WebhookDeliveryStatus } from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { WebhookDeliveryAttempt } from './entities/webhook-delivery.entity';
import { WebhookEvent } from './entities/webhook-event.entity';
import { WebhookSubscription } from './entities/webhook-subscription.entity';
import { assertPublicTarget } from './url-guard';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature';

interface DeliverData {
  deliveryId: string;
}
interface DeliverResult {
  outcome: 'delivered' | 'retry' | 'failed' | 'skipped';
}

/** One job per delivery attempt; the delivery's own retries (with backoff) are scheduled by the handler. */
export const WEBHOOK_DELIVERY_JOB = defineJob<DeliverData, DeliverResult>(
  QueueName.Webhooks,
  'webhook-delivery',
  1,
);

interface ClaimedRow {
  id: string;
  attempts: number;
  subscription_id: string;
  event_id: string;
  record_id: string;
}

const USER_AGENT = 'outfall-webhooks/1';
const SNIPPET = 500;
const SWEEP_BATCH = 200;

/**
 * Sends deliveries. At-least-once and idempotent: a delivery is claimed in the database (one atomic UPDATE
 * that also requires every earlier delivery of the same record to this subscription to be finished, which
 * keeps per-record order), sent, and its outcome written; a runner that stopped mid-send leaves a claim that
 * expires and is taken over. Receivers dedupe on `X-Outfall-Delivery` / the event id.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: JobRunner,
    private readonly queue: QueueService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.runner.register(WEBHOOK_DELIVERY_JOB, (context) => this.deliver(context));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.sweep().catch(() => undefined),
      this.config.WEBHOOK_SWEEP_INTERVAL_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * Queues the next attempt of each delivery (`attempts`: how many it has had); a job already queued for that
   * same attempt is reused.
   */
  async enqueue(deliveries: { id: string; attempts: number }[], delayMs = 0): Promise<void> {
    for (const { id, attempts } of deliveries) {
      // the platform's own job, not the caller's whose change published the event (not in their job list)
      await RequestContextStore.run({ requestId: `webhook-${id}` }, () =>
        this.queue.enqueue(
          WEBHOOK_DELIVERY_JOB,
          { deliveryId: id },
          { dedupeKey: `webhook:${id}:${attempts}`, dedupeInFlightOnly: true, delayMs: delayMs || undefined },
        ),
      );
    }
  }

  /**
   * The safety net: queues every delivery that is due and first in line (a queue that lost a job, a commit
   * hook that did not run, a subscription enabled again). Returns how many it queued.
   */
  async sweep(subscriptionId?: string): Promise<number> {
    const rows = await this.dataSource.query<{ id: string; attempts: number }[]>(
      `SELECT d.id, d.attempts FROM webhook_delivery d
         JOIN webhook_subscription s ON s.id = d.subscription_id AND s.active
         JOIN api_key k ON k.id = s.api_key_id AND k.revoked_at IS NULL
        WHERE ((d.status = 'pending' AND d.next_attempt_at <= now())
               OR (d.status = 'sending' AND d.claimed_until < now()))
          AND ($1::uuid IS NULL OR d.subscription_id = $1::uuid)
          AND NOT EXISTS (SELECT 1 FROM webhook_delivery p
                           WHERE p.subscription_id = d.subscription_id AND p.record_id = d.record_id
                             AND p.seq < d.seq AND p.status IN ('pending', 'sending'))
        ORDER BY d.seq
        LIMIT ${SWEEP_BATCH}`,
      [subscriptionId ?? null],
    );
    if (rows.length) await this.enqueue(rows);
    return rows.length;
  }

  /** Backoff before the next attempt after `attempts` failed ones. */
  backoffMs(attempts: number): number {
    const base = this.config.WEBHOOK_BACKOFF_BASE_MS;
    return Math.min(this.config.WEBHOOK_BACKOFF_MAX_MS, base * 2 ** Math.max(0, attempts - 1));
  }

  private async claim(id: string): Promise<ClaimedRow | null> {
    const [rows] = await this.dataSource.query<[ClaimedRow[], number]>(
      `UPDATE webhook_delivery d
          SET status = 'sending', attempts = d.attempts + 1, last_attempt_at = now(),
              claimed_until = now() + $2 * interval '1 millisecond'
        WHERE d.id = $1
          AND ((d.status = 'pending' AND d.next_attempt_at <= now())
               OR (d.status = 'sending' AND d.claimed_until < now()))
          AND EXISTS (SELECT 1 FROM webhook_subscription s JOIN api_key k ON k.id = s.api_key_id
                       WHERE s.id = d.subscription_id AND s.active AND k.revoked_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM webhook_delivery p
                           WHERE p.subscription_id = d.subscription_id AND p.record_id = d.record_id
                             AND p.seq < d.seq AND p.status IN ('pending', 'sending'))
      RETURNING d.id, d.attempts, d.subscription_id, d.event_id, d.record_id`,
      [id, this.config.WEBHOOK_TIMEOUT_MS + 30_000],
    );
    return rows[0] ?? null;
  }

  private async deliver(context: JobContext<DeliverData, DeliverResult>): Promise<DeliverResult> {
    const claimed = await this.claim(context.data.deliveryId);
    if (!claimed) return { outcome: 'skipped' };
    const subscription = await this.dataSource
      .getRepository(WebhookSubscription)
      .createQueryBuilder('s')
      .addSelect('s.secret')
      .where('s.id = :id', { id: claimed.subscription_id })
      .getOneOrFail();
    const event = await this.dataSource.getRepository(WebhookEvent).findOneByOrFail({ id: claimed.event_id });
    const body = JSON.stringify({
      id: event.id,
      type: event.type,
      recordId: event.recordId,
      occurredAt: event.occurredAt.toISOString(),
      data: event.payload,
    });
    const result = await this.send(subscription, claimed, event, body);
    return this.record(claimed, subscription, result);
  }

  private async send(
    subscription: WebhookSubscription,
    claimed: ClaimedRow,
    event: WebhookEvent,
    body: string,
  ): Promise<{
    ok: boolean;
    statusCode: number | null;
    error: string | null;
    snippet: string | null;
    durationMs: number;
  }> {
    const started = performance.now();
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      await assertPublicTarget(subscription.url, this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
      const response = await fetch(subscription.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': USER_AGENT,
          'X-Outfall-Event': event.type,
          'X-Outfall-Event-Id': event.id,
          'X-Outfall-Delivery': claimed.id,
          'X-Outfall-Attempt': String(claimed.attempts),
          'X-Outfall-Timestamp': String(timestamp),
          [SIGNATURE_HEADER]: signatureHeader(subscription.secret, timestamp, body),
        },
        body,
      });
      const text = await response.text().catch(() => '');
      const ok = response.status >= 200 && response.status < 300;
      return {
        ok,
        statusCode: response.status,
        error: ok ? null : `HTTP ${response.status}`,
        snippet: text.slice(0, SNIPPET) || null,
        durationMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      const message =
        error instanceof Error
          ? error.name === 'TimeoutError'
            ? 'timed out'
            : error.message
          : String(error);
      return {
        ok: false,
        statusCode: null,
        error: message.slice(0, 500),
        snippet: null,
        durationMs: Math.round(performance.now() - started),
      };
    }
  }

  private async record(
    claimed: ClaimedRow,
    subscription: WebhookSubscription,
    result: {
      ok: boolean;
      statusCode: number | null;
      error: string | null;
      snippet: string | null;
      durationMs: number;
    },
  ): Promise<DeliverResult> {
    const finalFailure = !result.ok && claimed.attempts >= this.config.WEBHOOK_MAX_ATTEMPTS;
    const retryIn = !result.ok && !finalFailure ? this.backoffMs(claimed.attempts) : 0;
    const outcome: DeliverResult['outcome'] = result.ok ? 'delivered' : finalFailure ? 'failed' : 'retry';
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(WebhookDeliveryAttempt).insert({
        deliveryId: claimed.id,
        attempt: claimed.attempts,
        statusCode: result.statusCode,
        ok: result.ok,
        error: result.error,
        durationMs: result.durationMs,
        responseSnippet: result.snippet,
      });
      await em.query(
        `UPDATE webhook_delivery
            SET status = $2::varchar, claimed_until = NULL, last_status_code = $3, last_error = $4,
                delivered_at = CASE WHEN $2::varchar = 'succeeded' THEN now() ELSE delivered_at END,
                next_attempt_at = now() + $5 * interval '1 millisecond'
          WHERE id = $1`,
        [
          claimed.id,
          result.ok
            ? WebhookDeliveryStatus.Succeeded
            : finalFailure
              ? WebhookDeliveryStatus.Failed
              : WebhookDeliveryStatus.Pending,
          result.statusCode,
          result.error,
          retryIn,
        ],
      );
      if (result.ok) {
        await em.query(
          `UPDATE webhook_subscription SET consecutive_failures = 0, last_delivered_at = now() WHERE id = $1`,
          [subscription.id],
        );
        return;
      }
      const [[row]] = await em.query<[{ consecutive_failures: number; active: boolean }[], number]>(
        `UPDATE webhook_subscription SET consecutive_failures = consecutive_failures + 1 WHERE id = $1
         RETURNING consecutive_failures, active`,
        [subscription.id],
      );
      const limit = this.config.WEBHOOK_DISABLE_AFTER_FAILURES;
      if (row && row.active && row.consecutive_failures >= limit) {
        const repo = em.getRepository(WebhookSubscription);
        const before = await repo.findOneByOrFail({ id: subscription.id });
        const reason =
          `Disabled automatically after ${row.consecutive_failures} failed delivery attempts in a row ` +
          `(last: ${result.error ?? 'error'}). Fix the receiver, then set active to true again; ` +
          `pending deliveries are kept and sent then.`;
        await repo.update(subscription.id, { active: false, disabledAt: new Date(), disabledReason: reason });
        const after = await repo.findOneByOrFail({ id: subscription.id });
        await this.audit.record(em, {
          action: AuditAction.Update,
          entityType: 'webhook_subscription',
          entityId: subscription.id,
          before,
          after,
        });
        this.logger.warn(`webhook subscription ${subscription.id} disabled: ${reason}`);
      }
    });
    try {
      if (outcome === 'retry') await this.enqueue([{ id: claimed.id, attempts: claimed.attempts }], retryIn);
      else await this.sweepRecord(claimed.subscription_id, claimed.record_id);
    } catch (error) {
      this.logger.warn(`webhook follow-up left to the sweep: ${String(error)}`);
    }
    return { outcome };
  }

  /** Queues the next delivery of the same record to the same subscription, if one is due. */
  private async sweepRecord(subscriptionId: string, recordId: string): Promise<void> {
    const rows = await this.dataSource.query<{ id: string; attempts: number }[]>(
      `SELECT d.id, d.attempts FROM webhook_delivery d
        WHERE d.subscription_id = $1 AND d.record_id = $2 AND d.status = 'pending'
        ORDER BY d.seq LIMIT 1`,
      [subscriptionId, recordId],
    );
    if (rows.length) await this.enqueue([rows[0]]);
  }
}
