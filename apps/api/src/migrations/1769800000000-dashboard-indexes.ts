import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard's chronic exceeders (issue 16): only outfalls with an exceeding sample can be chronic, and this
 * partial index lists them without reading every outfall's last samples (bench/RESULTS.md, "Dashboard").
 */
export class DashboardIndexes1769800000000 implements MigrationInterface {
  name = 'DashboardIndexes1769800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS "sample_exceeding_idx" ON "sample" ("outfall_id") WHERE exceeding`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "public"."sample_exceeding_idx"`);
  }
}
