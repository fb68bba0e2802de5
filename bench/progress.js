#!/usr/bin/env node
'use strict';
/*
 * Progress benchmark (plain CommonJS, runs on the built API in dist/apps/api).
 *
 *   npm run bench -- progress --n 1000000        # builds the API, then runs this file
 *   node bench/progress.js --n 100000 --keep     # on an existing build; keep the database afterwards
 *
 * Steps: recreate the bench database → boot the built API (migrations + demo seed), with monitoring.js's SQL
 * profiler preloaded → generate N outfalls with their dated milestones, remediation decisions and plans in
 * set-based SQL (INSERT … SELECT from one generated staging table) → VACUUM ANALYZE → for each as-of day,
 * alternately: GET /api/v1/progress?asOf=… (the product) and the floor (one hand-written aggregate of the
 * city-wide counts, sent with pg) → check that both give the same city-wide counts → EXPLAIN ANALYZE the
 * product's statement and the floor → print a report, write bench/results/progress-<N>.json → stop the API and
 * drop the database (unless --keep). See bench/PROGRESS.md.
 */
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const {
  DIST,
  ROOT,
  databaseOf,
  fail,
  fmtInt,
  fmtMs,
  log,
  machineInfo: machineFacts,
  ms,
  oneLine,
  parseOptions,
  profileDiff,
  reportHead,
  round,
  session,
  summary,
  writeResult,
  wholeNumber,
} = require('./harness');

const HELP = `usage: node bench/progress.js [options]   (or: npm run bench -- progress [options])
  --n <count>                synthetic outfalls (default 1000000; 1e6 and 1_000_000 accepted)
  --database-url <url>       bench database (default $BENCH_DATABASE_URL or
                             postgres://postgres@127.0.0.1:5432/outfall_bench_progress); its name must contain
                             "bench"; it is DROPPED and recreated
  --as-of <day,day>          as-of days to measure (default 2024-12-31,2025-08-31)
  --runs <count>             timed runs of each query per day (default 5, at least 3)
  --warmup <count>           untimed runs of each query per day (default 1)
  --ratio <x>                target ratio product / floor (default 1.5)
  --limit-ms <ms>            target time of the product (default 3000)
  --boot-timeout <seconds>   wait for GET /health (default 180)
  --keep                     keep the database afterwards (default: drop it)
  --help`;

// ---------------------------------------------------------------- options

function parseArgs(argv) {
  const opts = {
    n: 1_000_000,
    databaseUrl:
      process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/outfall_bench_progress',
    asOf: ['2024-12-31', '2025-08-31'],
    runs: 5,
    warmup: 1,
    ratio: 1.5,
    limitMs: 3000,
    bootTimeoutS: 180,
    keep: false,
  };
  parseOptions(argv, HELP, (key, take) => {
    switch (key) {
      case '--n':
        opts.n = wholeNumber('n', take());
        break;
      case '--database-url':
        opts.databaseUrl = take();
        break;
      case '--as-of': {
        const days = take()
          .split(',')
          .map((d) => d.trim());
        for (const day of days)
          if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) fail(`--as-of takes YYYY-MM-DD days, got "${day}"`);
        opts.asOf = days;
        break;
      }
      case '--runs':
        opts.runs = Math.max(3, wholeNumber('runs', take()));
        break;
      case '--warmup':
        opts.warmup = wholeNumber('warmup', take());
        break;
      case '--ratio': {
        const ratio = Number(take());
        if (!(ratio > 0)) fail('--ratio must be a positive number');
        opts.ratio = ratio;
        break;
      }
      case '--limit-ms':
        opts.limitMs = wholeNumber('limit-ms', take());
        break;
      case '--boot-timeout':
        opts.bootTimeoutS = wholeNumber('boot-timeout', take());
        break;
      case '--keep':
        opts.keep = true;
        break;
      default:
        return false;
    }
  });
  if (opts.n < 100) fail('--n must be at least 100');
  return opts;
}

// ---------------------------------------------------------------- synthetic data

/**
 * Raw uniform draws per outfall, materialised once so that every derived column reads the same draw (a
 * volatile random() referenced twice would be drawn twice). setseed + a serial plan make it repeatable.
 */
