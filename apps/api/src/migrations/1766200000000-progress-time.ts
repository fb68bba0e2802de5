import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Knowledge time for progress (docs/progress-time.md):
 * - `progress_clock`: when this installation went live. A quarter closes itself only if it ended after that
 *   (a past quarter of a new or half-loaded database waits for the city to close it).
 * - `progress_quarter_close`: who closed which quarter and when (the city, or `auto` N days after its end).
 * - `outfall_event_history`: every value a milestone had and from when the system knew it (written by a
 *   trigger, whatever code path writes the milestone), so `knownAt` reproduces what was known on a day.
 * - `outfall_flag_history`: the derived flags (area, ban candidate, duplicate count) with the same rule.
 * Existing rows get one history row each, valid from their recorded/created time (the best knowledge there is).
 * `valid_from` is the clock time of the write (ordered within a transaction); uuid keys, no sequences, so a
 * restored backup needs no sequence reset.
 */
export class ProgressTime1766200000000 implements MigrationInterface {
  name = 'ProgressTime1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "progress_clock" ("id" smallint NOT NULL DEFAULT 1,
      "live_since" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_progress_clock" PRIMARY KEY ("id"), CONSTRAINT "progress_clock_one" CHECK ("id" = 1))`);
    await q.query(`INSERT INTO "progress_clock" ("id") VALUES (1)`);
    await q.query(`CREATE TABLE "progress_quarter_close" ("quarter" character varying(7) NOT NULL,
      "kind" character varying(8) NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "closed_by" character varying(100) NOT NULL, "reason" text,
      CONSTRAINT "PK_progress_quarter_close" PRIMARY KEY ("quarter"))`);
    // quarters frozen before this migration count as closed (the city can recompute them)
    await q.query(`INSERT INTO "progress_quarter_close" ("quarter", "kind", "closed_at", "closed_by", "reason")
      SELECT quarter, 'legacy', min(created_at), 'migration', 'frozen before quarters were closed explicitly'
        FROM progress_snapshot GROUP BY quarter`);

    await q.query(`CREATE TABLE "outfall_event_history" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outfall_id" uuid NOT NULL,
      "type" character varying(32) NOT NULL, "effective_on" date,
      "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "PK_outfall_event_history" PRIMARY KEY ("id"))`);
    await q.query(
      `CREATE INDEX "outfall_event_history_idx" ON "outfall_event_history" ("type", "outfall_id", "valid_from")`,
    );
    await q.query(`INSERT INTO "outfall_event_history" ("outfall_id", "type", "effective_on", "valid_from")
      SELECT outfall_id, type, effective_on, recorded_at FROM outfall_event`);
    await q.query(`CREATE FUNCTION outfall_event_history_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND (TG_OP = 'DELETE' OR OLD.outfall_id <> NEW.outfall_id OR OLD.type <> NEW.type) THEN
          INSERT INTO outfall_event_history (outfall_id, type, effective_on) VALUES (OLD.outfall_id, OLD.type, NULL);
        END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (OLD.outfall_id, OLD.type, OLD.effective_on) IS DISTINCT FROM (NEW.outfall_id, NEW.type, NEW.effective_on)) THEN
          INSERT INTO outfall_event_history (outfall_id, type, effective_on) VALUES (NEW.outfall_id, NEW.type, NEW.effective_on);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER outfall_event_history AFTER INSERT OR UPDATE OR DELETE ON "outfall_event"
      FOR EACH ROW EXECUTE FUNCTION outfall_event_history_write()`);

    await q.query(`CREATE TABLE "outfall_flag_history" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outfall_id" uuid NOT NULL,
      "area" character varying(8) NOT NULL, "ban_candidate" boolean NOT NULL, "ban_reasons" jsonb NOT NULL,
      "duplicate_count" integer NOT NULL, "before" jsonb,
      "txid" bigint NOT NULL DEFAULT txid_current(),
      "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "PK_outfall_flag_history" PRIMARY KEY ("id"))`);
    await q.query(
      `CREATE INDEX "outfall_flag_history_idx" ON "outfall_flag_history" ("outfall_id", "valid_from")`,
    );
    await q.query(`CREATE INDEX "outfall_flag_history_txid_idx" ON "outfall_flag_history" ("txid")`);
    await q.query(`INSERT INTO "outfall_flag_history" ("outfall_id", "area", "ban_candidate", "ban_reasons", "duplicate_count", "valid_from")
      SELECT id, area, ban_candidate, ban_reasons, duplicate_count, created_at FROM outfall`);
    await q.query(`CREATE FUNCTION outfall_flag_history_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO outfall_flag_history (outfall_id, area, ban_candidate, ban_reasons, duplicate_count, before)
        VALUES (NEW.id, NEW.area, NEW.ban_candidate, NEW.ban_reasons, NEW.duplicate_count,
                CASE WHEN TG_OP = 'UPDATE' THEN jsonb_build_object('area', OLD.area, 'banCandidate', OLD.ban_candidate,
                  'banReasons', OLD.ban_reasons, 'duplicateCount', OLD.duplicate_count) END);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER outfall_flag_history_insert AFTER INSERT ON "outfall"
      FOR EACH ROW EXECUTE FUNCTION outfall_flag_history_write()`);
    await q.query(`CREATE TRIGGER outfall_flag_history_update AFTER UPDATE ON "outfall"
      FOR EACH ROW WHEN ((OLD.area, OLD.ban_candidate, OLD.ban_reasons, OLD.duplicate_count)
        IS DISTINCT FROM (NEW.area, NEW.ban_candidate, NEW.ban_reasons, NEW.duplicate_count))
      EXECUTE FUNCTION outfall_flag_history_write()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS outfall_flag_history_update ON "outfall"`);
    await q.query(`DROP TRIGGER IF EXISTS outfall_flag_history_insert ON "outfall"`);
    await q.query(`DROP FUNCTION IF EXISTS outfall_flag_history_write()`);
    await q.query(`DROP TABLE IF EXISTS "outfall_flag_history"`);
    await q.query(`DROP TRIGGER IF EXISTS outfall_event_history ON "outfall_event"`);
    await q.query(`DROP FUNCTION IF EXISTS outfall_event_history_write()`);
    await q.query(`DROP TABLE IF EXISTS "outfall_event_history"`);
    await q.query(`DROP TABLE IF EXISTS "progress_quarter_close"`);
    await q.query(`DROP TABLE IF EXISTS "progress_clock"`);
  }
}
