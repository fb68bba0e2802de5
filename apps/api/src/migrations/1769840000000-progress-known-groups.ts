import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Progress "as known at" per breakdown group (issue 17, docs/performance.md "Progress roll-up"). A knowledge
 * point (field day d, knowledge day k) counts in the answer for asOf D as known at the end of D when
 * greatest(d, k) ≤ D. `progress_known_group` keeps, per group, the points keyed on greatest(d, k) as changes
 * (d_*) with running sums (c_*) like `progress_rollup_group`, so that answer is the group's last row on or
 * before D. The table is filled by the roll-up's catch-up from the same per-cell deltas; the existing roll-up
 * is emptied and every outfall marked, so the next read (or `progress:rollup`) rebuilds everything consistently.
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
    // rebuild: the existing points were never added to the new tables
    await q.query(`TRUNCATE "progress_fact", "progress_rollup", "progress_rollup_known", "progress_rollup_stale",
      "progress_rollup_group", "progress_rollup_group_stale"`);
    await q.query(`INSERT INTO "progress_rollup_dirty" SELECT "id" FROM "outfall" ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['progress_known_group_stale', 'progress_known_group'])
      await q.query(`DROP TABLE IF EXISTS "${table}"`);
  }
}