const GEN_RAW = `
  CREATE UNLOGGED TABLE bench_raw AS
  SELECT i, gen_random_uuid() AS id,
         random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5, random() AS u6,
         random() AS u7, random() AS u8, random() AS u9, random() AS u10, random() AS u11, random() AS u12,
         random() AS u13, random() AS u14, random() AS u15, random() AS u16, random() AS u17, random() AS u18
    FROM generate_series(1, $1::int) AS i`;

/**
 * One row per outfall with every date it will get. Registrations 2023-01-01 … 2025-08-18; each later step
 * happens to a share of the previous one, some days to months later; nothing is dated after 2025-12-31
 * (a step that would be is left out, and so are the steps after it). OFFSET 0 keeps each step a subquery of
 * its own: flattened, every reference to an earlier step would copy its whole expression, and the copies grow
 * exponentially down the chain (2 minutes instead of seconds at N = 1 000 000).
 */
const GEN_ROWS = `
  CREATE UNLOGGED TABLE bench_gen AS
  WITH s1 AS (
    SELECT r.*, DATE '2023-01-01' + floor(u1 * 960)::int AS reg FROM bench_raw r OFFSET 0
  ), s2 AS (
    SELECT s1.*, CASE WHEN u2 < 0.9 THEN reg + 7 + floor(u3 * 240)::int END AS inv0 FROM s1 OFFSET 0
  ), s3 AS (
    SELECT s2.*, CASE WHEN inv0 <= DATE '2025-12-31' THEN inv0 END AS inv FROM s2 OFFSET 0
  ), s4 AS (
    SELECT s3.*,
           CASE WHEN inv IS NOT NULL AND u4 < 0.75 THEN inv + 14 + floor(u5 * 300)::int END AS tr0,
           CASE WHEN inv IS NOT NULL AND u4 >= 0.5 THEN inv + 3 + floor(u5 * 60)::int END AS mon0,
           CASE WHEN inv IS NOT NULL AND u6 < 0.85 THEN inv + 10 + floor(u7 * 180)::int END AS dec0
      FROM s3 OFFSET 0
  ), s5 AS (
    SELECT s4.*,
           CASE WHEN tr0 <= DATE '2025-12-31' THEN tr0 END AS tr,
           CASE WHEN mon0 <= DATE '2025-12-31' THEN mon0 END AS mon,
           CASE WHEN dec0 <= DATE '2025-12-31' THEN dec0 END AS dec,
           u8 < 0.65 AS requires
      FROM s4 OFFSET 0
  ), s6 AS (
    SELECT s5.*,
           -- a plan for 95 % of the outfalls that require remediation; 85 % of them submitted, the rest drafts
           (dec IS NOT NULL AND requires AND u10 < 0.95) AS has_plan,
           CASE WHEN dec IS NOT NULL AND requires AND u10 < 0.85 THEN dec + 7 + floor(u11 * 120)::int END AS sub0
      FROM s5 OFFSET 0
  ), s7 AS (
    SELECT s6.*, CASE WHEN sub0 <= DATE '2025-12-31' THEN sub0 END AS sub FROM s6 OFFSET 0
  ), s8 AS (
    SELECT s7.*, CASE WHEN sub IS NOT NULL AND u12 < 0.6 THEN sub + 30 + floor(u13 * 300)::int END AS fin0 FROM s7 OFFSET 0
  ), s9 AS (
    SELECT s8.*, CASE WHEN fin0 <= DATE '2025-12-31' THEN fin0 END AS fin FROM s8 OFFSET 0
  ), s10 AS (
    SELECT s9.*, CASE WHEN fin IS NOT NULL AND u14 < 0.7 THEN fin + 10 + floor(u15 * 90)::int END AS ver0 FROM s9 OFFSET 0
  )
  SELECT i, id, reg, inv, tr, mon, dec, requires,
         CASE WHEN NOT requires THEN 'keep' WHEN u9 < 0.3 THEN 'ban' WHEN u9 < 0.45 THEN 'merge' ELSE 'standardise' END AS disposition,
         has_plan, sub, fin, CASE WHEN ver0 <= DATE '2025-12-31' THEN ver0 END AS ver,
         floor(u16 * (SELECT count(*) FROM bench_water))::int AS water_k,
         floor(u17 * (SELECT count(*) FROM bench_township))::int AS township_k,
         floor(u18 * (SELECT count(*) FROM bench_unit))::int AS unit_k,
         CASE WHEN u3 < 0.3 THEN 'industrial' WHEN u3 < 0.35 THEN 'urban_wwtp' WHEN u3 < 0.6 THEN 'agricultural' ELSE 'other' END AS category,
         u11 AS sub_draw,
         CASE WHEN u13 < 0.3 THEN 'key' ELSE 'general' END AS area,
         -- 1 % merged into another record as duplicates (no plan of their own: not counted)
         CASE WHEN u15 > 0.99 AND NOT (dec IS NOT NULL AND requires AND u10 < 0.95) THEN 'merged' ELSE 'active' END AS status,
         86.8 + u7 AS longitude, 43.55 + 0.9 * u5 AS latitude
    FROM s10`;

