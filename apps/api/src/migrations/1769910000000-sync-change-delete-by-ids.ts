import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change-log trigger (migration 1769100000000) drops a record's previous row with
 * `DELETE … USING <transition table>`; the planner, which knows how many rows the statement wrote but not how
 * many change rows a type has (a table that grows by thousands per batch, analyzed rarely), read every change
 * row of the type into a hash (all samples ever ingested, per batch insert of samples). The same delete with
 * `entity_id = ANY (ARRAY(SELECT id FROM <transition table>))` is one probe of the (entity_type, entity_id)
 * index per written record whatever the statistics say. Same rows deleted and written as before.
 */
const FUNCTION = (
  deleteWhere: string,
) => `CREATE OR REPLACE FUNCTION "sync_record_changes"() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  v_type text := TG_ARGV[0];
  v_rows text := CASE WHEN TG_OP = 'DELETE' THEN 'sync_old_rows' ELSE 'sync_new_rows' END;
  v_op text := CASE WHEN TG_OP = 'DELETE' THEN quote_literal('deleted') ELSE TG_ARGV[3] END;
  v_survivor text := CASE WHEN TG_OP = 'DELETE' THEN 'NULL::uuid' ELSE TG_ARGV[4] END;
BEGIN
  EXECUTE format(
    ${deleteWhere}
    'INSERT INTO sync_change (entity_type, entity_id, op, survivor_id, outfall_id, division_id) '
    'SELECT %2$L, n.id, %3$s, %4$s, %5$s, COALESCE(%6$s, (SELECT p.division_id FROM previous p WHERE p.entity_id = n.id LIMIT 1)) FROM %1$s n',
    v_rows, v_type, v_op, v_survivor, TG_ARGV[1], TG_ARGV[2]);
  RETURN NULL;
END
$fn$`;

export class SyncChangeDeleteByIds1769910000000 implements MigrationInterface {
  name = 'SyncChangeDeleteByIds1769910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      FUNCTION(
        `'WITH previous AS (DELETE FROM sync_change c WHERE c.entity_type = %2$L AND c.entity_id = ANY (ARRAY(SELECT n.id FROM %1$s n)) RETURNING c.entity_id, c.division_id) '`,
      ),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      FUNCTION(
        `'WITH previous AS (DELETE FROM sync_change c USING %1$s n WHERE c.entity_type = %2$L AND c.entity_id = n.id RETURNING c.entity_id, c.division_id) '`,
      ),
    );
  }
}
