import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Progress roll-up (issue 17, docs/performance.md "Progress roll-up"): the counts behind /api/v1/progress kept
 * per breakdown cell and day, so an as-of answer reads one row per cell instead of every outfall.
 * - `progress_rollup_dirty`: outfalls whose progress facts may have changed. Triggers on every table the counts
 *   read add to it in the writing transaction, whatever code path writes (edits, merges, imports, milestone
 *   corrections, a water body's key flag, a township's units); the read path drains it before answering.
 * - `progress_cell`: one row per (key river, river, township, unit, category, area).
 * - `progress_fact`: per outfall, the day each count starts to include it; the live version (known_from NULL)
 *   and one version per knowledge interval [known_from, known_to) for `knownAt`.
 * - `progress_rollup`: per cell and day, the live facts' changes (d_*) and their running sums (c_*).
 * - `progress_rollup_known`: per cell, day and knowledge day, the knowledge versions' changes (+1 from
 *   known_from, -1 from known_to): a `knownAt` answer sums the points on or before both days.
 * - `progress_rollup_stale`: cells whose running sums must be recomputed from a day (after a drain).
 * - `progress_group`, `progress_rollup_group`, `progress_rollup_group_stale`: the same live changes and running
 *   sums per breakdown group (what a city-wide answer shows), so it reads about a hundred rows.
 * uuid keys, no sequences (a restored backup needs no sequence reset). Existing outfalls start dirty.
 */
const COUNTS = ['registered', 'investigated', 'traced', 'requires', 'planned', 'completed', 'verified'];