/** Which sub-types belong to which category, from the build (SUB_TYPES_BY_CATEGORY), so the pairs are valid. */
function subTypes() {
  return require(path.join(DIST, 'libs', 'shared', 'types', 'src', 'index.js')).SUB_TYPES_BY_CATEGORY;
}

function subTypeCase() {
  const byCategory = subTypes();
  const arms = Object.entries(byCategory).map(
    ([category, list]) =>
      `WHEN '${category}' THEN (ARRAY[${list.map((t) => `'${t}'`).join(', ')}])[1 + floor(sub_draw * ${list.length})::int]`,
  );
  return `CASE category ${arms.join(' ')} END`;
}

/** Small numbered lookups (k = 0, 1, …) of the demo seed's water bodies, townships and units. */
const GEN_LOOKUPS = [
  `CREATE UNLOGGED TABLE bench_water AS SELECT (row_number() OVER (ORDER BY code) - 1)::int AS k, id FROM water_body`,
  `CREATE UNLOGGED TABLE bench_township AS SELECT (row_number() OVER (ORDER BY code) - 1)::int AS k, id
     FROM division WHERE level IN ('township', 'sub_district')`,
  `CREATE UNLOGGED TABLE bench_unit AS SELECT (row_number() OVER (ORDER BY name, id) - 1)::int AS k, id FROM unit`,
];

const INSERT_OUTFALLS = () => `
  INSERT INTO outfall (id, local_code, name, category, sub_type, longitude, latitude, location, water_body_id,
                       division_id, discovered_on, area, status, version)
  SELECT g.id, 'BENCH-' || lpad(i::text, 7, '0'), '基准排污口 ' || i, category, ${subTypeCase()},
         longitude, latitude, ST_SetSRID(ST_MakePoint(longitude, latitude), 4326), w.id, t.id, reg, area, status, 1
    FROM bench_gen g JOIN bench_water w ON w.k = g.water_k JOIN bench_township t ON t.k = g.township_k
`;

// Workflow-owned milestones carry source 'workflow' (docs/milestones.md): the decisions and plans below back the
// remediation ones; the bench generates no samples or tracing records (the progress query reads neither).
const INSERT_EVENTS = `
  INSERT INTO outfall_event (outfall_id, type, effective_on, source)
  SELECT id, t.type, t.day, CASE WHEN t.type IN ('registered', 'investigated') THEN 'import' ELSE 'workflow' END
    FROM bench_gen
   CROSS JOIN LATERAL (VALUES ('registered', reg), ('investigated', inv), ('monitored', mon), ('traced', tr),
                              ('remediation_decided', dec), ('remediation_completed', fin), ('verified', ver)) AS t(type, day)
   WHERE t.day IS NOT NULL
`;

const INSERT_DECISIONS = `
  INSERT INTO remediation_decision (outfall_id, suggested, disposition, decided_on, decided_by, requires_remediation, version)
  SELECT id, disposition, disposition, dec, 'bench', requires, 1 FROM bench_gen WHERE dec IS NOT NULL`;

const INSERT_PLANS = `
  INSERT INTO remediation_plan (outfall_id, status, measures, target_state, responsible_unit_id, responsible_person,
                                responsible_phone, deadline, submitted_on, approved_on, completed_on, verified_on, version)
  SELECT g.id,
         CASE WHEN ver IS NOT NULL THEN 'verified' WHEN fin IS NOT NULL THEN 'completed'
              WHEN sub IS NOT NULL THEN 'in_progress' ELSE 'draft' END,
         '基准整治措施',
         CASE disposition WHEN 'ban' THEN 'closed_restored' WHEN 'merge' THEN 'connected_to_network' ELSE 'compliant_discharge' END,
         u.id, '基准责任人', '13800000000', COALESCE(sub, dec + 30) + 180, sub, sub + 5, fin, ver, 1
    FROM bench_gen g JOIN bench_unit u ON u.k = g.unit_k WHERE has_plan`;

