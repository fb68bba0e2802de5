import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the outfall import leans on (benchmark, 100 000 outfalls):
 * - the next local code looks up `local_code LIKE 'TTH-GY-%'`; under a non-C collation the unique index cannot
 *   serve a prefix match, so every created row scanned the table (~1 s a row). `text_pattern_ops` can.
 * - a re-import without codes finds the same outfall by its name on its water.
 */
export class OutfallImportIndexes1764900000000 implements MigrationInterface {
  name = 'OutfallImportIndexes1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "outfall_local_code_prefix_idx" ON "outfall" ("local_code" text_pattern_ops)`,
    );
    await q.query(
      `CREATE INDEX "outfall_water_name_idx" ON "outfall" ("water_body_id", "name") WHERE status = 'active'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "outfall_water_name_idx"`);
    await q.query(`DROP INDEX IF EXISTS "outfall_local_code_prefix_idx"`);
  }
}
