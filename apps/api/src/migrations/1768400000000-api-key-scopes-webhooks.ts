import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys get added scopes, a per-key rate limit and rotation with a previous secret; webhooks get their
 * subscriptions, the event outbox, deliveries (ordered by `seq`) and the attempts of the delivery log.
 */
export class ApiKeyScopesWebhooks1768400000000 implements MigrationInterface {
  name = 'ApiKeyScopesWebhooks1768400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "api_key" ADD "scopes" character varying array NOT NULL DEFAULT '{}'`);
    await q.query(`UPDATE "api_key" SET "scopes" = ARRAY["scope"]`);
    await q.query(`ALTER TABLE "api_key" ADD "rate_limit_per_minute" integer`);
    await q.query(`ALTER TABLE "api_key" ADD "previous_secret_hash" character varying(64)`);
    await q.query(`ALTER TABLE "api_key" ADD "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "api_key" ADD "rotated_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `CREATE TABLE "webhook_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" character varying(40) NOT NULL, "record_id" character varying(64) NOT NULL, "division_id" uuid, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0f56d2f40f5ec823acf8e8edad1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "webhook_event_record_idx" ON "webhook_event" ("record_id") `);
    await q.query(
      `CREATE TABLE "webhook_subscription" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "api_key_id" uuid NOT NULL, "url" character varying(2000) NOT NULL, "events" character varying array NOT NULL, "description" character varying(200), "secret" character varying(80) NOT NULL, "active" boolean NOT NULL DEFAULT true, "consecutive_failures" integer NOT NULL DEFAULT '0', "disabled_at" TIMESTAMP WITH TIME ZONE, "disabled_reason" text, "last_delivered_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b52cb4811c5ada4f42896c37ba8" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "webhook_subscription_key_idx" ON "webhook_subscription" ("api_key_id") `);
    await q.query(
      `CREATE TABLE "webhook_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "subscription_id" uuid NOT NULL, "event_id" uuid NOT NULL, "event_type" character varying(40) NOT NULL, "record_id" character varying(64) NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "claimed_until" TIMESTAMP WITH TIME ZONE, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "last_status_code" integer, "last_error" text, "delivered_at" TIMESTAMP WITH TIME ZONE, "replay_of_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b1ae290239a778f12399db91354" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "webhook_delivery_due_idx" ON "webhook_delivery" ("status", "next_attempt_at") `,
    );
    await q.query(
      `CREATE INDEX "webhook_delivery_order_idx" ON "webhook_delivery" ("subscription_id", "record_id", "seq") `,
    );
    await q.query(
      `CREATE TABLE "webhook_delivery_attempt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "delivery_id" uuid NOT NULL, "attempt" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status_code" integer, "ok" boolean NOT NULL, "error" text, "duration_ms" integer NOT NULL, "response_snippet" character varying(500), CONSTRAINT "PK_e6efad829bd07e78a18fd0ad5d5" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "webhook_delivery_attempt_delivery_idx" ON "webhook_delivery_attempt" ("delivery_id", "attempt") `,
    );
    await q.query(
      `ALTER TABLE "webhook_subscription" ADD CONSTRAINT "FK_205e24e8f665e32e439d309e857" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "webhook_delivery" ADD CONSTRAINT "FK_236a6a1218756223393d1fb5acc" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscription"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "webhook_delivery" ADD CONSTRAINT "FK_b723a573cd78b4cff3404153ad1" FOREIGN KEY ("event_id") REFERENCES "webhook_event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "webhook_delivery_attempt" ADD CONSTRAINT "FK_d6b1ad59ea81fa8680d8e7cab82" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "webhook_delivery_attempt"`);
    await q.query(`DROP TABLE "webhook_delivery"`);
    await q.query(`DROP TABLE "webhook_subscription"`);
    await q.query(`DROP TABLE "webhook_event"`);
    await q.query(`ALTER TABLE "api_key" DROP COLUMN "rotated_at"`);
    await q.query(`ALTER TABLE "api_key" DROP COLUMN "previous_secret_expires_at"`);
    await q.query(`ALTER TABLE "api_key" DROP COLUMN "previous_secret_hash"`);
    await q.query(`ALTER TABLE "api_key" DROP COLUMN "rate_limit_per_minute"`);
    await q.query(`ALTER TABLE "api_key" DROP COLUMN "scopes"`);
  }
}
