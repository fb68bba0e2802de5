#!/usr/bin/env node
'use strict';
/*
 * Exceedance and pollution-source lists at 10 million readings (issue 17, "samples partitioned by time once
 * it passes a size you measure").
 *
 *   npm run bench -- exceedances --values 10000000          # build the API, recreate the database, load, measure
 *   node bench/exceedances.js --values 10000000 --reuse      # measure on the database kept by an earlier run
 *
 * Steps (without --reuse): recreate the bench database → boot the built API (migrations + demo seed) → POST
 * `--seed-values` readings for the demo outfalls through /api/v1/samples/batch (bench/monitoring.js's
 * generator: online, hourly slots in 2024–2025, 7 indicators per sample, ~10 % of samples with one exceeding
 * value; the app assesses them) → copy those online samples and their values in SQL (INSERT … SELECT over
 * generate_series, triggers and FK checks off for the copy only) at small time offsets until `--values`
 * values exist, with the app's assessment columns copied as they are → VACUUM (ANALYZE).
 * Then (always): per case 3 warm-ups and ≥ 30 timed sequential requests to the built API signed in as
 * eco_officer, and in the same run the floor — the least SQL for the same page and total, sent from Node with
 * pg (page and count together on two connections) — with the same warm-ups and count; prints p50/p95 and
 * API ÷ floor, checks that the API's total and first page match the floor's, records the table sizes, writes
 * bench/results/exceedances-<V>.json. The database is kept (use --reuse next time).
 */
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const H = require('./harness');
const { layoutFor, rowsOf } = require('./monitoring');

const { Client } = require(require.resolve('pg', { paths: [H.ROOT] }));

/** The app's compiled "required indicators a sample lacks" SQL, so the floor answers the same columns. */
function missingCodesSql(sample, outfall) {
  const lib = path.join(H.DIST, 'libs', 'monitoring', 'src', 'lib', 'indicators');
  return require(path.join(lib, 'required-indicators.service.js')).missingCodesSql(sample, outfall);
}

const HELP = `usage: node bench/exceedances.js [options]   (or: npm run bench -- exceedances [options])
  --values <count>        sample values to hold (default 10000000)
  --seed-values <count>   values ingested through the API before the SQL copies (default 100000)
  --database-url <url>    bench database (default $BENCH_EXC_DATABASE_URL or
                          postgres://postgres@127.0.0.1:5432/outfall_exc_bench); recreated unless --reuse
  --reuse                 measure on the database kept by an earlier run (no loading)
  --samples <count>       timed requests per case and side (default 30, at least 30)
  --warmup <count>        untimed requests before each (default 3)
  --help`;

function parse(argv) {
  const opts = {
    values: 10_000_000,
    seedValues: 100_000,
    databaseUrl: process.env.BENCH_EXC_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/outfall_exc_bench',
    reuse: false,
    samples: 30,
    warmup: 3,
  };
  H.parseOptions(argv, HELP, (key, take) => {
    if (key === '--values') opts.values = H.wholeNumber('values', take());
    else if (key === '--seed-values') opts.seedValues = H.wholeNumber('seed-values', take());
    else if (key === '--database-url') opts.databaseUrl = take();
    else if (key === '--reuse') opts.reuse = true;
    else if (key === '--samples') opts.samples = Math.max(30, H.wholeNumber('samples', take()));
    else if (key === '--warmup') opts.warmup = H.wholeNumber('warmup', take());
    else return false;
    return true;
  });
  if (opts.seedValues < 7 || opts.values < opts.seedValues) H.fail('need 7 ≤ --seed-values ≤ --values');
  return opts;
}

// ---------------------------------------------------------------- loading

/** The seed through the API, 10 000 rows per request (the app assesses every value). */
async function ingestSeed(api, client, seedValues) {
  const layout = await layoutFor(client, seedValues, 0, 0.1, 0);
  const t0 = performance.now();
  for (let from = 0; from < seedValues; from += 10_000) {
    const to = Math.min(seedValues, from + 10_000);
    const res = await api.request('POST', '/api/v1/samples/batch', {
      body: { rows: rowsOf(layout, from, to) },
    });
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`batch ${from}–${to}: ${res.status} ${res.text.slice(0, 500)}`);
  }
  H.log(`seed: ${H.fmtInt(seedValues)} values through the API in ${H.fmtMs(H.ms(t0))}`);
}

