import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fenced job execution: a runner claims a job record with a lease (owner, expiry) and a fencing token
 * incremented per claim; the reconciler finds unfinished records; a job's dedupe key is unique among the
 * jobs still waiting or running, so two processes cannot queue the same job at once.
 */
export class JobLeases1765800000000 implements MigrationInterface {
  name = 'JobLeases1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "job_record" ADD "max_attempts" integer NOT NULL DEFAULT '1'`);
    await q.query(`ALTER TABLE "job_record" ADD "fencing_token" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "job_record" ADD "lease_owner" character varying(120)`);
    await q.query(`ALTER TABLE "job_record" ADD "lease_expires_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "job_record" ADD "not_before" TIMESTAMP WITH TIME ZONE`);
    // jobs queued twice before the key was enforced: the later copies are failed, the oldest runs
    await q.query(
      `UPDATE "job_record" AS j SET "state" = 'failed', "error" = 'duplicate of an earlier job with the same key', "finished_at" = now()
       WHERE j."dedupe_key" IS NOT NULL AND j."state" IN ('waiting', 'active') AND EXISTS (
         SELECT 1 FROM "job_record" o WHERE o."dedupe_key" = j."dedupe_key" AND o."state" IN ('waiting', 'active')
           AND (o."created_at", o."id") < (j."created_at", j."id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "job_record_dedupe_in_flight_uq" ON "job_record" ("dedupe_key") WHERE dedupe_key IS NOT NULL AND state IN ('waiting', 'active')`,
    );
    await q.query(
      `CREATE INDEX "job_record_unfinished_idx" ON "job_record" ("created_at") WHERE state IN ('waiting', 'active')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "job_record_unfinished_idx"`);
    await q.query(`DROP INDEX IF EXISTS "job_record_dedupe_in_flight_uq"`);
    for (const column of ['not_before', 'lease_expires_at', 'lease_owner', 'fencing_token', 'max_attempts']) {
      await q.query(`ALTER TABLE "job_record" DROP COLUMN "${column}"`);
    }
  }
}
