import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The exceedance list at 10 M readings (issue 17, bench/exceedances.js). Both indexes are partial on the
 * non-compliant values (≈ 1.5 % of the rows), so they stay small and cost only exceeding writes:
 * - `sample_value_exceeding_multiple_idx` serves `?indicator=…&sort=-exceedanceMultiple` in index order (the
 *   first page reads 20 entries instead of sorting every exceeding value of the indicator);
 * - `sample_value_exceeding_sample_idx` finds a sample's exceeding values without reading its compliant ones:
 *   the period and outfall filters start from the samples and probe it per sample.
 */
export class ExceedanceListIndexes1769900000000 implements MigrationInterface {
  name = 'ExceedanceListIndexes1769900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS sample_value_exceeding_multiple_idx ON sample_value
         (indicator_code, exceedance_multiple DESC NULLS LAST, sample_id) WHERE compliant = false`,
    );
    await q.query(
      `CREATE INDEX IF NOT EXISTS sample_value_exceeding_sample_idx ON sample_value (sample_id)
         WHERE compliant = false`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS sample_value_exceeding_sample_idx`);
    await q.query(`DROP INDEX IF EXISTS sample_value_exceeding_multiple_idx`);
  }
}
