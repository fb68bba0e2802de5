import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The counts the roll-up keeps per cell; `completed` / `verified` serve either PROGRESS_REMEDIATION_COUNTS. */
export const ROLLUP_COUNTS = [
  'registered',
  'investigated',
  'traced',
  'requires',
  'planned',
  'completed',
  'verified',
] as const;
const TYPES = `('registered', 'investigated', 'traced', 'remediation_completed', 'verified')`;
const DAY = (column: string) => `(${column} AT TIME ZONE 'Asia/Shanghai')::date`;
const TOWNSHIP_UNIT = `SELECT DISTINCT ON (division_id) division_id, id FROM unit WHERE kind = 'township' ORDER BY division_id, name`;

/**
 * The day each count starts to include an outfall, from its raw inputs (reg … sub), exactly as the raw
 * aggregate in ProgressService counts it on a day: registered by then, and each other count also needs its own
 * dates (the decision's for the remediation counts) on or before the day.
 */
const FACT_DAYS = `reg AS registered,
  CASE WHEN inv IS NOT NULL THEN greatest(reg, inv) END AS investigated,
  CASE WHEN tr IS NOT NULL THEN greatest(reg, tr) END AS traced,
  CASE WHEN req THEN greatest(reg, decided_on) END AS requires,
  CASE WHEN req AND sub IS NOT NULL THEN greatest(reg, decided_on, sub) END AS planned,
  CASE WHEN req AND com IS NOT NULL THEN greatest(reg, decided_on, com) END AS completed,
  CASE WHEN req AND ver IS NOT NULL THEN greatest(reg, decided_on, ver) END AS verified`;

/** The live facts of the outfalls in pr_ids (the live tables, as the raw aggregate without knownAt reads them). */
const LIVE_FACTS = `WITH tu AS (${TOWNSHIP_UNIT}),
  ev AS (
    SELECT outfall_id,
           max(effective_on) FILTER (WHERE type = 'registered') AS reg,
           max(effective_on) FILTER (WHERE type = 'investigated') AS inv,
           max(effective_on) FILTER (WHERE type = 'traced') AS tr,
           max(effective_on) FILTER (WHERE type = 'remediation_completed') AS com,
           max(effective_on) FILTER (WHERE type = 'verified') AS ver
      FROM outfall_event WHERE outfall_id IN (SELECT outfall_id FROM pr_ids) AND type IN ${TYPES}
     GROUP BY outfall_id
  ), raw AS (
    SELECT o.id AS outfall_id, NULL::date AS known_from, NULL::date AS known_to, w.is_key, o.water_body_id,
           o.division_id, COALESCE(p.responsible_unit_id, tu.id) AS unit_id, o.category, o.area,
           ev.reg, ev.inv, ev.tr, ev.com, ev.ver, dec.requires_remediation AS req, dec.decided_on,
           p.submitted_on AS sub
      FROM ev JOIN outfall o ON o.id = ev.outfall_id
      JOIN water_body w ON w.id = o.water_body_id
      LEFT JOIN remediation_decision dec ON dec.outfall_id = o.id
      LEFT JOIN remediation_plan p ON p.outfall_id = o.id
      LEFT JOIN tu ON tu.division_id = o.division_id
     WHERE ev.reg IS NOT NULL AND (o.status <> 'merged' OR p.id IS NOT NULL)
  )
  SELECT outfall_id, known_from, known_to, is_key, water_body_id, division_id, unit_id, category, area, ${FACT_DAYS}
    FROM raw`;

/**
 * The knowledge versions of the outfalls in pr_ids: what the raw aggregate with knownAt = K counts, for every
 * K. The answer changes only on a Beijing day on which a milestone's or the area's history row was written or
 * a decision or plan was created; each such day starts a version, valid until the next one. Built in steps
 * (temporary tables with statistics, so the planner hashes on the outfall instead of looping).
 */