/** Column lists of `table` (in order), for INSERT … SELECT copies that follow the schema. */
async function columnsOf(client, table) {
  const { rows } = await client.query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1
      ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

/**
 * Copies the online samples (the seed) K times at offsets k · gap / (K + 1), gap being the smallest time
 * between two online samples of one outfall, so no (outfall, time, source) repeats. New ids are
 * md5(old id : k), so each copied value finds its copied sample without a lookup table.
 */
async function copyReadings(client, target) {
  const [{ values, online }] = (
    await client.query(
      `SELECT (SELECT count(*)::bigint FROM sample_value) AS values,
              (SELECT count(*)::bigint FROM sample_value v JOIN sample s ON s.id = v.sample_id
                WHERE s.source = 'online') AS online`,
    )
  ).rows;
  const copies = Math.ceil((target - Number(values)) / Number(online));
  if (copies <= 0) return { copies: 0 };
  const [{ gap }] = (
    await client.query(
      `SELECT extract(epoch FROM min(d))::float8 AS gap FROM (
         SELECT sampled_at - lag(sampled_at) OVER (PARTITION BY outfall_id ORDER BY sampled_at) AS d
           FROM sample WHERE source = 'online') x`,
    )
  ).rows;
  const stepS = Math.floor(gap / (copies + 1));
  if (stepS < 1) throw new Error(`online samples ${gap} s apart: too close for ${copies} copies`);
  H.log(`copying ${H.fmtInt(Number(online))} online values ${copies} times, ${stepS} s apart`);
  const sampleCols = await columnsOf(client, 'sample');
  const valueCols = await columnsOf(client, 'sample_value');
  const pick = (cols, alias, overrides) =>
    cols.map((c) => overrides[c] ?? `${alias}.${H.ident(c)}`).join(', ');
  await client.query(
    `CREATE TEMP TABLE seed_sample AS SELECT * FROM sample WHERE source = 'online'; ANALYZE seed_sample`,
  );
  const newId = (column) => `md5(${column}::text || ':' || k)::uuid`;
  const chunk = Math.max(1, Math.floor(1_000_000 / Number(online)));
  await client.query(`SET session_replication_role = replica`); // no triggers, no FK checks: the copy only
  try {
    for (let first = 1; first <= copies; first += chunk) {
      const last = Math.min(copies, first + chunk - 1);
      const t0 = performance.now();
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO sample (${sampleCols.map(H.ident).join(', ')})
         SELECT ${pick(sampleCols, 's', { id: newId('s.id'), sampled_at: `s.sampled_at + k * interval '${stepS} seconds'` })}
           FROM seed_sample s, generate_series($1::int, $2::int) k`,
        [first, last],
      );
      await client.query(
        `INSERT INTO sample_value (${valueCols.map(H.ident).join(', ')})
         SELECT ${pick(valueCols, 'v', { sample_id: newId('v.sample_id') })}
           FROM seed_sample s JOIN sample_value v ON v.sample_id = s.id, generate_series($1::int, $2::int) k`,
        [first, last],
      );
      await client.query('COMMIT');
      H.log(`  copies ${first}–${last} of ${copies} in ${H.fmtMs(H.ms(t0))}`);
    }
  } finally {
    await client.query(`SET session_replication_role = DEFAULT`);
  }
  return { copies, stepS };
}

// ---------------------------------------------------------------- cases

const month = { from: '2024-06-01', to: '2024-06-30' };
const period = `s.sampled_at >= ('${month.from}'::date::timestamp AT TIME ZONE 'Asia/Shanghai')
  AND s.sampled_at < (('${month.to}'::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
const exceedanceColumns = `v.sample_id AS "sampleId", o.id AS "outfallId", o.local_code AS "outfallCode",
  o.name AS "outfallName", s.sampled_at AS "sampledAt", s.source, v.indicator_code AS indicator, v.value,
  v.qualifier, v.limit_text AS "limitText", v.limit_value AS "limitValue",
  v.exceedance_multiple AS "exceedanceMultiple", v.deviation, v.deviation_direction AS "deviationDirection",
  v.explanation_zh AS "explanationZh", v.explanation_en AS "explanationEn", s.standard_id AS "standardId",
  v.rule_source AS "ruleSource"`;

/** Each case: the API URL and the floor (eco_officer is city-wide: no jurisdiction predicate is needed). */
const cases = () => [
  {
    name: '(a) newest first, limit 20',
    url: '/api/v1/exceedances?limit=20',
    page: `SELECT ${exceedanceColumns} FROM sample_value v JOIN sample s ON s.id = v.sample_id
             JOIN outfall o ON o.id = s.outfall_id
            WHERE v.compliant = false ORDER BY s.sampled_at DESC, v.sample_id, v.indicator_code LIMIT 20`,
    count: `SELECT count(*) AS n FROM sample_value v WHERE v.compliant = false`,
  },
  {
    name: '(b) indicator=cod, sort=-exceedanceMultiple',
    url: '/api/v1/exceedances?indicator=cod&sort=-exceedanceMultiple&limit=20',
    page: `SELECT ${exceedanceColumns} FROM sample_value v JOIN sample s ON s.id = v.sample_id
             JOIN outfall o ON o.id = s.outfall_id
            WHERE v.compliant = false AND v.indicator_code = 'cod'
            ORDER BY v.exceedance_multiple DESC NULLS LAST, v.sample_id, v.indicator_code LIMIT 20`,
    count: `SELECT count(*) AS n FROM sample_value v WHERE v.compliant = false AND v.indicator_code = 'cod'`,
  },
  {
    name: `(c) ${month.from}…${month.to}, category=industrial`,
    url: `/api/v1/exceedances?from=${month.from}&to=${month.to}&category=industrial&limit=20`,
    page: `SELECT ${exceedanceColumns} FROM sample_value v JOIN sample s ON s.id = v.sample_id
             JOIN outfall o ON o.id = s.outfall_id
            WHERE v.compliant = false AND o.category = 'industrial' AND ${period}
            ORDER BY s.sampled_at DESC, v.sample_id, v.indicator_code LIMIT 20`,
    count: `SELECT count(*) AS n FROM sample_value v JOIN sample s ON s.id = v.sample_id
             JOIN outfall o ON o.id = s.outfall_id
            WHERE v.compliant = false AND o.category = 'industrial' AND ${period}`,
  },
  {
    name: '(d) pollution-source list, limit 20',
    url: '/api/v1/pollution-sources?limit=20',
    // the same columns, per outfall with a tracing record, its latest record (complete first)
    page: `SELECT o.id AS "outfallId", o.local_code AS "localCode", o.name, o.category, w.name AS "waterName",
                  d.name AS "divisionName", t.id AS "tracingId", to_char(t.traced_on, 'YYYY-MM-DD') AS "tracedOn",
                  t.complete, to_char(t.completed_on, 'YYYY-MM-DD') AS "completedOn",
                  t.sewage_origin AS "sewageOrigin", t.main_factors AS "mainFactors", t.conclusion,
                  COALESCE((SELECT json_agg(json_build_object('entityId', src.entity_id, 'name', e.name,
                              'creditCode', e.credit_code, 'description', src.description) ORDER BY src.position)
                              FROM tracing_source src LEFT JOIN responsible_entity e ON e.id = src.entity_id
                             WHERE src.tracing_id = t.id), '[]'::json) AS sources,
                  (SELECT v.value FROM sample s JOIN sample_value v ON v.sample_id = s.id AND v.indicator_code = 'flow'
                    WHERE s.outfall_id = o.id ORDER BY s.sampled_at DESC LIMIT 1) AS "latestFlow",
                  ls.sampled_at AS "lastSampledAt", ls.exceeding AS "lastSampleExceeding",
                  ARRAY(SELECT x.indicator_code FROM sample_value x WHERE x.compliant = false
                          AND x.sample_id = ls.id ORDER BY 1) AS "lastExceedingIndicators",
                  m.codes AS "missingIndicators", cardinality(m.codes) > 0 AS "missingRequired"
             FROM outfall o
             JOIN division d ON d.id = o.division_id
             LEFT JOIN water_body w ON w.id = o.water_body_id
             CROSS JOIN LATERAL (SELECT * FROM tracing_record tr WHERE tr.outfall_id = o.id
                                  ORDER BY tr.complete DESC, tr.traced_on DESC, tr.created_at DESC LIMIT 1) t
             LEFT JOIN LATERAL (SELECT s.id, s.sampled_at, s.exceeding, s.flow_rate FROM sample s
                                 WHERE s.outfall_id = o.id ORDER BY s.sampled_at DESC, s.id LIMIT 1) ls ON true
             CROSS JOIN LATERAL (SELECT ARRAY(SELECT ps.code FROM (${missingCodesSql('ls', 'o')}) ps(code)
                                  WHERE ls.id IS NOT NULL ORDER BY 1) AS codes) m
            ORDER BY o.local_code LIMIT 20`,
    count: `SELECT count(DISTINCT outfall_id) AS n FROM tracing_record`,
  },
];

// ---------------------------------------------------------------- measuring

async function timeIt(times, fn) {
  const t0 = performance.now();
  const out = await fn();
  times.push(H.ms(t0));
  return out;
}

async function measure(api, floorClients, spec, opts) {
  const floor = async () => {
    const [page, count] = await Promise.all([
      floorClients[0].query(spec.page),
      floorClients[1].query(spec.count),
    ]);
    return { items: page.rows, total: Number(count.rows[0].n) };
  };
  const call = async () => {
    const res = await api.request('GET', spec.url);
    if (res.status !== 200) throw new Error(`${spec.url}: ${res.status} ${res.text.slice(0, 300)}`);
    return JSON.parse(res.text);
  };
  const apiTimes = [];
  const floorTimes = [];
  let apiBody;
  let floorBody;
  for (let i = 0; i < opts.warmup; i++) {
    apiBody = await call();
    floorBody = await floor();
  }
  // alternate API and floor, so a load change on the shared machine hits both
  for (let i = 0; i < opts.samples; i++) {
    apiBody = await timeIt(apiTimes, call);
    floorBody = await timeIt(floorTimes, floor);
  }
  const key = (row) => `${row.sampleId ?? row.outfallId}/${row.indicator ?? ''}`;
  const same =
    apiBody.total === floorBody.total &&
    JSON.stringify(apiBody.items.map(key)) === JSON.stringify(floorBody.items.map(key));
  const a = H.summary(apiTimes);
  const f = H.summary(floorTimes);
  return {
    name: spec.name,
    url: spec.url,
    total: apiBody.total,
    totalIsEstimate: apiBody.totalIsEstimate ?? false,
    floorTotal: floorBody.total,
    sameAnswer: same,
    api: a,
    floor: f,
    ratioP50: H.round(a.p50Ms / f.p50Ms, 2),
    ratioP95: H.round(a.p95Ms / f.p95Ms, 2),
  };
}

async function sizes(client) {
  const { rows } = await client.query(
    `SELECT c.relname AS table, pg_total_relation_size(c.oid)::bigint AS total_bytes,
            pg_relation_size(c.oid)::bigint AS heap_bytes, c.reltuples::bigint AS rows
       FROM pg_class c WHERE c.relname IN ('sample', 'sample_value') ORDER BY c.relname`,
  );
  const indexes = (
    await client.query(
      `SELECT indexrelid::regclass::text AS index, pg_relation_size(indexrelid)::bigint AS bytes
         FROM pg_index WHERE indrelid IN ('sample'::regclass, 'sample_value'::regclass) ORDER BY 1`,
    )
  ).rows;
  const [counts] = (
    await client.query(
      `SELECT (SELECT count(*) FROM sample)::bigint AS samples, (SELECT count(*) FROM sample_value)::bigint AS values,
              (SELECT count(*) FROM sample_value WHERE compliant = false)::bigint AS exceeding_values,
              (SELECT count(*) FROM tracing_record)::int AS tracing_records,
              (SELECT min(sampled_at) FROM sample) AS first_at, (SELECT max(sampled_at) FROM sample) AS last_at`,
    )
  ).rows;
  const mib = (b) => H.round(Number(b) / 2 ** 20, 1);
  return {
    tables: rows.map((r) => ({
      table: r.table,
      totalMiB: mib(r.total_bytes),
      heapMiB: mib(r.heap_bytes),
      rows: Number(r.rows),
    })),
    indexes: indexes.map((i) => ({ index: i.index, MiB: mib(i.bytes) })),
    counts: Object.fromEntries(
      Object.entries(counts).map(([k, v]) => [k, typeof v === 'string' ? Number(v) : v]),
    ),
  };
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parse(process.argv.slice(2));
  const db = H.databaseOf(opts.databaseUrl);
  const report = H.reportHead('exceedances', 'values', opts);
  const run = H.session(db, { keep: true, tmpPrefix: 'outfall-exc-bench-', api: { profiler: false } });
  const { api } = run;
  const floorClients = [];
  try {
    if (!opts.reuse) report.bootMs = await run.boot(300);
    else {
      H.log(`reusing ${db.name}; starting the API`);
      report.bootMs = H.round(await api.start(300));
    }
    const client = await run.connect('exceedances-bench');
    report.machine = await H.machineInfo(client, [
      'shared_buffers',
      'work_mem',
      'effective_cache_size',
      'jit',
    ]);
    await api.login();
    if (!opts.reuse) {
      const t0 = performance.now();
      await ingestSeed(api, client, opts.seedValues);
      report.copy = await copyReadings(client, opts.values);
      H.log('VACUUM (ANALYZE) sample, sample_value');
      await client.query('VACUUM (ANALYZE) sample');
      await client.query('VACUUM (ANALYZE) sample_value');
      report.loadMs = H.round(H.ms(t0));
      H.log(`loaded in ${H.fmtMs(report.loadMs)}`);
    }
    report.data = await sizes(client);
    H.log(`data: ${JSON.stringify(report.data.counts)}`);
    for (const t of report.data.tables)
      H.log(`  ${t.table}: ${t.totalMiB} MiB total (heap ${t.heapMiB} MiB)`);
    for (let i = 0; i < 2; i++) {
      const c = new Client({ connectionString: db.url, application_name: 'exceedances-floor' });
      await c.connect();
      floorClients.push(c);
    }
    report.cases = [];
    for (const spec of cases()) {
      const result = await measure(api, floorClients, spec, opts);
      report.cases.push(result);
      H.log(
        `${result.name}: total ${H.fmtInt(result.total)}${result.sameAnswer ? '' : ` (floor ${H.fmtInt(result.floorTotal)}, ANSWERS DIFFER)`}` +
          ` — API p50/p95 ${result.api.p50Ms}/${result.api.p95Ms} ms, floor ${result.floor.p50Ms}/${result.floor.p95Ms} ms,` +
          ` API ÷ floor ${result.ratioP50} (p95 ${result.ratioP95})`,
      );
    }
    report.machine.loadAverageAtEnd = os.loadavg().map((v) => H.round(v, 2));
    const file = H.writeResult(`exceedances-${opts.values}`, report);
    H.log(`wrote ${path.relative(H.ROOT, file)}; kept ${db.name} (--reuse to measure again)`);
    const worst = Math.max(...report.cases.map((c) => c.ratioP50));
    H.log(`worst API ÷ floor (p50): ${worst} — goal ≤ 1.5 ${worst <= 1.5 ? 'met' : 'NOT met'}`);
  } catch (error) {
    console.error(`bench: the API log ends:\n${api.tail(40)}`);
    throw error;
  } finally {
    for (const c of floorClients) await c.end().catch(() => undefined);
    await run.cleanup();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`bench: ${error && error.stack ? error.stack : error}`);
    process.exitCode = 1;
  });
}
