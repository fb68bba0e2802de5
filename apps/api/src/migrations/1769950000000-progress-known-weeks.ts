import { MigrationInterface, QueryRunner } from 'typeorm';

const COUNTS = ['registered', 'investigated', 'traced', 'requires', 'planned', 'completed', 'verified'];

/**
 * Progress as known at a later day (issue 17): the late knowledge points (known after their field day) per
 * breakdown group and the week (Monday to Sunday) they became known, as running sums over the field day. The
 * answer for (asOf A, knownAt K) then takes each week that lies wholly in (A, K] with one probe per group and
 * week (its last row on or before A), and sums only the points of the partial weeks at the two ends per cell
 * (see ProgressRollupService.knownLaterGroupedSql). A series is one (group, week); the catch-up keeps it up to
 * date like the other running sums. Filled here from the existing per-cell points.
 */
export class ProgressKnownWeeks1769950000000 implements MigrationInterface {
  name = 'ProgressKnownWeeks1769950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "progress_known_week_series" ("id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "group_id" uuid NOT NULL, "week" date NOT NULL,
      CONSTRAINT "PK_progress_known_week_series" PRIMARY KEY ("id"),
      CONSTRAINT "progress_known_week_series_uq" UNIQUE ("week", "group_id"))`);
    await q.query(`CREATE TABLE "progress_known_week" ("series_id" uuid NOT NULL, "day" date NOT NULL,
      ${COUNTS.map((c) => `"d_${c}" integer NOT NULL DEFAULT 0, "c_${c}" integer NOT NULL DEFAULT 0`).join(', ')},
      CONSTRAINT "PK_progress_known_week" PRIMARY KEY ("series_id", "day"))`);
    await q.query(`CREATE TABLE "progress_known_week_stale" ("series_id" uuid NOT NULL, "day" date NOT NULL,
      CONSTRAINT "PK_progress_known_week_stale" PRIMARY KEY ("series_id"))`);
    // the late points per (group, week known, field day): the same grouping as the catch-up's
    await q.query(`CREATE TEMP TABLE "pr_weeks" AS
      SELECT g."id" AS "group_id", date_trunc('week', r."known"::timestamp)::date AS "week", r."day",
             ${COUNTS.map((c) => `sum(r."${c}")::int AS "${c}"`).join(', ')}
        FROM "progress_rollup_known" r
        JOIN "progress_cell" c ON c."id" = r."cell_id"
       CROSS JOIN LATERAL (VALUES (31, ''), (15, c."water_body_id"::text), (23, c."division_id"::text),
                                  (27, COALESCE(c."unit_id"::text, '')), (29, c."category"), (30, c."area")) k(grp, key)
        JOIN "progress_group" g ON g."grp" = k.grp AND g."is_key" = c."is_key" AND g."key" = k.key
       WHERE r."known" > r."day"
       GROUP BY 1, 2, 3
      HAVING NOT (${COUNTS.map((c) => `sum(r."${c}") = 0`).join(' AND ')})`);
    await q.query(`INSERT INTO "progress_known_week_series" ("group_id", "week")
      SELECT DISTINCT "group_id", "week" FROM "pr_weeks"`);
    await q.query(`INSERT INTO "progress_known_week" ("series_id", "day",
        ${COUNTS.map((c) => `"d_${c}", "c_${c}"`).join(', ')})
      SELECT s."id", w."day", ${COUNTS.map((c) => `w."${c}", sum(w."${c}") OVER x`).join(', ')}
        FROM "pr_weeks" w JOIN "progress_known_week_series" s ON s."group_id" = w."group_id" AND s."week" = w."week"
      WINDOW x AS (PARTITION BY s."id" ORDER BY w."day")`);
    await q.query(`DROP TABLE "pr_weeks"`);
    // statistics now: without them the catch-up's probes of a series plan as scans of the whole table
    await q.query(`ANALYZE "progress_known_week_series", "progress_known_week"`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['progress_known_week_stale', 'progress_known_week', 'progress_known_week_series'])
      await q.query(`DROP TABLE IF EXISTS "${table}"`);
  }
}
