import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outfall import numbers generated local codes inside the statement that inserts the outfalls (issue 17):
 * the staging rows no longer carry them, which spared a pass that rewrote every staged row.
 */
export class ImportStagingNoCodeColumn1769930000000 implements MigrationInterface {
  name = 'ImportStagingNoCodeColumn1769930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_outfall_row DROP COLUMN IF EXISTS new_local_code`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_outfall_row ADD COLUMN IF NOT EXISTS new_local_code varchar(32)`);
  }
}
