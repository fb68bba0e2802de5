import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The incremental-sync change log (docs/sync.md). Every insert, update and delete of a synced table writes,
 * in the same transaction and through statement-level triggers (so imports, jobs and raw SQL are caught too),
 * one row per record: the writing transaction's id (`pg_current_xact_id()`, xid8) and a sequence number, the
 * record's type and id, the operation (`upsert`, `deleted`, or `merged` with the surviving outfall), and the
 * outfall / division that decide jurisdiction. The log is compacted: a record keeps only its latest row.
 * Existing records are backfilled so an integrator's first sync from cursor zero sees everything.
 */
export class SyncChanges1769100000000 implements MigrationInterface {
  name = 'SyncChanges1769100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE "sync_change_seq"`);
    await q.query(
      `CREATE TABLE "sync_change" ("seq" bigint NOT NULL DEFAULT nextval('sync_change_seq'), "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(), "entity_type" character varying(16) NOT NULL, "entity_id" uuid NOT NULL, "op" character varying(8) NOT NULL, "survivor_id" uuid, "outfall_id" uuid, "division_id" uuid, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "sync_change_pk" PRIMARY KEY ("seq"))`,
    );
    await q.query(`ALTER SEQUENCE "sync_change_seq" OWNED BY "sync_change"."seq"`);
    // the log's epoch: a restore renumbers the log and draws a new one, so cursors of the old log are refused
    await q.query(
      `CREATE TABLE "sync_state" ("id" integer NOT NULL DEFAULT 1, "epoch" uuid NOT NULL DEFAULT gen_random_uuid(), CONSTRAINT "sync_state_pk" PRIMARY KEY ("id"), CONSTRAINT "sync_state_one_row" CHECK ("id" = 1))`,
    );
    await q.query(`INSERT INTO "sync_state" DEFAULT VALUES`);
    await q.query(`CREATE INDEX "sync_change_position_idx" ON "sync_change" ("xid", "seq")`);
    await q.query(`CREATE INDEX "sync_change_record_idx" ON "sync_change" ("entity_type", "entity_id")`);
    // One function for every synced table. Arguments: the sync type, then SQL expressions over the transition
    // row `n` for the outfall id, the division id, the operation of a write and the survivor id.
    await q.query(`CREATE FUNCTION "sync_record_changes"() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  v_type text := TG_ARGV[0];
  v_rows text := CASE WHEN TG_OP = 'DELETE' THEN 'sync_old_rows' ELSE 'sync_new_rows' END;
  v_op text := CASE WHEN TG_OP = 'DELETE' THEN quote_literal('deleted') ELSE TG_ARGV[3] END;
  v_survivor text := CASE WHEN TG_OP = 'DELETE' THEN 'NULL::uuid' ELSE TG_ARGV[4] END;
BEGIN
  EXECUTE format(
    'WITH previous AS (DELETE FROM sync_change c USING %1$s n WHERE c.entity_type = %2$L AND c.entity_id = n.id RETURNING c.entity_id, c.division_id) '
    'INSERT INTO sync_change (entity_type, entity_id, op, survivor_id, outfall_id, division_id) '
    'SELECT %2$L, n.id, %3$s, %4$s, %5$s, COALESCE(%6$s, (SELECT p.division_id FROM previous p WHERE p.entity_id = n.id LIMIT 1)) FROM %1$s n',
    v_rows, v_type, v_op, v_survivor, TG_ARGV[1], TG_ARGV[2]);
  RETURN NULL;
END
$fn$`);
    for (const t of SYNCED) {
      const args = [t.type, t.outfall, t.division, t.op ?? `'upsert'`, t.survivor ?? 'NULL::uuid']
        .map((a) => `'${a.replace(/'/g, "''")}'`)
        .join(', ');
      await q.query(
        `CREATE TRIGGER "sync_${t.table}_ins" AFTER INSERT ON "${t.table}" REFERENCING NEW TABLE AS sync_new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_record_changes(${args})`,
      );
      await q.query(
        `CREATE TRIGGER "sync_${t.table}_upd" AFTER UPDATE ON "${t.table}" REFERENCING NEW TABLE AS sync_new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_record_changes(${args})`,
      );
      await q.query(
        `CREATE TRIGGER "sync_${t.table}_del" AFTER DELETE ON "${t.table}" REFERENCING OLD TABLE AS sync_old_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_record_changes(${args})`,
      );
      // backfill: existing records in (update time, id) order, all in this migration's transaction
      await q.query(
        `INSERT INTO sync_change (entity_type, entity_id, op, survivor_id, outfall_id, division_id, changed_at)
         SELECT '${t.type}', n.id, ${t.op ?? `'upsert'`}, ${t.survivor ?? 'NULL::uuid'}, ${t.outfall}, ${t.division}, n.${t.updatedAt}
         FROM "${t.table}" n ORDER BY n.${t.updatedAt}, n.id`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of SYNCED) {
      for (const suffix of ['ins', 'upd', 'del'])
        await q.query(`DROP TRIGGER "sync_${t.table}_${suffix}" ON "${t.table}"`);
    }
    await q.query(`DROP FUNCTION "sync_record_changes"()`);
    await q.query(`DROP TABLE "sync_change"`);
    await q.query(`DROP TABLE "sync_state"`);
  }
}

const OUTFALL_DIVISION = `(SELECT o.division_id FROM outfall o WHERE o.id = n.outfall_id)`;

/** The synced tables: sync type, outfall and division expressions over a row `n`, merge handling. */
const SYNCED: {
  table: string;
  type: string;
  outfall: string;
  division: string;
  updatedAt: string;
  op?: string;
  survivor?: string;
}[] = [
  {
    table: 'outfall',
    type: 'outfall',
    outfall: 'n.id',
    division: 'n.division_id',
    updatedAt: 'updated_at',
    op: `CASE WHEN n.merged_into_id IS NULL THEN 'upsert' ELSE 'merged' END`,
    survivor: 'n.merged_into_id',
  },
  {
    table: 'responsible_entity',
    type: 'entity',
    outfall: 'NULL::uuid',
    division: 'n.division_id',
    updatedAt: 'updated_at',
  },
  {
    table: 'sample',
    type: 'sample',
    outfall: 'n.outfall_id',
    division: OUTFALL_DIVISION,
    updatedAt: 'updated_at',
  },
  {
    table: 'tracing_record',
    type: 'tracing',
    outfall: 'n.outfall_id',
    division: OUTFALL_DIVISION,
    updatedAt: 'updated_at',
  },
  {
    table: 'remediation_plan',
    type: 'plan',
    outfall: 'n.outfall_id',
    division: OUTFALL_DIVISION,
    updatedAt: 'updated_at',
  },
  {
    table: 'outfall_event',
    type: 'milestone',
    outfall: 'n.outfall_id',
    division: OUTFALL_DIVISION,
    updatedAt: 'recorded_at',
  },
  {
    table: 'enforcement_case',
    type: 'case',
    outfall: 'n.outfall_id',
    division: OUTFALL_DIVISION,
    updatedAt: 'updated_at',
  },
  {
    table: 'dispatch_report',
    type: 'report',
    outfall: 'NULL::uuid',
    division: 'NULL::uuid',
    updatedAt: 'updated_at',
  },
];
