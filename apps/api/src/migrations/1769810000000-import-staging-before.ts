import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outfall import's staging keeps the audit snapshot of each outfall a row updates, taken before the update
 * (issue 17): the audit rows are then written by one INSERT … SELECT, nothing loaded into the API process.
 * Its pages are half filled: validation updates every staged row several times (one statement per check,
 * each committed), and the room lets those be HOT updates whose old versions are pruned in place.
 */
export class ImportStagingBefore1769810000000 implements MigrationInterface {
  name = 'ImportStagingBefore1769810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_outfall_row ADD COLUMN IF NOT EXISTS before jsonb`);
    await q.query(`ALTER TABLE import_outfall_row SET (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_outfall_row RESET (fillfactor)`);
    await q.query(`ALTER TABLE import_outfall_row DROP COLUMN IF EXISTS before`);
  }
}
