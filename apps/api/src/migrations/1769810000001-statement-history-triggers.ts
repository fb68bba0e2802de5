import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The history and progress roll-up triggers on outfalls and their events, per statement instead of per row
 * (issue 17): the same rows in `outfall_flag_history`, `outfall_event_history` and `progress_rollup_dirty`,
 * written by one INSERT … SELECT over the statement's transition tables. A bulk import of 100 000 outfalls fired
 * eight row triggers per outfall (each a PL/pgSQL call and an INSERT); a single-row write costs the same as
 * before. The roll-up marks of other tables (remediation decisions and plans, waters, units) stay per row.
 */

/** [table, trigger name, event, body over new_rows / old_rows]. */
type StatementTrigger = [string, string, 'INSERT' | 'UPDATE' | 'DELETE', string];

const FLAGS = `jsonb_build_object('area', o.area, 'banCandidate', o.ban_candidate, 'banReasons', o.ban_reasons,
                                  'duplicateCount', o.duplicate_count)`;
const MARK = (select: string) => `INSERT INTO progress_rollup_dirty ${select} ON CONFLICT DO NOTHING;`;

const TRIGGERS: StatementTrigger[] = [
  // derived flags: the history row of every new outfall, and of every change of the flags (with the flags before)
  [
    'outfall',
    'outfall_flag_history_insert',
    'INSERT',
    `INSERT INTO outfall_flag_history (outfall_id, area, ban_candidate, ban_reasons, duplicate_count)
     SELECT n.id, n.area, n.ban_candidate, n.ban_reasons, n.duplicate_count FROM new_rows n;`,
  ],
  [
    'outfall',
    'outfall_flag_history_update',
    'UPDATE',
    `INSERT INTO outfall_flag_history (outfall_id, area, ban_candidate, ban_reasons, duplicate_count, before)
     SELECT n.id, n.area, n.ban_candidate, n.ban_reasons, n.duplicate_count, ${FLAGS}
       FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.area, o.ban_candidate, o.ban_reasons, o.duplicate_count)
            IS DISTINCT FROM (n.area, n.ban_candidate, n.ban_reasons, n.duplicate_count);`,
  ],
  // progress roll-up: the outfalls whose facts may have changed are dirty
  ['outfall', 'progress_rollup_outfall', 'INSERT', MARK(`SELECT DISTINCT n.id FROM new_rows n`)],
  ['outfall', 'progress_rollup_outfall_delete', 'DELETE', MARK(`SELECT DISTINCT o.id FROM old_rows o`)],
  [
    'outfall',
    'progress_rollup_outfall_update',
    'UPDATE',
    MARK(`SELECT DISTINCT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
           WHERE (o.water_body_id, o.division_id, o.category, o.area, o.status)
                 IS DISTINCT FROM (n.water_body_id, n.division_id, n.category, n.area, n.status)`),
  ],
  // milestones: the history row of each new, moved or deleted event
  [
    'outfall_event',
    'outfall_event_history',
    'INSERT',
    `INSERT INTO outfall_event_history (outfall_id, type, effective_on)
     SELECT n.outfall_id, n.type, n.effective_on FROM new_rows n;`,
  ],
  [
    'outfall_event',
    'outfall_event_history_update',
    'UPDATE',
    `INSERT INTO outfall_event_history (outfall_id, type, effective_on)
     SELECT o.outfall_id, o.type, NULL FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE o.outfall_id <> n.outfall_id OR o.type <> n.type;
     INSERT INTO outfall_event_history (outfall_id, type, effective_on)
     SELECT n.outfall_id, n.type, n.effective_on FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.outfall_id, o.type, o.effective_on) IS DISTINCT FROM (n.outfall_id, n.type, n.effective_on);`,
  ],
  [
    'outfall_event',
    'outfall_event_history_delete',
    'DELETE',
    `INSERT INTO outfall_event_history (outfall_id, type, effective_on)
     SELECT o.outfall_id, o.type, NULL FROM old_rows o;`,
  ],
  ['outfall_event', 'progress_rollup_event', 'INSERT', MARK(`SELECT DISTINCT n.outfall_id FROM new_rows n`)],
  [
    'outfall_event',
    'progress_rollup_event_delete',
    'DELETE',
    MARK(`SELECT DISTINCT o.outfall_id FROM old_rows o`),
  ],
  [
    'outfall_event',
    'progress_rollup_event_update',
    'UPDATE',
    MARK(`SELECT o.outfall_id FROM old_rows o JOIN new_rows n ON n.id = o.id
           WHERE (o.outfall_id, o.type, o.effective_on) IS DISTINCT FROM (n.outfall_id, n.type, n.effective_on)
          UNION
          SELECT n.outfall_id FROM old_rows o JOIN new_rows n ON n.id = o.id
           WHERE (o.outfall_id, o.type, o.effective_on) IS DISTINCT FROM (n.outfall_id, n.type, n.effective_on)`),
  ],
  ...(['outfall_event_history', 'outfall_flag_history'] as const).flatMap((table): StatementTrigger[] => [
    [table, 'progress_rollup_mark', 'INSERT', MARK(`SELECT DISTINCT n.outfall_id FROM new_rows n`)],
    [
      table,
      'progress_rollup_mark_update',
      'UPDATE',
      MARK(`SELECT o.outfall_id FROM old_rows o UNION SELECT n.outfall_id FROM new_rows n`),
    ],
    [table, 'progress_rollup_mark_delete', 'DELETE', MARK(`SELECT DISTINCT o.outfall_id FROM old_rows o`)],
  ]),
];