/**
 * A bulk load the way pg_restore does it: the table's secondary indexes (those not backing a constraint) are
 * dropped before the INSERT and built again afterwards from their own definitions, so the schema ends up
 * exactly as the migrations made it.
 */
async function withoutSecondaryIndexes(client, table, fn) {
  const { rows } = await client.query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
      WHERE i.indrelid = $1::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [table],
  );
  for (const index of rows) await client.query(`DROP INDEX ${index.name}`);
  const result = await fn();
  const t0 = performance.now();
  for (const index of rows) await client.query(index.def);
  return { result, indexes: rows.map((r) => r.name), indexMs: ms(t0) };
}

async function generate(client, n) {
  const steps = {};
  const step = async (name, sql, params = [], table = null) => {
    const t0 = performance.now();
    const run = () => client.query(sql, params);
    const { result, indexMs } = table
      ? await withoutSecondaryIndexes(client, table, run)
      : { result: await run(), indexMs: null };
    steps[name] = { ms: round(ms(t0)), rows: result.rowCount, indexMs: round(indexMs) };
    log(
      `  ${name}: ${fmtInt(result.rowCount ?? 0)} rows in ${fmtMs(steps[name].ms)}${indexMs == null ? '' : ` (of which rebuilding its indexes ${fmtMs(indexMs)})`}`,
    );
  };
  await client.query(`SET maintenance_work_mem = '512MB'`);
  // No foreign-key triggers during the load (the rows are consistent by construction; needs a superuser, as
  // the default URL's postgres is): 3.8 M FK look-ups were most of the outfall_event insert's time.
  const replica = await client
    .query(`SET session_replication_role = replica`)
    .then(() => true)
    .catch(() => false);
  await client.query('SET max_parallel_workers_per_gather = 0');
  await client.query('SELECT setseed(0.2024)');
  await step('draws', GEN_RAW, [n]);
  for (const sql of GEN_LOOKUPS) await client.query(sql);
  await step('plan of every outfall', GEN_ROWS);
  await client.query('RESET max_parallel_workers_per_gather');
  await step('outfall', INSERT_OUTFALLS(), [], 'outfall');
  await step('outfall_event', INSERT_EVENTS, [], 'outfall_event');
  await step('remediation_decision', INSERT_DECISIONS, [], 'remediation_decision');
  await step('remediation_plan', INSERT_PLANS, [], 'remediation_plan');
  await client.query('DROP TABLE bench_gen, bench_raw, bench_water, bench_township, bench_unit');
  await client.query('RESET maintenance_work_mem');
  if (replica) await client.query('RESET session_replication_role');
  const t0 = performance.now();
  for (const table of ['outfall', 'outfall_event', 'remediation_decision', 'remediation_plan'])
    await client.query(`VACUUM (ANALYZE) ${table}`);
  steps['VACUUM (ANALYZE)'] = { ms: round(ms(t0)) };
  log(`  VACUUM (ANALYZE): ${fmtMs(steps['VACUUM (ANALYZE)'].ms)}`);
  return steps;
}

// ---------------------------------------------------------------- the floor

/**
 * The floor: one hand-written aggregate of the six city-wide counts as of $1 (completions of type $2), with
 * the product's rules (registered on or before the day; a record merged as a duplicate without a plan of its
 * own is left out; decisions, plans and completions dated on or before the day) and no breakdowns. Each
 * milestone is found by its (type, effective_on) index; no labels, no units, no grouping sets.
 */