export class ProgressRollup1769200000000 implements MigrationInterface {
  name = 'ProgressRollup1769200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "progress_rollup_dirty" ("outfall_id" uuid NOT NULL,
      CONSTRAINT "PK_progress_rollup_dirty" PRIMARY KEY ("outfall_id"))`);
    await q.query(`CREATE TABLE "progress_cell" ("id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "is_key" boolean NOT NULL, "water_body_id" uuid, "division_id" uuid, "unit_id" uuid,
      "category" character varying(32), "area" character varying(8),
      CONSTRAINT "PK_progress_cell" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "progress_cell_uq" ON "progress_cell"
      ("is_key", "water_body_id", "division_id", "unit_id", "category", "area") NULLS NOT DISTINCT`);
    await q.query(`CREATE TABLE "progress_fact" ("outfall_id" uuid NOT NULL, "known_from" date, "known_to" date,
      "cell_id" uuid NOT NULL, ${COUNTS.map((c) => `"${c}" date`).join(', ')})`);
    await q.query(`CREATE INDEX "progress_fact_outfall_idx" ON "progress_fact" ("outfall_id")`);
    await q.query(`CREATE TABLE "progress_rollup" ("cell_id" uuid NOT NULL, "day" date NOT NULL,
      ${COUNTS.map((c) => `"d_${c}" integer NOT NULL DEFAULT 0, "c_${c}" integer NOT NULL DEFAULT 0`).join(', ')},
      CONSTRAINT "PK_progress_rollup" PRIMARY KEY ("cell_id", "day"))`);
    await q.query(`CREATE TABLE "progress_rollup_known" ("cell_id" uuid NOT NULL, "day" date NOT NULL,
      "known" date NOT NULL, ${COUNTS.map((c) => `"${c}" integer NOT NULL DEFAULT 0`).join(', ')},
      CONSTRAINT "PK_progress_rollup_known" PRIMARY KEY ("cell_id", "day", "known"))`);
    await q.query(`CREATE TABLE "progress_rollup_stale" ("cell_id" uuid NOT NULL, "day" date NOT NULL,
      CONSTRAINT "PK_progress_rollup_stale" PRIMARY KEY ("cell_id"))`);
    // the same per breakdown group (city, river, township, unit, category, area, each per scope group): a
    // city-wide answer reads about a hundred rows (key '' = unspecified)
    await q.query(`CREATE TABLE "progress_group" ("id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "grp" smallint NOT NULL, "is_key" boolean NOT NULL, "key" character varying(64) NOT NULL,
      CONSTRAINT "PK_progress_group" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "progress_group_uq" ON "progress_group" ("grp", "is_key", "key")`);
    await q.query(`CREATE TABLE "progress_rollup_group" ("group_id" uuid NOT NULL, "day" date NOT NULL,
      ${COUNTS.map((c) => `"d_${c}" integer NOT NULL DEFAULT 0, "c_${c}" integer NOT NULL DEFAULT 0`).join(', ')},
      CONSTRAINT "PK_progress_rollup_group" PRIMARY KEY ("group_id", "day"))`);
    await q.query(`CREATE TABLE "progress_rollup_group_stale" ("group_id" uuid NOT NULL, "day" date NOT NULL,
      CONSTRAINT "PK_progress_rollup_group_stale" PRIMARY KEY ("group_id"))`);

    // rows that carry an outfall_id (outfall itself: its id): the old and the new outfall are dirty
    for (const [fn, column] of [
      ['progress_rollup_mark', 'outfall_id'],
      ['progress_rollup_mark_outfall', 'id'],
    ])
      await q.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'INSERT' THEN
            INSERT INTO progress_rollup_dirty VALUES (OLD.${column}) ON CONFLICT DO NOTHING;
          END IF;
          IF TG_OP <> 'DELETE' THEN
            INSERT INTO progress_rollup_dirty VALUES (NEW.${column}) ON CONFLICT DO NOTHING;
          END IF;
          RETURN NULL;
        END $$`);
    await q.query(`CREATE TRIGGER progress_rollup_outfall AFTER INSERT OR DELETE ON "outfall"
      FOR EACH ROW EXECUTE FUNCTION progress_rollup_mark_outfall()`);
    await q.query(`CREATE TRIGGER progress_rollup_outfall_update AFTER UPDATE ON "outfall"
      FOR EACH ROW WHEN ((OLD.water_body_id, OLD.division_id, OLD.category, OLD.area, OLD.status)
        IS DISTINCT FROM (NEW.water_body_id, NEW.division_id, NEW.category, NEW.area, NEW.status))
      EXECUTE FUNCTION progress_rollup_mark_outfall()`);
    await q.query(`CREATE TRIGGER progress_rollup_event AFTER INSERT OR DELETE ON "outfall_event"
      FOR EACH ROW EXECUTE FUNCTION progress_rollup_mark()`);
    await q.query(`CREATE TRIGGER progress_rollup_event_update AFTER UPDATE ON "outfall_event"
      FOR EACH ROW WHEN ((OLD.outfall_id, OLD.type, OLD.effective_on) IS DISTINCT FROM (NEW.outfall_id, NEW.type, NEW.effective_on))
      EXECUTE FUNCTION progress_rollup_mark()`);
    for (const table of ['outfall_event_history', 'outfall_flag_history'])
      await q.query(`CREATE TRIGGER progress_rollup_mark AFTER INSERT OR UPDATE OR DELETE ON "${table}"
        FOR EACH ROW EXECUTE FUNCTION progress_rollup_mark()`);
    for (const table of ['remediation_decision', 'remediation_plan'])
      await q.query(`CREATE TRIGGER progress_rollup_mark AFTER INSERT OR UPDATE OR DELETE ON "${table}"
        FOR EACH ROW EXECUTE FUNCTION progress_rollup_mark()`);
    // a river that becomes (or stops being) a key river moves its outfalls between scope groups
    await q.query(`CREATE FUNCTION progress_rollup_mark_water() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO progress_rollup_dirty SELECT id FROM outfall WHERE water_body_id = NEW.id ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER progress_rollup_water AFTER UPDATE ON "water_body"
      FOR EACH ROW WHEN (OLD.is_key IS DISTINCT FROM NEW.is_key) EXECUTE FUNCTION progress_rollup_mark_water()`);
    // a township's unit (the first by name) is the unit of its outfalls without a plan
    await q.query(`CREATE FUNCTION progress_rollup_mark_unit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (TG_OP <> 'INSERT' AND OLD.kind = 'township') OR (TG_OP <> 'DELETE' AND NEW.kind = 'township') THEN
          INSERT INTO progress_rollup_dirty SELECT o.id FROM outfall o
           WHERE o.division_id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.division_id END,
                                   CASE WHEN TG_OP <> 'DELETE' THEN NEW.division_id END)
          ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER progress_rollup_unit AFTER INSERT OR DELETE ON "unit"
      FOR EACH ROW EXECUTE FUNCTION progress_rollup_mark_unit()`);
    await q.query(`CREATE TRIGGER progress_rollup_unit_update AFTER UPDATE ON "unit"
      FOR EACH ROW WHEN ((OLD.kind, OLD.division_id, OLD.name) IS DISTINCT FROM (NEW.kind, NEW.division_id, NEW.name))
      EXECUTE FUNCTION progress_rollup_mark_unit()`);
    await q.query(`INSERT INTO progress_rollup_dirty SELECT id FROM outfall`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS progress_rollup_unit_update ON "unit"`);
    await q.query(`DROP TRIGGER IF EXISTS progress_rollup_unit ON "unit"`);
    await q.query(`DROP TRIGGER IF EXISTS progress_rollup_water ON "water_body"`);
    for (const table of [
      'remediation_plan',
      'remediation_decision',
      'outfall_flag_history',
      'outfall_event_history',
    ])
      await q.query(`DROP TRIGGER IF EXISTS progress_rollup_mark ON "${table}"`);
    await q.query(`DROP TRIGGER IF EXISTS progress_rollup_event_update ON "outfall_event"`);
    await q.query(`DROP TRIGGER IF EXISTS progress_rollup_event ON "outfall_event"`);
    await q.query(`DROP TRIGGER IF EXISTS progress_rollup_outfall_update ON "outfall"`);
    await q.query(`DROP TRIGGER IF EXISTS progress_rollup_outfall ON "outfall"`);
    await q.query(`DROP FUNCTION IF EXISTS progress_rollup_mark_unit()`);
    await q.query(`DROP FUNCTION IF EXISTS progress_rollup_mark_water()`);
    await q.query(`DROP FUNCTION IF EXISTS progress_rollup_mark_outfall()`);
    await q.query(`DROP FUNCTION IF EXISTS progress_rollup_mark()`);
    for (const table of [
      'progress_rollup_group_stale',
      'progress_rollup_group',
      'progress_group',
      'progress_rollup_stale',
      'progress_rollup_known',
      'progress_rollup',
      'progress_fact',
      'progress_cell',
      'progress_rollup_dirty',
    ])
      await q.query(`DROP TABLE IF EXISTS "${table}"`);
  }
}
