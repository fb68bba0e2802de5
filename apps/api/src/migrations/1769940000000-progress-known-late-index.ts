import { MigrationInterface, QueryRunner } from 'typeorm';

const COUNTS = ['registered', 'investigated', 'traced', 'requires', 'planned', 'completed', 'verified'];

/**
 * Progress as known at a later day (issue 17): the answer for (asOf A, knownAt K > A) is the same-day answer
 * (the per-group running sums of `progress_known_group`) plus the knowledge points learnt after A, up to K,
 * about days up to A. Those points are all late (known after their field day): this index holds only late
 * points, ordered by the day they became known, with what the sum needs (an index-only range scan of the
 * window (A, K]).
 */
export class ProgressKnownLateIndex1769940000000 implements MigrationInterface {
  name = 'ProgressKnownLateIndex1769940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS "progress_rollup_known_late_idx" ON "progress_rollup_known"
      ("known", "day") INCLUDE ("cell_id", ${COUNTS.map((c) => `"${c}"`).join(', ')}) WHERE "known" > "day"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "progress_rollup_known_late_idx"`);
  }
}
