import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staging for the set-based outfall import (issue 17): the rows of one import job as read from the file
 * (text), the values validation resolves from them, and the row errors. UNLOGGED: the rows live only while
 * their job runs (a crash loses them, and the job's rerun reads the file again). Keyed by job id; the job
 * deletes its rows when it ends.
 */
export class ImportStaging1769300000000 implements MigrationInterface {
  name = 'ImportStaging1769300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE IF NOT EXISTS import_outfall_row (
        job_id uuid NOT NULL,
        row_no int NOT NULL,
        local_code text, national_code text, name text, category text, sub_type text, water text, bank text,
        division text, longitude text, latitude text, discharge_mode text, discharge_method text, size_mm text,
        discovered_on text, registered_on text, permit_number text, setup_approval text, signage_installed text,
        v_category varchar(16), v_sub_type varchar(32), v_water_body_id uuid, v_named_division_id uuid,
        v_longitude double precision, v_latitude double precision, v_bank varchar(8),
        v_discharge_mode varchar(16), v_discharge_method varchar(16), v_size_mm int,
        v_discovered_on date, v_registered_on date, v_setup_approval varchar(16), v_signage boolean,
        existing_id uuid, existing_by varchar(16), foreign_match boolean NOT NULL DEFAULT false,
        resolve boolean NOT NULL DEFAULT false, at_division_id uuid, geo_problem varchar(24),
        division_id uuid, division_derived boolean, outfall_id uuid, new_local_code varchar(32),
        ok boolean NOT NULL DEFAULT false, applied boolean NOT NULL DEFAULT false,
        PRIMARY KEY (job_id, row_no)
      )`);
    await q.query(`
      CREATE UNLOGGED TABLE IF NOT EXISTS import_outfall_error (
        job_id uuid NOT NULL,
        row_no int NOT NULL,
        field varchar(32) NOT NULL,
        message text NOT NULL
      )`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS import_outfall_error_job_idx ON import_outfall_error (job_id, row_no)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS import_outfall_error`);
    await q.query(`DROP TABLE IF EXISTS import_outfall_row`);
  }
}
