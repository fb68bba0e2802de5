import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Progress "as known at" per breakdown group (issue 17, docs/performance.md "Progress roll-up"). A knowledge
 * point (field day d, knowledge day k) counts in the answer for (asOf D, knownAt K ≥ D) when d ≤ D and k ≤ K.
 * That splits into two parts that each read little:
 * - `progress_known_group`: per group, the points keyed on greatest(d, k), as changes (d_*) with running sums
 *   (c_*) like `progress_rollup_group`: its last row on or before D holds every point with d ≤ D and k ≤ D,
 *   which is the whole answer when K = D.
 * - `progress_known_group_late`: per group, the points known after their field day (k > d), indexed on the
 *   knowledge day: the rest, d ≤ D < k ≤ K, is a range scan of the points learnt in (D, K] (index only).
 * The tables are filled by the roll-up's catch-up from the same per-cell deltas; the existing roll-up is
 * emptied and every outfall marked, so the next read (or `progress:rollup`) rebuilds everything consistently.
 */
const COUNTS = ['registered', 'investigated', 'traced', 'requires', 'planned', 'completed', 'verified'];

export class ProgressKnownGroups1769840000000 implements MigrationInterface {
  name = 'ProgressKnownGroups1769840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "progress_known_group" ("group_id" uuid NOT NULL, "day" date NOT NULL,
      ${COUNTS.map((c) => `"d_${c}" integer NOT NULL DEFAULT 0, "c_${c}" integer NOT NULL DEFAULT 0`).join(', ')},
      CONSTRAINT "PK_progress_known_group" PRIMARY KEY ("group_id", "day"))`);
    await q.query(`CREATE TABLE "progress_known_group_stale" ("group_id" uuid NOT NULL, "day" date NOT NULL,
      CONSTRAINT "PK_progress_known_group_stale" PRIMARY KEY ("group_id"))`);
    await q.query(`CREATE TABLE "progress_known_group_late" ("group_id" uuid NOT NULL, "day" date NOT NULL,
      "known" date NOT NULL, ${COUNTS.map((c) => `"${c}" integer NOT NULL DEFAULT 0`).join(', ')},
      CONSTRAINT "PK_progress_known_group_late" PRIMARY KEY ("group_id", "day", "known"),
      CONSTRAINT "CHK_progress_known_group_late" CHECK ("known" > "day"))`);
    // the late points learnt in a range of days, read from the index alone (they are ordered by knowledge day)
    await q.query(`CREATE INDEX "progress_known_group_late_known_idx" ON "progress_known_group_late" ("known")
      INCLUDE ("day", "group_id", ${COUNTS.map((c) => `"${c}"`).join(', ')})`);
    // rebuild: the existing points were never added to the new tables
    await q.query(`TRUNCATE "progress_fact", "progress_rollup", "progress_rollup_known", "progress_rollup_stale",
      "progress_rollup_group", "progress_rollup_group_stale"`);
    await q.query(`INSERT INTO "progress_rollup_dirty" SELECT "id" FROM "outfall" ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['progress_known_group_late', 'progress_known_group_stale', 'progress_known_group'])
      await q.query(`DROP TABLE IF EXISTS "${table}"`);
  }
}