const FLOOR_SQL = `
  SELECT count(*)::int AS registered,
         count(inv.outfall_id)::int AS investigated,
         count(tr.outfall_id)::int AS traced,
         count(*) FILTER (WHERE dec.requires_remediation AND dec.decided_on <= $1)::int AS requires,
         count(*) FILTER (WHERE dec.requires_remediation AND dec.decided_on <= $1 AND p.submitted_on <= $1)::int AS planned,
         count(*) FILTER (WHERE dec.requires_remediation AND dec.decided_on <= $1 AND fin.outfall_id IS NOT NULL)::int AS remediated
    FROM outfall_event reg
    JOIN outfall o ON o.id = reg.outfall_id
    LEFT JOIN outfall_event inv ON inv.outfall_id = reg.outfall_id AND inv.type = 'investigated' AND inv.effective_on <= $1
    LEFT JOIN outfall_event tr ON tr.outfall_id = reg.outfall_id AND tr.type = 'traced' AND tr.effective_on <= $1
    LEFT JOIN outfall_event fin ON fin.outfall_id = reg.outfall_id AND fin.type = $2 AND fin.effective_on <= $1
    LEFT JOIN remediation_decision dec ON dec.outfall_id = reg.outfall_id
    LEFT JOIN remediation_plan p ON p.outfall_id = reg.outfall_id
   WHERE reg.type = 'registered' AND reg.effective_on <= $1
     AND (o.status <> 'merged' OR p.id IS NOT NULL)`;

const COUNTS = ['registered', 'investigated', 'traced', 'requires', 'planned', 'remediated'];

/** The city-wide counts in a GET /progress answer, in the floor's terms. */
function cityCounts(body) {
  const city = body.groups.find((g) => g.dimension === 'city');
  const m = city.metrics;
  return {
    registered: m.investigation.denominator,
    investigated: m.investigation.numerator,
    traced: m.tracing.numerator,
    requires: m.plan.denominator,
    planned: m.plan.numerator,
    remediated: m.remediation.numerator,
  };
}

// ---------------------------------------------------------------- measuring

async function timeApi(api, asOf) {
  const t0 = performance.now();
  const res = await api.request('GET', `/api/v1/progress?asOf=${asOf}`);
  const elapsed = ms(t0);
  if (res.status !== 200)
    throw new Error(`GET /progress?asOf=${asOf}: ${res.status} ${res.text.slice(0, 300)}`);
  return { ms: elapsed, body: JSON.parse(res.text), bytes: Buffer.byteLength(res.text) };
}

async function timeFloor(client, asOf, done) {
  const t0 = performance.now();
  const res = await client.query(FLOOR_SQL, [asOf, done]);
  return { ms: ms(t0), row: res.rows[0] };
}

/** Product and floor alternate run by run, so a burst of load on the shared machine hits both alike. */
async function measureDay(api, client, asOf, opts) {
  const probe = await timeApi(api, asOf);
  const done = probe.body.remediationCounts === 'verified' ? 'verified' : 'remediation_completed';
  for (let i = 1; i < opts.warmup; i++) await timeApi(api, asOf);
  for (let i = 0; i < Math.max(1, opts.warmup); i++) await timeFloor(client, asOf, done);
  const before = await api.profile();
  const apiTimes = [];
  const floorTimes = [];
  let last = probe;
  let floorRow = null;
  for (let i = 0; i < opts.runs; i++) {
    last = await timeApi(api, asOf);
    apiTimes.push(last.ms);
    const floor = await timeFloor(client, asOf, done);
    floorTimes.push(floor.ms);
    floorRow = floor.row;
  }
  const statements = profileDiff(before, await api.profile());
  const product = cityCounts(last.body);
  const mismatches = COUNTS.filter((k) => product[k] !== floorRow[k]);
  const apiStats = summary(apiTimes);
  const floorStats = summary(floorTimes);
  const ratio = round(apiStats.p50Ms / floorStats.p50Ms, 2);
  const sqlMs = statements.reduce((s, r) => s + r.totalMs, 0) / opts.runs;
  return {
    asOf,
    remediationCounts: probe.body.remediationCounts,
    product: { ...apiStats, times: apiTimes.map((t) => round(t)) },
    floor: { ...floorStats, times: floorTimes.map((t) => round(t)) },
    ratioP50: ratio,
    ratioMin: round(apiStats.minMs / floorStats.minMs, 2),
    met: ratio <= opts.ratio && apiStats.p50Ms < opts.limitMs,
    groups: last.body.groups.length,
    responseBytes: last.bytes,
    city: product,
    floorCity: floorRow,
    mismatches,
    sqlPerRequestMs: round(sqlMs),
    statements: statements.slice(0, 6).map((r) => ({
      sql: oneLine(r.sql),
      params: r.params,
      count: r.count,
      meanMs: round(r.totalMs / r.count, 1),
    })),
    done,
  };
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the product's costliest statement as the API sent it (with its parameters and
 * any SET LOCAL it sent first, in a transaction that is rolled back), and of the floor.
 */
