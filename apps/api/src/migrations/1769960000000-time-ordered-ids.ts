import { MigrationInterface, QueryRunner } from 'typeorm';

/** The history tables the record's triggers write, one row per change (no entity maps them). */
const HISTORY_TABLES = ['outfall_flag_history', 'outfall_event_history'];

/**
 * Time-ordered ids for the rows the record writes in bulk (issue 17): `uuid_time_ordered()` gives a UUID in
 * the version 7 layout (RFC 9562): milliseconds since 1970 in the first 48 bits, then the version, then 70
 * random bits. Rows written together get ids that sort together, so a bulk write (an import of 100,000
 * outfalls, a batch of samples) appends to the right edge of each primary key instead of dirtying a random
 * leaf page per row; after a checkpoint each first-touched page goes to the WAL whole. The 100,000-row bench
 * import into a record whose audit trail and two history tables hold 2,000,000 rows each wrote 659 MB of WAL
 * against 817 MB with random ids (`bench/import.js --grown`; bench/RESULTS.md). The trigger-written history
 * tables take it as their default; the tables entities map keep `gen_random_uuid()` as the schema's default
 * (single rows) and get the time-ordered id from the set-based statements that write them in bulk.
 */
export class TimeOrderedIds1769960000000 implements MigrationInterface {
  name = 'TimeOrderedIds1769960000000';

  async up(q: QueryRunner): Promise<void> {
    // one expression (the planner inlines it): the random UUID's first 7 bytes replaced by the time and 0x70
    // (version 7; the variant bits of byte 8 are already RFC 9562's)
    await q.query(`CREATE OR REPLACE FUNCTION uuid_time_ordered() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
      SELECT encode(overlay(uuid_send(gen_random_uuid())
                      PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                              || '\\x70'::bytea
                      FROM 1 FOR 7), 'hex')::uuid
    $$`);
    for (const table of HISTORY_TABLES)
      await q.query(`ALTER TABLE "${table}" ALTER COLUMN id SET DEFAULT uuid_time_ordered()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of HISTORY_TABLES)
      await q.query(`ALTER TABLE "${table}" ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
    await q.query(`DROP FUNCTION IF EXISTS uuid_time_ordered()`);
  }
}