/** The row triggers the statement triggers replace (migrations 1766200000000 and 1769200000000). */
const ROW_TRIGGERS: [string, string, string][] = [
  [
    'outfall',
    'outfall_flag_history_insert',
    `AFTER INSERT ON "outfall" FOR EACH ROW EXECUTE FUNCTION outfall_flag_history_write()`,
  ],
  [
    'outfall',
    'outfall_flag_history_update',
    `AFTER UPDATE ON "outfall" FOR EACH ROW WHEN ((OLD.area, OLD.ban_candidate, OLD.ban_reasons, OLD.duplicate_count)
       IS DISTINCT FROM (NEW.area, NEW.ban_candidate, NEW.ban_reasons, NEW.duplicate_count))
     EXECUTE FUNCTION outfall_flag_history_write()`,
  ],
  [
    'outfall',
    'progress_rollup_outfall',
    `AFTER INSERT OR DELETE ON "outfall" FOR EACH ROW EXECUTE FUNCTION progress_rollup_mark_outfall()`,
  ],
  [
    'outfall',
    'progress_rollup_outfall_update',
    `AFTER UPDATE ON "outfall" FOR EACH ROW WHEN ((OLD.water_body_id, OLD.division_id, OLD.category, OLD.area, OLD.status)
       IS DISTINCT FROM (NEW.water_body_id, NEW.division_id, NEW.category, NEW.area, NEW.status))
     EXECUTE FUNCTION progress_rollup_mark_outfall()`,
  ],
  [
    'outfall_event',
    'outfall_event_history',
    `AFTER INSERT OR UPDATE OR DELETE ON "outfall_event" FOR EACH ROW EXECUTE FUNCTION outfall_event_history_write()`,
  ],
  [
    'outfall_event',
    'progress_rollup_event',
    `AFTER INSERT OR DELETE ON "outfall_event" FOR EACH ROW EXECUTE FUNCTION progress_rollup_mark()`,
  ],
  [
    'outfall_event',
    'progress_rollup_event_update',
    `AFTER UPDATE ON "outfall_event" FOR EACH ROW WHEN ((OLD.outfall_id, OLD.type, OLD.effective_on)
       IS DISTINCT FROM (NEW.outfall_id, NEW.type, NEW.effective_on)) EXECUTE FUNCTION progress_rollup_mark()`,
  ],
  ...(['outfall_event_history', 'outfall_flag_history'] as const).map((table): [string, string, string] => [
    table,
    'progress_rollup_mark',
    `AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION progress_rollup_mark()`,
  ]),
];

const functionOf = (table: string, name: string) => `${name}_${table}_stmt`;

export class StatementHistoryTriggers1769810000001 implements MigrationInterface {
  name = 'StatementHistoryTriggers1769810000001';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, name] of ROW_TRIGGERS) await q.query(`DROP TRIGGER IF EXISTS ${name} ON "${table}"`);
    for (const [table, name, event, body] of TRIGGERS) {
      const fn = functionOf(table, name);
      await q.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${body}
          RETURN NULL;
        END $$`);
      const tables =
        event === 'INSERT'
          ? 'NEW TABLE AS new_rows'
          : event === 'DELETE'
            ? 'OLD TABLE AS old_rows'
            : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
      await q.query(`CREATE TRIGGER ${name} AFTER ${event} ON "${table}" REFERENCING ${tables}
        FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, name] of TRIGGERS) {
      await q.query(`DROP TRIGGER IF EXISTS ${name} ON "${table}"`);
      await q.query(`DROP FUNCTION IF EXISTS ${functionOf(table, name)}()`);
    }
    for (const [, name, definition] of ROW_TRIGGERS) await q.query(`CREATE TRIGGER ${name} ${definition}`);
  }
}
