import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Directory indexes the benchmark asked for (100 000 outfalls):
 * - the next local code looks up `local_code LIKE 'TTH-GY-%'`; under a non-C collation the unique index cannot
 *   serve a prefix match, so every created row scanned the table (~1 s a row). `text_pattern_ops` can.
 * - a re-import without codes finds the same outfall by its name on its water;
 * - rebuilding one outfall's duplicate pairs deletes `WHERE other_id = ANY(…)` (and the foreign key cascades on
 *   it): without an index that scanned every pair;
 * - the list's text search is `ILIKE '%…%'` on name, local code and national code: trigram GIN indexes serve it
 *   (pg_trgm is a trusted extension, so the database owner can create it; PGlite ships it too).
 */
export class DirectoryIndexes1764900000000 implements MigrationInterface {
  name = 'DirectoryIndexes1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "outfall_local_code_prefix_idx" ON "outfall" ("local_code" text_pattern_ops)`,
    );
    await q.query(
      `CREATE INDEX "outfall_water_name_idx" ON "outfall" ("water_body_id", "name") WHERE status = 'active'`,
    );
    await q.query(`CREATE INDEX "outfall_duplicate_other_idx" ON "outfall_duplicate" ("other_id")`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    for (const column of ['name', 'local_code', 'national_code']) {
      await q.query(
        `CREATE INDEX "outfall_${column}_trgm_idx" ON "outfall" USING gin ("${column}" gin_trgm_ops)`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of ['name', 'local_code', 'national_code']) {
      await q.query(`DROP INDEX IF EXISTS "outfall_${column}_trgm_idx"`);
    }
    await q.query(`DROP INDEX IF EXISTS "outfall_duplicate_other_idx"`);
    await q.query(`DROP INDEX IF EXISTS "outfall_water_name_idx"`);
    await q.query(`DROP INDEX IF EXISTS "outfall_local_code_prefix_idx"`);
  }
}