const KNOWN_STEPS = [
  // each milestone's value at the end of each day it changed, valid until its next change
  `CREATE TEMP TABLE pr_hi ON COMMIT DROP AS
   SELECT outfall_id, type, day, lead(day) OVER (PARTITION BY outfall_id, type ORDER BY day) AS until, effective_on
     FROM (SELECT DISTINCT ON (outfall_id, type, day) outfall_id, type, day, effective_on FROM (
             SELECT outfall_id, type, ${DAY('valid_from')} AS day, effective_on, valid_from, id
               FROM outfall_event_history WHERE outfall_id IN (SELECT outfall_id FROM pr_ids) AND type IN ${TYPES}
           ) x ORDER BY outfall_id, type, day, valid_from DESC, id DESC) h`,
  // the area the same way
  `CREATE TEMP TABLE pr_fi ON COMMIT DROP AS
   SELECT outfall_id, day, lead(day) OVER (PARTITION BY outfall_id ORDER BY day) AS until, area
     FROM (SELECT DISTINCT ON (outfall_id, day) outfall_id, day, area FROM (
             SELECT outfall_id, ${DAY('valid_from')} AS day, area, valid_from, id
               FROM outfall_flag_history WHERE outfall_id IN (SELECT outfall_id FROM pr_ids)
           ) x ORDER BY outfall_id, day, valid_from DESC, id DESC) f`,
  // the versions: every day something became known, until the next
  `CREATE TEMP TABLE pr_v ON COMMIT DROP AS
   SELECT outfall_id, day AS known_from, lead(day) OVER (PARTITION BY outfall_id ORDER BY day) AS known_to
     FROM (SELECT outfall_id, day FROM pr_hi UNION SELECT outfall_id, day FROM pr_fi
           UNION SELECT outfall_id, ${DAY('created_at')} FROM remediation_decision WHERE outfall_id IN (SELECT outfall_id FROM pr_ids)
           UNION SELECT outfall_id, ${DAY('created_at')} FROM remediation_plan WHERE outfall_id IN (SELECT outfall_id FROM pr_ids)) bp`,
  `ANALYZE pr_hi`,
  `ANALYZE pr_fi`,
  `ANALYZE pr_v`,
  // each milestone's value in each version: the one history row of (outfall, type) whose [day, until) holds the
  // version's first day, all five types in one join and one aggregate (five joins, one per type, had the
  // planner misjudge their sizes and loop over one of them for some batches: 49–50 s instead of 1–2 s)
  `INSERT INTO pr_new
   WITH tu AS (${TOWNSHIP_UNIT}),
   ms AS (
     SELECT v.outfall_id, v.known_from,
            ${['reg:registered', 'inv:investigated', 'tr:traced', 'com:remediation_completed', 'ver:verified']
              .map((pair) => {
                const [alias, type] = pair.split(':');
                return `max(h.effective_on) FILTER (WHERE h.type = '${type}') AS ${alias}`;
              })
              .join(',\n            ')}
       FROM pr_v v JOIN pr_hi h ON h.outfall_id = v.outfall_id
      WHERE h.day <= v.known_from AND (h.until IS NULL OR h.until > v.known_from)
      GROUP BY v.outfall_id, v.known_from
   ), area AS (
     SELECT v.outfall_id, v.known_from, f.area FROM pr_v v JOIN pr_fi f ON f.outfall_id = v.outfall_id
      WHERE f.day <= v.known_from AND (f.until IS NULL OR f.until > v.known_from)
   ), raw AS (
    SELECT v.outfall_id, v.known_from, v.known_to, w.is_key, o.water_body_id, o.division_id,
           COALESCE(pl.responsible_unit_id, tu.id) AS unit_id, o.category, COALESCE(area.area, o.area) AS area,
           ms.reg, ms.inv, ms.tr, ms.com, ms.ver, dec.requires_remediation AS req, dec.decided_on,
           pl.submitted_on AS sub
      FROM pr_v v JOIN ms ON ms.outfall_id = v.outfall_id AND ms.known_from = v.known_from
      JOIN outfall o ON o.id = v.outfall_id
      JOIN water_body w ON w.id = o.water_body_id
      LEFT JOIN area ON area.outfall_id = v.outfall_id AND area.known_from = v.known_from
      LEFT JOIN remediation_decision dec ON dec.outfall_id = v.outfall_id AND ${DAY('dec.created_at')} <= v.known_from
      LEFT JOIN remediation_plan pl ON pl.outfall_id = v.outfall_id AND ${DAY('pl.created_at')} <= v.known_from
      LEFT JOIN tu ON tu.division_id = o.division_id
     WHERE ms.reg IS NOT NULL AND (o.status <> 'merged' OR pl.outfall_id IS NOT NULL)
  )
  SELECT outfall_id, known_from, known_to, is_key, water_body_id, division_id, unit_id, category, area, ${FACT_DAYS}
    FROM raw`,
];