async function explain(client, day) {
  const plans = {};
  const costliest = [...day.statements]
    .filter((s) => /^\s*(WITH|SELECT)/i.test(s.sql))
    .sort((a, b) => b.meanMs - a.meanMs)[0];
  if (costliest) {
    await client.query('BEGIN');
    try {
      for (const s of day.statements.filter((x) => /^\s*SET LOCAL/i.test(x.sql))) await client.query(s.sql);
      const res = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${costliest.sql}`, costliest.params || []);
      plans.product = { sql: costliest.sql, plan: res.rows.map((r) => r['QUERY PLAN']) };
    } finally {
      await client.query('ROLLBACK');
    }
  }
  const res = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${FLOOR_SQL}`, [day.asOf, day.done]);
  plans.floor = { sql: oneLine(FLOOR_SQL), plan: res.rows.map((r) => r['QUERY PLAN']) };
  return plans;
}

// ---------------------------------------------------------------- report

const SETTINGS = [
  'shared_buffers',
  'work_mem',
  'max_parallel_workers_per_gather',
  'jit',
  'effective_cache_size',
  'random_page_cost',
];
const machineInfo = (client) => machineFacts(client, SETTINGS, { host: false, postgis: false });

async function dataFacts(client) {
  const [sizes] = (
    await client.query(
      `SELECT (SELECT count(*)::int FROM outfall) AS outfalls,
              (SELECT count(*)::int FROM outfall WHERE status = 'merged') AS merged,
              (SELECT count(*)::int FROM outfall_event) AS events,
              (SELECT count(*)::int FROM remediation_decision) AS decisions,
              (SELECT count(*)::int FROM remediation_decision WHERE requires_remediation) AS requiring,
              (SELECT count(*)::int FROM remediation_plan) AS plans,
              (SELECT count(*)::int FROM remediation_plan WHERE submitted_on IS NOT NULL) AS submitted,
              (SELECT count(DISTINCT water_body_id)::int FROM outfall) AS rivers,
              (SELECT count(DISTINCT division_id)::int FROM outfall) AS townships,
              (SELECT count(*)::int FROM unit) AS units,
              round(pg_total_relation_size('outfall') / 1048576.0, 1)::float8 AS outfall_mib,
              round(pg_total_relation_size('outfall_event') / 1048576.0, 1)::float8 AS outfall_event_mib`,
    )
  ).rows;
  const events = (
    await client.query(
      `SELECT type, count(*)::int AS count, min(effective_on)::text AS first, max(effective_on)::text AS last
         FROM outfall_event GROUP BY type ORDER BY count DESC`,
    )
  ).rows;
  const indexes = (
    await client.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'outfall_event' ORDER BY indexname`,
    )
  ).rows;
  return { ...sizes, eventsByType: events, outfallEventIndexes: indexes };
}

function textReport(r) {
  const lines = [];
  const row = (label, value) => lines.push(`  ${label.padEnd(50)} ${value}`);
  lines.push('', `Progress benchmark — N = ${fmtInt(r.n)} outfalls`, `  ${r.startedAt}`);
  lines.push('', 'Machine');
  row('CPU', `${r.machine.cpu} × ${r.machine.cores}`);
  row('memory', `${r.machine.memoryGiB} GiB`);
  row('OS / Node', `${r.machine.os} / ${r.machine.node}`);
  row('database', r.machine.postgres);
  row(
    'settings',
    Object.entries(r.machine.postgresSettings)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  );
  row(
    'load average at start / end (1, 5, 15 min)',
    `${r.machine.loadAverageAtStart.join(' ')} / ${r.machine.loadAverageAtEnd.join(' ')}`,
  );
  row('boot (migrations + demo seed) until GET /health = 200', fmtMs(r.bootMs));
  lines.push('', 'Data');
  const d = r.data;
  row('outfalls (of them merged as duplicates)', `${fmtInt(d.outfalls)} (${fmtInt(d.merged)})`);
  row('rivers / townships / units', `${d.rivers} / ${d.townships} / ${d.units}`);
  row(
    'decisions (requiring remediation) / plans (submitted)',
    `${fmtInt(d.decisions)} (${fmtInt(d.requiring)}) / ${fmtInt(d.plans)} (${fmtInt(d.submitted)})`,
  );
  row('outfall_event rows', fmtInt(d.events));
  for (const e of d.eventsByType) row(`  ${e.type}`, `${fmtInt(e.count)}  ${e.first} … ${e.last}`);
  row('outfall / outfall_event with indexes', `${d.outfall_mib} MiB / ${d.outfall_event_mib} MiB`);
  row(
    'generation (SQL) steps',
    Object.entries(r.generation)
      .map(([k, v]) => `${k} ${fmtMs(v.ms)}`)
      .join(', '),
  );
  lines.push(
    '',
    `Timed (${r.options.warmup} warm-up, ${r.options.runs} runs each, product and floor alternating)`,
  );
  for (const day of r.days) {
    lines.push(`  as of ${day.asOf} (remediation counts: ${day.remediationCounts})`);
    row(
      '  product: GET /api/v1/progress (HTTP, whole body)',
      `p50 ${fmtMs(day.product.p50Ms)}  min ${fmtMs(day.product.minMs)}  max ${fmtMs(day.product.maxMs)}  (${day.groups} groups, ${fmtInt(day.responseBytes / 1024)} KiB)`,
    );
    row('    of which SQL inside the API, per request', fmtMs(day.sqlPerRequestMs));
    row(
      '  floor: one city-wide aggregate (pg)',
      `p50 ${fmtMs(day.floor.p50Ms)}  min ${fmtMs(day.floor.minMs)}  max ${fmtMs(day.floor.maxMs)}`,
    );
    row(
      '  ratio product / floor (p50, min)',
      `${day.ratioP50}× / ${day.ratioMin}× → target ≤ ${r.options.ratio}× and < ${fmtMs(r.options.limitMs)}: ${day.met ? 'MET' : 'NOT MET'}`,
    );
    row(
      '  city-wide counts (product = floor?)',
      `${COUNTS.map((k) => `${k} ${fmtInt(day.city[k])}`).join(', ')} — ${day.mismatches.length ? `DIFFER in ${day.mismatches.join(', ')}` : 'same'}`,
    );
  }
  if (r.explain) {
    for (const [name, p] of Object.entries(r.explain)) {
      lines.push('', `EXPLAIN (ANALYZE, BUFFERS), ${name}, as of ${r.explainAsOf}:`);
      for (const line of p.plan.slice(0, 60)) lines.push(`  | ${line}`);
    }
  }
  lines.push('', `Target met on every day: ${r.met ? 'yes' : 'no'}`, `Whole run: ${fmtMs(r.wallMs)}`, '');
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

/** The history rows the triggers would have written had the load not bypassed them (replica role). */
async function writeKnowledge(client) {
  const t0 = performance.now();
  await client.query(`SET session_replication_role = replica`).catch(() => undefined);
  await client.query(`INSERT INTO outfall_event_history (outfall_id, type, effective_on, valid_from)
    SELECT outfall_id, type, effective_on,
           ((effective_on + 1 + abs(hashtext(outfall_id::text || type)) % 60)::timestamp AT TIME ZONE 'Asia/Shanghai')
      FROM outfall_event WHERE effective_on IS NOT NULL AND outfall_id NOT IN (SELECT outfall_id FROM outfall_event_history)`);
  await client.query(`INSERT INTO outfall_flag_history (outfall_id, area, ban_candidate, ban_reasons, duplicate_count, valid_from)
    SELECT o.id, o.area, o.ban_candidate, o.ban_reasons, o.duplicate_count, (e.effective_on::timestamp AT TIME ZONE 'Asia/Shanghai')
      FROM outfall o JOIN outfall_event e ON e.outfall_id = o.id AND e.type = 'registered'
     WHERE NOT EXISTS (SELECT 1 FROM outfall_flag_history f WHERE f.outfall_id = o.id)`);
  await client.query(`UPDATE remediation_decision SET created_at = ((decided_on + 3)::timestamp AT TIME ZONE 'Asia/Shanghai')
    WHERE decided_by = 'bench'`);
  await client.query(`UPDATE remediation_plan p SET created_at = d.created_at + interval '2 days'
      FROM remediation_decision d WHERE d.outfall_id = p.outfall_id AND d.decided_by = 'bench'`);
  await client.query(`RESET session_replication_role`).catch(() => undefined);
  for (const table of [
    'outfall_event_history',
    'outfall_flag_history',
    'remediation_decision',
    'remediation_plan',
  ])
    await client.query(`VACUUM (ANALYZE) ${table}`);
  return round(ms(t0));
}

/** The load bypassed the triggers: every outfall is marked, and the next answer builds the whole roll-up. */
async function markRollupDirty(client) {
  await client.query(`INSERT INTO progress_rollup_dirty SELECT id FROM outfall ON CONFLICT DO NOTHING`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const db = databaseOf(opts.databaseUrl);
  const wallStart = performance.now();
  const report = reportHead('progress', 'n', opts);
  const run = session(db, { keep: opts.keep, tmpPrefix: 'outfall-bench-progress-' });
  const { api } = run;
  let client = null;

  try {
    log(`N = ${fmtInt(opts.n)}; database ${db.name} (dropped and recreated)`);
    report.bootMs = await run.boot(opts.bootTimeoutS);
    client = await run.connect('outfall-bench-progress');
    report.machine = await machineInfo(client);
    await api.login();

    log(`generating ${fmtInt(opts.n)} outfalls with their milestones, decisions and plans…`);
    report.generation = await generate(client, opts.n);
    report.knowledgeMs = await writeKnowledge(client);
    await markRollupDirty(client);
    report.data = await dataFacts(client);
    // GET /progress answers from the roll-up: its full build is the first answer, not timed here
    // (bench/progress-rollup.js times it); the raw recompute stays the floor
    const build = performance.now();
    const first = await api.request('GET', `/api/v1/progress?asOf=${opts.asOf[0]}`);
    if (first.status !== 200) throw new Error(`GET /progress: ${first.status} ${first.text.slice(0, 300)}`);
    report.rollupBuildMs = round(ms(build));
    log(`  roll-up built by the first answer in ${fmtMs(report.rollupBuildMs)}`);

    report.days = [];
    for (const asOf of opts.asOf) {
      log(`as of ${asOf}: product (HTTP) and floor (SQL), alternating…`);
      const day = await measureDay(api, client, asOf, opts);
      report.days.push(day);
      log(
        `  product p50 ${fmtMs(day.product.p50Ms)} (min ${fmtMs(day.product.minMs)}), floor p50 ${fmtMs(day.floor.p50Ms)} (min ${fmtMs(day.floor.minMs)}): ${day.ratioP50}×${day.mismatches.length ? `; counts DIFFER in ${day.mismatches.join(', ')}` : ''}`,
      );
    }
    const last = report.days[report.days.length - 1];
    report.explainAsOf = last.asOf;
    report.explain = await explain(client, last);
    report.met = report.days.every((d) => d.met && !d.mismatches.length);

    report.wallMs = round(ms(wallStart));
    report.machine.loadAverageAtEnd = os.loadavg().map((v) => round(v, 2));
    console.log(textReport(report));
    const file = writeResult(`progress-${opts.n}`, report);
    log(`wrote ${path.relative(ROOT, file)}`);
    if (report.days.some((d) => d.mismatches.length)) process.exitCode = 1;
  } catch (error) {
    if (error && error.cause) console.error(`bench: cause: ${error.cause.stack || error.cause}`);
    const exit = api.child && (api.child.exitCode ?? api.child.signalCode);
    console.error(
      `bench: the API ${exit === null ? 'is running' : `exited (${exit})`}; its log ends:\n${api.tail(60)}`,
    );
    throw error;
  } finally {
    await run.cleanup();
    log(opts.keep ? `kept database ${db.name}` : `dropped database ${db.name}`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`bench: ${error && error.stack ? error.stack : error}`);
    process.exitCode = 1;
  });
}

// bench/progress-rollup.js reuses the data generator, the floor and the report helpers
module.exports = {
  generate,
  writeKnowledge,
  markRollupDirty,
  dataFacts,
  machineInfo,
  FLOOR_SQL,
  COUNTS,
  cityCounts,
};