const TEMP_TABLES = 'pr_ids, pr_new, pr_delta, pr_hi, pr_fi, pr_v, pr_gdelta, pr_wdelta, pr_sdelta';
/** The roll-up's own tables (migrations 1769840000000, 1769950000000 and before). */
const ROLLUP_TABLES = [
  'progress_rollup_dirty',
  'progress_fact',
  'progress_cell',
  'progress_rollup',
  'progress_rollup_stale',
  'progress_rollup_known',
  'progress_group',
  'progress_rollup_group',
  'progress_rollup_group_stale',
  'progress_known_group',
  'progress_known_group_stale',
  'progress_known_week_series',
  'progress_known_week',
  'progress_known_week_stale',
];
/**
 * A running-sum series' row in force on a day (its last on or before it), as `r`: one index probe on the table's
 * (series key, day). `series` is `<key column> = <outer column>`.
 */
const lastRow = (table: string, series: string, day: string) =>
  `(SELECT * FROM ${table} r WHERE r.${series} AND r.day <= ${day} ORDER BY r.day DESC LIMIT 1) r`;
/** The Monday of a day's week (a date expression): the weeks of `progress_known_week_series`. */
const weekOf = (day: string) => `date_trunc('week', (${day})::timestamp)::date`;
/** The breakdown groups of a cell `c` (grp = the GROUPING() bits of the grouping set; key '' = unspecified). */
const GROUP_KEY: [number, (cell: string) => string][] = [
  [31, () => `''`],
  [15, (c) => `${c}water_body_id::text`],
  [23, (c) => `${c}division_id::text`],
  [27, (c) => `COALESCE(${c}unit_id::text, '')`],
  [29, (c) => `${c}category`],
  [30, (c) => `${c}area`],
];
const GROUP_KEYS = `CROSS JOIN LATERAL (VALUES ${GROUP_KEY.map(([grp, key]) => `(${grp}, ${key('c.')})`).join(', ')}) k(grp, key)`;
/** Per-group counts (a query with grp, is_key, key and the six counts) with their labels, as `grouped`. */
const labelled = (grouped: string) => `grouped AS (${grouped})
    SELECT g.grp, g.is_key, g.key,
           COALESCE(w.name, d.name, u.name, CASE WHEN g.grp IN (29, 30) THEN g.key END) AS label,
           g.registered, g.investigated, g.traced, g.requires, g.planned, g.remediated
      FROM grouped g
      LEFT JOIN water_body w ON g.grp = 15 AND w.id::text = g.key
      LEFT JOIN division d ON g.grp = 23 AND d.id::text = g.key
      LEFT JOIN unit u ON g.grp = 27 AND u.id::text = g.key`;
/** The six figures of an answer's group (remediated: completed or verified). */
const GROUP_COUNTS = ['registered', 'investigated', 'traced', 'requires', 'planned', 'remediated'];
type Done = 'completed' | 'verified';
/** The roll-up column a figure is read from: remediated is `done`, the others their own. */
const countColumn = (count: string, done: Done) => (count === 'remediated' ? done : count);
/** The six figures from a running-sum row `r` (its c_ columns), named as in GROUP_COUNTS. */
const runningCounts = (done: Done) =>
  GROUP_COUNTS.map((x) => `r.c_${countColumn(x, done)} AS ${x}`).join(', ');
/** The six figures summed over knowledge points, named as in GROUP_COUNTS. */
const summedCounts = (done: Done) =>
  GROUP_COUNTS.map((x) => `sum(${countColumn(x, done)}) AS ${x}`).join(', ');
const CELL = ['is_key', 'water_body_id', 'division_id', 'unit_id', 'category', 'area'];
const COLS = ROLLUP_COUNTS.join(', ');
const sumOf = (prefix: string) =>
  ROLLUP_COUNTS.map(
    (c, i) => `COALESCE(sum(sign) FILTER (WHERE metric = ${i}), 0)::int AS ${prefix}${c}`,
  ).join(', ');
const allZero = (prefix: string) => ROLLUP_COUNTS.map((c) => `${prefix}${c} = 0`).join(' AND ');

/**
 * The progress roll-up (docs/performance.md, "Progress roll-up"). Triggers mark the outfalls whose facts may
 * have changed (progress_rollup_dirty) in the writing transaction; `catchUp` — run by every read before it
 * answers, so answers are always exact — recomputes those outfalls' facts in batches (one short transaction
 * each), applies the difference to the per-day cells, then recomputes the running sums of the touched cells.
 */
@Injectable()
export class ProgressRollupService {
  private readonly logger = new Logger(ProgressRollupService.name);
  /** Outfalls per maintenance transaction. */
  batchSize = 20_000;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async pending(em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [{ pending }] = await em.query<{ pending: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM progress_rollup_dirty) OR EXISTS (SELECT 1 FROM progress_rollup_stale)
           OR EXISTS (SELECT 1 FROM progress_rollup_group_stale)
           OR EXISTS (SELECT 1 FROM progress_known_group_stale)
           OR EXISTS (SELECT 1 FROM progress_known_week_stale) AS pending`,
    );
    return pending;
  }

  /**
   * Brings the roll-up up to date with every committed change: the dirty outfalls in batches, then the running
   * sums. Inside a caller's transaction, everything runs in it. Returns the outfalls recomputed.
   */
  async catchUp(em: EntityManager = this.dataSource.manager): Promise<number> {
    if (!(await this.pending(em))) return 0;
    const inTx = !!em.queryRunner?.isTransactionActive;
    const tx = <T>(work: (tx: EntityManager) => Promise<T>) => (inTx ? work(em) : em.transaction(work));
    let total = 0;
    for (;;) {
      const done = await tx((t) => this.batch(t));
      total += done;
      if (done < this.batchSize) break;
    }
    await tx((t) => this.recomputeSums(t));
    if (total > 1000) this.logger.log(`progress roll-up: ${total} outfall(s) recomputed`);
    // a catch-up of a batch or more rewrote most rows of the group tables (each batch's upserts leave a dead
    // version of every (group, day) row it touches): reclaim them and refresh the statistics now, outside any
    // transaction, rather than leave the per-group probes of the next reads to walk the dead versions until
    // autovacuum comes (at a million outfalls: as-of answers 42–74 ms right after a build, 22–36 ms after this)
    if (!inTx && total >= this.batchSize) await this.vacuum(em);
    return total;
  }

  /** The roll-up's tables, vacuumed and analysed (VACUUM cannot run inside a transaction). */
  async vacuum(em: EntityManager = this.dataSource.manager): Promise<void> {
    const started = Date.now();
    await em.query(`VACUUM (ANALYZE) ${ROLLUP_TABLES.join(', ')}`);
    this.logger.log(`progress roll-up: tables vacuumed in ${Date.now() - started} ms`);
  }

  /** Marks every outfall dirty (a full rebuild on the next read or `progress:rollup`). */
  async markAll(em: EntityManager = this.dataSource.manager): Promise<void> {
    await em.query(`INSERT INTO progress_rollup_dirty SELECT id FROM outfall ON CONFLICT DO NOTHING`);
  }

  private async lock(em: EntityManager) {
    // one maintainer at a time; a reader waiting here then finds the work done
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('progress_rollup'))`);
  }

  private async batch(em: EntityManager): Promise<number> {
    await this.lock(em);
    await em.query(`DROP TABLE IF EXISTS ${TEMP_TABLES}`);
    await em.query(`CREATE TEMP TABLE pr_ids (outfall_id uuid PRIMARY KEY) ON COMMIT DROP`);
    await em.query(
      `WITH d AS (DELETE FROM progress_rollup_dirty WHERE outfall_id IN
         (SELECT outfall_id FROM progress_rollup_dirty LIMIT ${this.batchSize}) RETURNING outfall_id)
       INSERT INTO pr_ids SELECT outfall_id FROM d`,
    );
    const [{ n }] = await em.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM pr_ids`);
    if (!n) return 0;
    await em.query(`ANALYZE pr_ids`);
    await em.query(`CREATE TEMP TABLE pr_new ON COMMIT DROP AS ${LIVE_FACTS}`);
    for (const step of KNOWN_STEPS) await em.query(step);
    await em.query(`INSERT INTO progress_cell (${CELL.join(', ')}) SELECT DISTINCT ${CELL.join(', ')} FROM pr_new
      ON CONFLICT DO NOTHING`);
    await em.query(`CREATE TEMP TABLE pr_delta (cell_id uuid NOT NULL, day date NOT NULL, known date,
      ${ROLLUP_COUNTS.map((c) => `${c} integer NOT NULL`).join(', ')}) ON COMMIT DROP`);
    // the old facts out, the new in; each fact is a point per count (day, known_from), and a knowledge version
    // that ended is the same point negated at known_to
    await em.query(`WITH old AS (DELETE FROM progress_fact WHERE outfall_id IN (SELECT outfall_id FROM pr_ids) RETURNING *),
      ins AS (
        INSERT INTO progress_fact (outfall_id, known_from, known_to, cell_id, ${COLS})
        SELECT n.outfall_id, n.known_from, n.known_to, c.id, ${ROLLUP_COUNTS.map((x) => `n.${x}`).join(', ')}
          FROM pr_new n JOIN progress_cell c ON c.is_key = n.is_key AND c.water_body_id = n.water_body_id
           AND c.division_id = n.division_id AND c.category = n.category AND c.area = n.area
           AND c.unit_id IS NOT DISTINCT FROM n.unit_id
        RETURNING *
      ), facts AS (
        SELECT -1 AS sign, * FROM old UNION ALL SELECT 1 AS sign, * FROM ins
      ), ends AS (
        SELECT sign, known_from AS known, cell_id, ${COLS} FROM facts
        UNION ALL SELECT -sign, known_to, cell_id, ${COLS} FROM facts WHERE known_to IS NOT NULL
      ), points AS (
        SELECT e.cell_id, e.known, m.metric, m.day, e.sign FROM ends e
        CROSS JOIN LATERAL (VALUES ${ROLLUP_COUNTS.map((c, i) => `(${i}, e.${c})`).join(', ')}) m(metric, day)
         WHERE m.day IS NOT NULL
      )
      INSERT INTO pr_delta SELECT cell_id, day, known, ${sumOf('')} FROM points GROUP BY cell_id, day, known`);
    await em.query(`DELETE FROM pr_delta WHERE ${allZero('')}`);
    await em.query(`INSERT INTO progress_rollup (cell_id, day, ${ROLLUP_COUNTS.map((c) => `d_${c}`).join(', ')})
      SELECT cell_id, day, ${COLS} FROM pr_delta WHERE known IS NULL
      ON CONFLICT (cell_id, day) DO UPDATE SET ${ROLLUP_COUNTS.map((c) => `d_${c} = progress_rollup.d_${c} + EXCLUDED.d_${c}`).join(', ')}`);
    // the same changes per breakdown group: live, and the knowledge points (see knownGroupedSql)
    await em.query(`INSERT INTO progress_group (grp, is_key, key)
      SELECT DISTINCT k.grp, c.is_key, k.key FROM (SELECT DISTINCT cell_id FROM pr_delta) d
        JOIN progress_cell c ON c.id = d.cell_id ${GROUP_KEYS}
      ON CONFLICT DO NOTHING`);
    // live changes by field day; knowledge points by greatest(field day, known day) (see knownGroupedSql)
    await em.query(`CREATE TEMP TABLE pr_gdelta ON COMMIT DROP AS
      SELECT g.id AS group_id, d.known IS NOT NULL AS known, greatest(d.day, d.known) AS day,
             ${ROLLUP_COUNTS.map((c) => `sum(d.${c})::int AS ${c}`).join(', ')}
        FROM pr_delta d JOIN progress_cell c ON c.id = d.cell_id ${GROUP_KEYS}
        JOIN progress_group g ON g.grp = k.grp AND g.is_key = c.is_key AND g.key = k.key
       GROUP BY 1, 2, 3`);
    await em.query(`DELETE FROM pr_gdelta WHERE ${allZero('')}`);
    await this.addToSums(em, 'progress_rollup_group', 'progress_rollup_group_stale', 'NOT known');
    await this.addToSums(em, 'progress_known_group', 'progress_known_group_stale', 'known');
    // late knowledge points (known after their field day) per group and week known, by field day (see
    // knownLaterGroupedSql)
    await em.query(`CREATE TEMP TABLE pr_wdelta ON COMMIT DROP AS
      SELECT g.id AS group_id, ${weekOf('d.known')} AS week, d.day,
             ${ROLLUP_COUNTS.map((c) => `sum(d.${c})::int AS ${c}`).join(', ')}
        FROM pr_delta d JOIN progress_cell c ON c.id = d.cell_id ${GROUP_KEYS}
        JOIN progress_group g ON g.grp = k.grp AND g.is_key = c.is_key AND g.key = k.key
       WHERE d.known > d.day
       GROUP BY 1, 2, 3`);
    await em.query(`DELETE FROM pr_wdelta WHERE ${allZero('')}`);
    await em.query(`INSERT INTO progress_known_week_series (group_id, week)
      SELECT DISTINCT group_id, week FROM pr_wdelta ON CONFLICT DO NOTHING`);
    await em.query(`CREATE TEMP TABLE pr_sdelta ON COMMIT DROP AS
      SELECT s.id AS series_id, w.day, ${COLS}
        FROM pr_wdelta w JOIN progress_known_week_series s ON s.group_id = w.group_id AND s.week = w.week`);
    await this.addToSums(
      em,
      'progress_known_week',
      'progress_known_week_stale',
      'TRUE',
      'pr_sdelta',
      'series_id',
    );
    await em.query(`INSERT INTO progress_rollup_stale (cell_id, day)
      SELECT cell_id, min(day) FROM pr_delta WHERE known IS NULL GROUP BY cell_id
      ON CONFLICT (cell_id) DO UPDATE SET day = LEAST(progress_rollup_stale.day, EXCLUDED.day)`);
    await em.query(`INSERT INTO progress_rollup_known (cell_id, day, known, ${COLS})
      SELECT cell_id, day, known, ${COLS} FROM pr_delta WHERE known IS NOT NULL
      ON CONFLICT (cell_id, day, known) DO UPDATE SET ${ROLLUP_COUNTS.map((c) => `${c} = progress_rollup_known.${c} + EXCLUDED.${c}`).join(', ')}`);
    await em.query(`DELETE FROM progress_rollup_known k USING pr_delta d
      WHERE d.known IS NOT NULL AND k.cell_id = d.cell_id AND k.day = d.day AND k.known = d.known
        AND ${allZero('k.')}`);
    await em.query(`DROP TABLE IF EXISTS ${TEMP_TABLES}`);
    return n;
  }

  /**
   * Adds the changes in `source` (pr_gdelta: per group) that match `where` to a running-sum table keyed on
   * (`id`, day) and marks each series' running sums stale from its earliest changed day.
   */
  private async addToSums(
    em: EntityManager,
    table: string,
    stale: string,
    where: string,
    source = 'pr_gdelta',
    id = 'group_id',
  ) {
    await em.query(`INSERT INTO ${table} (${id}, day, ${ROLLUP_COUNTS.map((c) => `d_${c}`).join(', ')})
      SELECT ${id}, day, ${COLS} FROM ${source} WHERE ${where}
      ON CONFLICT (${id}, day) DO UPDATE SET ${ROLLUP_COUNTS.map((c) => `d_${c} = ${table}.d_${c} + EXCLUDED.d_${c}`).join(', ')}`);
    await em.query(`INSERT INTO ${stale} (${id}, day) SELECT ${id}, min(day) FROM ${source} WHERE ${where}
      GROUP BY ${id} ON CONFLICT (${id}) DO UPDATE SET day = LEAST(${stale}.day, EXCLUDED.day)`);
  }

  /** The running sums of the cells and groups that changed, from the earliest day that changed. */
  private async recomputeSums(em: EntityManager): Promise<void> {
    await this.lock(em);
    for (const [table, id, stale] of [
      ['progress_rollup', 'cell_id', 'progress_rollup_stale'],
      ['progress_rollup_group', 'group_id', 'progress_rollup_group_stale'],
      ['progress_known_group', 'group_id', 'progress_known_group_stale'],
      ['progress_known_week', 'series_id', 'progress_known_week_stale'],
    ]) {
      // the stale keys in a small analysed table: a single change then touches only its own rows by index
      await em.query(`DROP TABLE IF EXISTS pr_stale`);
      await em.query(`CREATE TEMP TABLE pr_stale (id uuid PRIMARY KEY, day date NOT NULL) ON COMMIT DROP`);
      await em.query(
        `WITH s AS (DELETE FROM ${stale} RETURNING ${id}, day) INSERT INTO pr_stale SELECT * FROM s`,
      );
      await em.query(`ANALYZE pr_stale`);
      await em.query(`DELETE FROM ${table} r USING pr_stale s
        WHERE r.${id} = s.id AND r.day >= s.day AND ${allZero('r.d_')}`);
      await em.query(`UPDATE ${table} r SET ${ROLLUP_COUNTS.map((c) => `c_${c} = sums.c_${c}`).join(', ')}
          FROM (SELECT q.${id}, q.day, ${ROLLUP_COUNTS.map((c) => `sum(q.d_${c}) OVER w AS c_${c}`).join(', ')}
                  FROM ${table} q WHERE q.${id} IN (SELECT id FROM pr_stale)
                WINDOW w AS (PARTITION BY q.${id} ORDER BY q.day)) sums
          JOIN pr_stale s ON s.id = sums.${id}
         WHERE r.${id} = sums.${id} AND r.day = sums.day AND sums.day >= s.day
           AND (${ROLLUP_COUNTS.map((c) => `r.c_${c}`).join(', ')}) IS DISTINCT FROM (${ROLLUP_COUNTS.map((c) => `sums.c_${c}`).join(', ')})`);
      await em.query(`DROP TABLE pr_stale`);
    }
  }

  /**
   * City-wide live counts as of a day, already per breakdown group (the shape of the `grouped` CTE): the
   * running sums of each group's last day on or before asOf ($1).
   */
  groupedSql(done: Done) {
    return labelled(`SELECT g.grp, g.is_key, NULLIF(g.key, '') AS key,
             ${runningCounts(done)}
        FROM progress_group g
        CROSS JOIN LATERAL ${lastRow('progress_rollup_group', 'group_id = g.id', '$1::date')}
       WHERE r.c_registered > 0`);
  }

  /**
   * City-wide counts as of asOf ($1) as known at the end of that same day, per breakdown group. A knowledge
   * point (field day d, knowledge day k) counts when d ≤ asOf and k ≤ asOf, i.e. greatest(d, k) ≤ asOf: the
   * running sums keyed on greatest(d, k), the group's last row on or before asOf (one index probe per group).
   * A later knownAt needs the points with d ≤ asOf < k ≤ knownAt as well: see cellsSql.
   */
  knownGroupedSql(done: Done) {
    return labelled(`SELECT g.grp, g.is_key, NULLIF(g.key, '') AS key,
             ${runningCounts(done)}
        FROM progress_group g
        CROSS JOIN LATERAL ${lastRow('progress_known_group', 'group_id = g.id', '$1::date')}
       WHERE r.c_registered > 0`);
  }

  /**
   * City-wide counts as of asOf ($1) as known at a later day knownAt ($2), per breakdown group: the same-day
   * answer (`knownGroupedSql`: the points with greatest(d, k) ≤ asOf) plus the points learnt after asOf, up to
   * knownAt, about days up to asOf (d ≤ asOf < k ≤ knownAt). Every such point is late (k > d).
   * - The weeks (Monday to Sunday) wholly inside (asOf, knownAt]: one probe per group and week of
   *   `progress_known_week` (migration 1769950000000), the week's running sum at its last field day ≤ asOf.
   * - The days before the first such week and after the last: the late points of the partial index (migration
   *   1769940000000) known on those days, summed per cell, then per group (one GROUP BY per breakdown: cheaper
   *   than a row per cell and group, as `GROUP_KEYS` makes). Without a whole week, every day of the window.
   */
  knownLaterGroupedSql(done: Done) {
    const sums = GROUP_COUNTS.map((x) => `sum(${x}) AS ${x}`).join(', ');
    // the first Monday after asOf, and the Monday after the last whole week that ends on or before knownAt
    const firstWeek = weekOf('$1::date + 7');
    const endWeek = weekOf('$2::date + 1');
    const latePoints = (
      known: string,
    ) => `SELECT cell_id, ${GROUP_COUNTS.map((x) => countColumn(x, done)).join(', ')}
                  FROM progress_rollup_known WHERE known > day AND day <= $1::date AND ${known}`;
    return `late AS MATERIALIZED (
        SELECT c.is_key, c.water_body_id, c.division_id, c.unit_id, c.category, c.area, l.*
          FROM (SELECT cell_id, ${summedCounts(done)}
                  FROM (${latePoints(`known > $1::date AND known < LEAST(${firstWeek}, $2::date + 1)`)}
                        UNION ALL
                        ${latePoints(`known >= GREATEST(${firstWeek}, ${endWeek}) AND known <= $2::date`)}) p
                 GROUP BY cell_id) l
          JOIN progress_cell c ON c.id = l.cell_id
      ), weeks AS (
        SELECT s.group_id, ${GROUP_COUNTS.map((x) => `sum(r.c_${countColumn(x, done)}) AS ${x}`).join(', ')}
          FROM progress_known_week_series s
          CROSS JOIN LATERAL ${lastRow('progress_known_week', 'series_id = s.id', '$1::date')}
         WHERE s.week >= ${firstWeek} AND s.week < ${endWeek}
         GROUP BY s.group_id
      ), parts AS (
        SELECT g.grp, g.is_key, g.key, ${runningCounts(done)}
          FROM progress_group g
          CROSS JOIN LATERAL ${lastRow('progress_known_group', 'group_id = g.id', '$1::date')}
        UNION ALL SELECT g.grp, g.is_key, g.key, ${GROUP_COUNTS.map((x) => `w.${x}`).join(', ')}
          FROM weeks w JOIN progress_group g ON g.id = w.group_id
        ${GROUP_KEY.map(([grp, key]) => `UNION ALL SELECT ${grp}, is_key, ${key('')}, ${sums} FROM late GROUP BY 2, 3`).join('\n        ')}
      ), ${labelled(`SELECT grp, is_key, NULLIF(key, '') AS key,
             ${GROUP_COUNTS.map((x) => `sum(${x})::int AS ${x}`).join(', ')}
        FROM parts GROUP BY grp, is_key, key HAVING sum(registered) > 0`)}`;
  }

  /**
   * The city's counts per scope group (is_key) on each day of $1 (a date[]), as known now: for every day the
   * running sums of the whole-city group's last day on or before it (the grp 31 rows of `groupedSql`, for many
   * days in one statement; a day before the first registration has no row, as the raw counts have zeros).
   */
  cityByDaySql(done: Done) {
    return `SELECT to_char(x.day, 'YYYY-MM-DD') AS day, g.is_key,
             ${runningCounts(done)}
        FROM unnest($1::date[]) AS x(day)
        JOIN progress_group g ON g.grp = 31
        CROSS JOIN LATERAL ${lastRow('progress_rollup_group', 'group_id = g.id', 'x.day')}
       WHERE r.c_registered > 0`;
  }

  /**
   * The per-cell counts as of a day from the roll-up, in the shape of the raw aggregate's `cells` CTE: live,
   * the running sums of each cell's last day on or before asOf; with knownAt, the sum of the knowledge points
   * on or before both days. `param` numbers: $1 asOf, then the caller's (see ProgressService.counts).
   */
  cellsSql(done: Done, knownAtParam: string | null, scopeJoin: string, scope: string) {
    if (!knownAtParam)
      return `SELECT c.is_key, c.water_body_id, c.division_id, c.unit_id, c.category, c.area,
              ${runningCounts(done)}
         FROM progress_cell c ${scopeJoin.replace('o.division_id', 'c.division_id')}
         CROSS JOIN LATERAL ${lastRow('progress_rollup', 'cell_id = c.id', '$1::date')}
        WHERE r.c_registered > 0 ${scope}`;
    return `SELECT c.is_key, c.water_body_id, c.division_id, c.unit_id, c.category, c.area,
            k.registered, k.investigated, k.traced, k.requires, k.planned, k.remediated
       FROM (SELECT cell_id, ${summedCounts(done)}
               FROM progress_rollup_known WHERE day <= $1::date AND known <= ${knownAtParam}::date
              GROUP BY cell_id) k
       JOIN progress_cell c ON c.id = k.cell_id ${scopeJoin.replace('o.division_id', 'c.division_id')}
      WHERE k.registered > 0 ${scope}`;
  }
}
