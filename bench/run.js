#!/usr/bin/env node
'use strict';
/*
 * Outfall-directory benchmark (plain CommonJS, runs on the built API in dist/apps/api).
 *
 *   npm run bench -- --n 100000            # builds the API, then runs this file
 *   node bench/run.js --n 1000000 --keep   # on an existing build; keep the database afterwards
 *
 * Steps: recreate the bench database → boot the built API (migrations + demo seed) → bulk-insert N synthetic
 * outfalls with set-based SQL → ANALYZE → time the app's own derivation SQL (area, ban, duplicates) for all
 * outfalls → log in over HTTP and time typical directory queries → print a report and write
 * bench/results/directory-<N>.json → stop the API and drop the database (unless --keep).
 * See bench/README.md.
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
  parseOptions,
  percentile,
  reportHead,
  round,
  session,
  sleep,
  wholeNumber,
  writeResult,
} = require('./harness');
const { insertOutfalls: insertOutfallsIn } = require('./outfalls');

const HELP = `usage: node bench/run.js [options]   (or: npm run bench -- [options])
  --n <count>                synthetic outfalls to insert (default 100000; 1e6 and 1_000_000 accepted)
  --database-url <url>       bench database (default $BENCH_DATABASE_URL or
                             postgres://postgres@127.0.0.1:5432/outfall_bench); its name must contain "bench";
                             it is DROPPED and recreated
  --batch <rows>             rows per INSERT statement (default 50000)
  --samples <count>          timed requests per query (default 30, at least 30)
  --warmup <count>           untimed requests before each query (default 3)
  --step-timeout <seconds>   statement_timeout for each derivation step (default 300); a step that hits it
                             is reported as "timed out" and the run goes on
  --import-rows <count>      rows in the spreadsheet import phase (default 2000; 0 skips it)
  --no-what-if               skip the last phase (re-time the duplicate search with the recommended
                             geography index, created in the bench database only)
  --boot-timeout <seconds>   wait for GET /health (default 180)
  --keep                     keep the database afterwards (default: drop it)
  --help`;

// ---------------------------------------------------------------- options

function parseArgs(argv) {
  const opts = {
    n: 100_000,
    databaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/outfall_bench',
    batch: 50_000,
    samples: 30,
    warmup: 3,
    stepTimeoutS: 300,
    whatIf: true,
    importRows: 2000,
    bootTimeoutS: 180,
    keep: false,
  };
  parseOptions(argv, HELP, (key, take) => {
    switch (key) {
      case '--n':
        opts.n = wholeNumber('n', take());
        break;
      case '--import-rows':
        opts.importRows = wholeNumber('import-rows', take());
        break;
      case '--database-url':
        opts.databaseUrl = take();
        break;
      case '--batch':
        opts.batch = Math.max(1, wholeNumber('batch', take()));
        break;
      case '--samples':
        opts.samples = Math.max(30, wholeNumber('samples', take()));
        break;
      case '--warmup':
        opts.warmup = wholeNumber('warmup', take());
        break;
      case '--step-timeout':
        opts.stepTimeoutS = wholeNumber('step-timeout', take());
        break;
      case '--boot-timeout':
        opts.bootTimeoutS = wholeNumber('boot-timeout', take());
        break;
      case '--no-what-if':
        opts.whatIf = false;
        break;
      case '--keep':
        opts.keep = true;
        break;
      default:
        return false;
    }
  });
  if (opts.n < 1) fail('--n must be at least 1');
  return opts;
}

// ---------------------------------------------------------------- step 2: synthetic outfalls

async function insertOutfalls(client, n, batchSize) {
  const [{ waters }] = (
    await client.query(`SELECT count(*)::int AS waters FROM water_body WHERE centerline IS NOT NULL`)
  ).rows;
  const [{ divisions }] = (
    await client.query(
      `SELECT count(*)::int AS divisions FROM division WHERE level IN ('township', 'sub_district')`,
    )
  ).rows;
  if (!waters || !divisions)
    throw new Error(`the demo seed left ${waters} water bodies and ${divisions} townships`);
  const batches = [];
  const totalMs = await insertOutfallsIn(client, n, batchSize, (from, to, rows, elapsed) => {
    batches.push({ from, to, rows, ms: round(elapsed), rowsPerSecond: Math.round(rows / (elapsed / 1000)) });
    log(`  inserted ${fmtInt(to)} / ${fmtInt(n)} (${fmtInt(rows / (elapsed / 1000))} rows/s)`);
  });
  return {
    waters,
    divisions,
    batches,
    totalMs: round(totalMs),
    rowsPerSecond: Math.round(n / (totalMs / 1000)),
  };
}

// ---------------------------------------------------------------- step 3: derived flags

/** The app's compiled OutfallDerivationService with the default config, and the one EntityManager method it uses. */
function derivationFor(client) {
  const { OutfallDerivationService } = require(
    path.join(DIST, 'libs', 'directory', 'src', 'lib', 'outfalls', 'outfall-derivation.service.js'),
  );
  const { AuditService } = require(path.join(DIST, 'libs', 'audit', 'src', 'lib', 'audit.service.js'));
  // the defaults of libs/core/config: KEY_AREA_DISTANCE_M, DUPLICATE_DISTANCE_M; the audit of the changed
  // flags is written as the app writes it (recordMany sends its INSERTs through the same EntityManager)
  const derivation = new OutfallDerivationService(
    { KEY_AREA_DISTANCE_M: 1000, DUPLICATE_DISTANCE_M: 30 },
    new AuditService(null),
  );
  const em = { query: (sql, params) => client.query(sql, params).then((r) => r.rows) };
  return { derivation, em };
}

/** The statements a derivation method sends, without running them (for EXPLAIN). */
async function captureSql(method, scope) {
  const { derivation } = derivationFor(null);
  const statements = [];
  const query = async (sql, params) => {
    // the audit's mark (a clock reading) is answered, not captured: the statements keep their positions
    if (/clock_timestamp\(\)::text AS mark/.test(sql)) return [{ mark: new Date(0).toISOString() }];
    statements.push({ sql, params: params || [] });
    return [];
  };
  await derivation[method]({ query }, scope);
  return statements;
}

async function explain(client, { sql, params }) {
  const rows = (await client.query(`EXPLAIN ${sql}`, params)).rows;
  return rows.map((row) => row['QUERY PLAN']);
}

/** Runs fn in one transaction (as the app does) under statement_timeout; a timeout rolls it back. */
async function withTimeout(client, timeoutS, fn) {
  await client.query(`SET statement_timeout = ${Math.round(timeoutS * 1000)}`);
  const t0 = performance.now();
  try {
    await client.query('BEGIN');
    await fn();
    await client.query('COMMIT');
    return { ms: round(ms(t0)), timedOut: false };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (error && error.code === '57014') return { ms: round(ms(t0)), timedOut: true };
    throw error;
  } finally {
    await client.query(`RESET statement_timeout`);
  }
}

async function derivedFacts(client) {
  return (
    await client.query(
      `SELECT count(*)::int AS outfalls,
              count(*) FILTER (WHERE area = 'key')::int AS key_area,
              count(*) FILTER (WHERE ban_candidate)::int AS ban_candidates,
              count(*) FILTER (WHERE duplicate_count > 0)::int AS with_duplicates,
              (SELECT count(*)::int FROM outfall_duplicate) AS duplicate_rows
         FROM outfall`,
    )
  ).rows[0];
}

/** recomputeArea / recomputeBan / recomputeDuplicates(null): every outfall, as after a layer import. */
async function recomputeAllOutfalls(client, timeoutS) {
  const { derivation, em } = derivationFor(client);
  const steps = {};
  for (const [name, method] of [
    ['area', 'recomputeArea'],
    ['ban', 'recomputeBan'],
    ['duplicates', 'recomputeDuplicates'],
  ]) {
    log(`  ${method}(null) …`);
    steps[name] = await withTimeout(client, timeoutS, () => derivation[method](em, null));
    log(
      `  ${method}(null): ${steps[name].timedOut ? `TIMED OUT after ${timeoutS} s (statement_timeout)` : fmtMs(steps[name].ms)}`,
    );
  }
  const totalMs = round(Object.values(steps).reduce((sum, step) => sum + step.ms, 0));
  const facts = await derivedFacts(client);
  return { ...steps, totalMs, anyTimedOut: Object.values(steps).some((s) => s.timedOut), facts };
}

/**
 * recomputeArea / recomputeBan(null) once more when nothing changes (what a layer edit that moves no outfall
 * costs). Run after the HTTP phase: each run rewrites every row, and the queries should see the table as it is
 * after one recompute.
 */
async function recomputeAgain(client, timeoutS) {
  const { derivation, em } = derivationFor(client);
  const updates = async () => {
    await client.query('SELECT pg_stat_force_next_flush()'); // PostgreSQL 15+: publish this session's counters
    const [{ n }] = (
      await client.query(`SELECT n_tup_upd::bigint AS n FROM pg_stat_user_tables WHERE relname = 'outfall'`)
    ).rows;
    return Number(n);
  };
  const before = await updates();
  const again = {};
  for (const [name, method] of [
    ['area', 'recomputeArea'],
    ['ban', 'recomputeBan'],
  ]) {
    again[name] = await withTimeout(client, timeoutS, () => derivation[method](em, null));
    log(
      `  ${method}(null) again, nothing to change: ${again[name].timedOut ? 'TIMED OUT' : fmtMs(again[name].ms)}`,
    );
  }
  again.rowsRewritten = (await updates()) - before;
  return again;
}

/** Synthetic outfalls spread over 1..n, found by their local code. */
async function sampleIds(client, n, count, salt) {
  const codes = [];
  for (let k = 0; k < count; k++)
    codes.push(`BENCH-${String(1 + (((k * 7919 + salt) * 104729) % n)).padStart(7, '0')}`);
  const rows = (await client.query(`SELECT id FROM outfall WHERE local_code = ANY($1::text[])`, [codes]))
    .rows;
  return rows.map((row) => row.id);
}

/**
 * What a write costs: recomputeAll(em, [id]) for one outfall (OutfallsService.create/update run it in their
 * transaction), and recomputeDuplicates for a batch of outfalls, extrapolated to all of them.
 */
async function recomputeScoped(client, n, timeoutS) {
  const { derivation, em } = derivationFor(client);
  const [{ outfalls }] = (await client.query(`SELECT count(*)::int AS outfalls FROM outfall`)).rows;
  const singles = [];
  for (const id of await sampleIds(client, n, 5, 1)) {
    const run = await withTimeout(client, timeoutS, () => derivation.recomputeAll(em, [id]));
    if (run.timedOut) break;
    singles.push(run.ms);
  }
  const sorted = [...singles].sort((a, b) => a - b);
  const batchSize = Math.max(10, Math.min(1000, Math.round(2e7 / n)));
  const ids = await sampleIds(client, n, batchSize, 2);
  const batch = await withTimeout(client, timeoutS, () => derivation.recomputeDuplicates(em, ids));
  const perOutfallMs = batch.ms / ids.length;
  return {
    singleOutfallRecomputeAll: {
      runs: singles.length,
      timesMs: singles,
      p50Ms: sorted.length ? round(percentile(sorted, 50)) : null,
      maxMs: sorted.length ? round(sorted[sorted.length - 1]) : null,
    },
    batchDuplicates: {
      outfalls: ids.length,
      ms: batch.ms,
      timedOut: batch.timedOut,
      perOutfallMs: round(perOutfallMs, 2),
      extrapolatedAllMs: batch.timedOut ? null : round(perOutfallMs * outfalls),
    },
  };
}

/**
 * Not the app: the index recommended for the duplicate search (the app's ST_DWithin on ::geography cannot use
 * the geometry GiST index), created in the bench database only, then recomputeDuplicates(null) timed again.
 */
const WHAT_IF_INDEX = `CREATE INDEX bench_outfall_location_geog_gix ON outfall USING gist ((location::geography))`;

async function whatIfGeographyIndex(client, n, timeoutS) {
  const { derivation, em } = derivationFor(client);
  const pairs = (await captureSql('recomputeDuplicates', null))[1];
  const planBefore = await explain(client, pairs);
  let t0 = performance.now();
  await client.query(WHAT_IF_INDEX);
  const createIndexMs = round(ms(t0));
  await client.query('ANALYZE outfall');
  const planAfter = await explain(client, pairs);
  log('  recomputeDuplicates(null) with the geography index …');
  const all = await withTimeout(client, timeoutS, () => derivation.recomputeDuplicates(em, null));
  log(`  recomputeDuplicates(null) with the geography index: ${all.timedOut ? 'TIMED OUT' : fmtMs(all.ms)}`);
  const facts = await derivedFacts(client);
  const singles = [];
  for (const id of await sampleIds(client, n, 5, 1)) {
    const run = await withTimeout(client, timeoutS, () => derivation.recomputeAll(em, [id]));
    singles.push(run.ms);
  }
  const sorted = [...singles].sort((a, b) => a - b);
  await client.query('DROP INDEX bench_outfall_location_geog_gix');
  return {
    index: WHAT_IF_INDEX.replace('bench_outfall_location_geog_gix', 'outfall_location_geog_gix'),
    createIndexMs,
    duplicatesAll: all,
    facts,
    singleOutfallRecomputeAll: {
      runs: singles.length,
      timesMs: singles,
      p50Ms: round(percentile(sorted, 50)),
    },
    planBefore,
    planAfter,
  };
}

// ---------------------------------------------------------------- step 4: HTTP queries

async function measureQueries(api, client, samples, warmup) {
  const token = await api.login('eco_officer');
  const [township] = (
    await client.query(
      `SELECT d.id, d.name, count(o.id)::int AS outfalls
         FROM division d LEFT JOIN outfall o ON o.division_id = d.id
        WHERE d.level IN ('township', 'sub_district')
        GROUP BY d.id, d.name, d.code ORDER BY d.code LIMIT 1`,
    )
  ).rows;
  const queries = [
    {
      key: 'a',
      label: 'industrial, key area, nearest first',
      url: '/api/v1/outfalls?category=industrial&area=key&sort=-keyDistanceM&limit=50',
    },
    {
      key: 'b',
      label: `one township (${township.name}), page 3`,
      url: `/api/v1/outfalls?divisionId=${township.id}&limit=50&offset=100`,
    },
    { key: 'c', label: 'text search on code', url: '/api/v1/outfalls?q=BENCH-00123&limit=20' },
    {
      key: 'd',
      label: 'key rivers, not ban candidates',
      url: '/api/v1/outfalls?keyRiver=true&banCandidate=false&limit=100',
    },
    {
      key: 'geojson',
      label: 'GeoJSON bbox 87.1,43.9,87.4,44.2',
      url: '/api/v1/outfalls/geojson?bbox=87.1,43.9,87.4,44.2',
    },
  ];
  const results = [];
  for (const query of queries) {
    const once = async () => {
      const t0 = performance.now();
      const res = await api.request('GET', query.url, { token });
      const elapsed = ms(t0);
      if (res.status !== 200)
        throw new Error(`GET ${query.url} answered ${res.status}: ${res.text.slice(0, 500)}`);
      return { elapsed, res };
    };
    for (let i = 0; i < warmup; i++) await once();
    const times = [];
    let last;
    for (let i = 0; i < samples; i++) {
      const { elapsed, res } = await once();
      times.push(elapsed);
      last = res;
    }
    const body = JSON.parse(last.text);
    const sorted = [...times].sort((a, b) => a - b);
    const result = {
      key: query.key,
      label: query.label,
      url: query.url,
      samples: times.length,
      p50Ms: round(percentile(sorted, 50)),
      p95Ms: round(percentile(sorted, 95)),
      meanMs: round(times.reduce((s, t) => s + t, 0) / times.length),
      minMs: round(sorted[0]),
      maxMs: round(sorted[sorted.length - 1]),
      total: body.total ?? null,
      returned: Array.isArray(body.items)
        ? body.items.length
        : Array.isArray(body.features)
          ? body.features.length
          : null,
      responseBytes: Buffer.byteLength(last.text),
    };
    results.push(result);
    log(`  (${query.key}) p50 ${fmtMs(result.p50Ms)}  p95 ${fmtMs(result.p95Ms)}  ${query.url}`);
  }
  return {
    township: { id: township.id, name: township.name, outfalls: township.outfalls },
    queries: results,
  };
}

// ---------------------------------------------------------------- step 5: the spreadsheet import

/**
 * The product's own import path: an XLSX of M new outfalls (no codes, so the app generates local codes) is
 * uploaded to POST /outfalls/imports, and the queued job is polled to the end; then the same file again, which
 * finds every row by its name on its water and updates it. Rows take the place, water and township of random
 * bench outfalls, so they pass the extent and jurisdiction checks (the township is left to the boundaries where
 * they cover the point).
 */
async function measureImport(api, client, rows) {
  const ExcelJS = require(require.resolve('exceljs', { paths: [ROOT] }));
  const types = require(path.join(DIST, 'libs', 'shared', 'types', 'src', 'index.js'));
  const { OUTFALL_IMPORT_COLUMNS } = require(
    path.join(DIST, 'libs', 'directory', 'src', 'lib', 'imports', 'outfall-import.job.js'),
  );
  const token = await api.login('eco_officer');
  const source = (
    await client.query(
      `SELECT o.category, o.sub_type, o.longitude, o.latitude, o.discovered_on::text AS discovered_on,
              w.name AS water,
              -- where a township boundary covers the point (the demo's synthetic ones), the app derives the
              -- township from it and refuses another one named; bench rows name theirs only elsewhere
              CASE WHEN EXISTS (SELECT 1 FROM division b WHERE b.boundary IS NOT NULL AND ST_Contains(b.boundary, o.location))
                   THEN '' ELSE d.name END AS division
         FROM outfall o JOIN water_body w ON w.id = o.water_body_id JOIN division d ON d.id = o.division_id
        WHERE o.local_code LIKE 'BENCH-%' ORDER BY o.local_code LIMIT $1`,
      [rows],
    )
  ).rows;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('排污口');
  sheet.addRow(OUTFALL_IMPORT_COLUMNS.map((c) => c.header));
  const stamp = Date.now().toString(36);
  source.forEach((o, i) => {
    const values = {
      name: `导入基准排口 ${stamp}-${i + 1}`,
      category: types.OUTFALL_CATEGORY_LABELS[o.category].zh,
      subType: types.OUTFALL_SUB_TYPE_LABELS[o.sub_type].zh,
      water: o.water,
      division: o.division,
      longitude: o.longitude,
      latitude: o.latitude,
      discoveredOn: o.discovered_on,
    };
    sheet.addRow(OUTFALL_IMPORT_COLUMNS.map((c) => values[c.field] ?? ''));
  });
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  const once = async (label) => {
    const form = new FormData();
    form.append('file', new Blob([buffer]), 'bench-import.xlsx');
    form.append('mode', 'all_or_nothing');
    const t0 = performance.now();
    const res = await fetch(`${api.base}/api/v1/outfalls/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const job = await res.json();
    if (res.status !== 201 && res.status !== 202)
      throw new Error(`POST /outfalls/imports answered ${res.status}: ${JSON.stringify(job).slice(0, 500)}`);
    for (;;) {
      await sleep(250);
      const poll = await api.request('GET', `/api/v1/jobs/${job.id}`, { token });
      const state = JSON.parse(poll.text);
      if (state.state === 'failed') throw new Error(`the import job failed: ${state.error}`);
      if (state.state === 'completed') {
        const elapsed = ms(t0);
        const result = state.result;
        if (!result.committed || result.rejected)
          throw new Error(`the import was not committed: ${JSON.stringify(result).slice(0, 800)}`);
        log(
          `  ${label}: ${fmtInt(result.rows)} rows in ${fmtMs(elapsed)} ` +
            `(${fmtInt(result.rows / (elapsed / 1000))} rows/s; created ${result.created}, updated ${result.updated})`,
        );
        return {
          rows: result.rows,
          created: result.created,
          updated: result.updated,
          ms: round(elapsed),
          rowsPerSecond: round(result.rows / (elapsed / 1000), 1),
        };
      }
    }
  };
  return {
    fileBytes: buffer.length,
    create: await once('new rows (local codes generated)'),
    reimport: await once('the same file again (found by name on water, updated)'),
  };
}

// ---------------------------------------------------------------- report

const SETTINGS = [
  'shared_buffers',
  'work_mem',
  'maintenance_work_mem',
  'max_parallel_workers_per_gather',
  'jit',
  'effective_cache_size',
];
const machineInfo = (client) => machineFacts(client, SETTINGS);

function textReport(r) {
  const lines = [];
  const row = (label, value) => lines.push(`  ${label.padEnd(52)} ${value}`);
  lines.push(
    '',
    `Outfall directory benchmark — N = ${fmtInt(r.n)} synthetic outfalls (+ ${r.demoOutfalls} demo)`,
  );
  lines.push(`  ${r.startedAt}`);
  lines.push('', 'Machine');
  row('CPU', `${r.machine.cpu} × ${r.machine.cores}`);
  row('memory', `${r.machine.memoryGiB} GiB`);
  row('OS / Node', `${r.machine.os} / ${r.machine.node}`);
  row('database', `${r.machine.postgres}, PostGIS ${r.machine.postgis}`);
  row(
    'load average at start / end (1, 5, 15 min)',
    `${r.machine.loadAverageAtStart.join(' ')} / ${r.machine.loadAverageAtEnd.join(' ')}`,
  );
  row(
    'settings',
    Object.entries(r.machine.postgresSettings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', '),
  );
  lines.push('', 'Boot (first start: migrations + demo seed)');
  row('GET /health = 200 after', fmtMs(r.bootMs));
  lines.push('', 'Insert (bulk SQL: INSERT … SELECT FROM generate_series, one statement per batch)');
  lines.push('  note: the set-based SQL path; the spreadsheet import is timed below');
  row(`${r.insert.batches.length} batch(es) of ≤ ${fmtInt(r.options.batch)} rows`, fmtMs(r.insert.totalMs));
  row('insert throughput', `${fmtInt(r.insert.rowsPerSecond)} rows/s`);
  row('ANALYZE', fmtMs(r.analyzeMs));
  row(
    'outfall table + indexes after insert / recompute',
    `${r.sizes.afterInsertMiB} MiB / ${r.sizes.afterRecomputeMiB} MiB`,
  );
  lines.push('', "Derived flags for ALL outfalls (OutfallDerivationService, the app's SQL, scope = null)");
  const step = (s) =>
    s.timedOut ? `TIMED OUT after ${fmtMs(s.ms)} (--step-timeout ${r.options.stepTimeoutS})` : fmtMs(s.ms);
  row('recomputeArea (key area, distance to key river)', step(r.recompute.area));
  row('recomputeBan (inside protected areas)', step(r.recompute.ban));
  row('recomputeDuplicates (pairs within 30 m)', step(r.recompute.duplicates));
  row(
    'total',
    `${fmtMs(r.recompute.totalMs)}${r.recompute.anyTimedOut ? ' (incomplete: a step timed out)' : ''}`,
  );
  const f = r.recompute.facts;
  row(
    'result',
    `${fmtInt(f.key_area)} key-area, ${fmtInt(f.ban_candidates)} ban candidates, ${fmtInt(f.with_duplicates)} with duplicates (${fmtInt(f.duplicate_rows)} pair rows)`,
  );
  if (r.recomputeAgain) {
    const again = r.recomputeAgain;
    row(
      'area / ban once more, nothing changes (after HTTP)',
      `${again.area.timedOut ? 'TIMED OUT' : fmtMs(again.area.ms)} / ${again.ban.timedOut ? 'TIMED OUT' : fmtMs(again.ban.ms)}; ${fmtInt(again.rowsRewritten)} row versions written`,
    );
  }
  if (r.recompute.duplicates.timedOut && r.recomputeScoped.batchDuplicates.extrapolatedAllMs) {
    row(
      'recomputeDuplicates(null), extrapolated',
      `≈ ${fmtMs(r.recomputeScoped.batchDuplicates.extrapolatedAllMs)} (from the batch below)`,
    );
  }
  const sc = r.recomputeScoped;
  row(
    'recomputeAll([id]) for one outfall (create/update)',
    `p50 ${fmtMs(sc.singleOutfallRecomputeAll.p50Ms)}, max ${fmtMs(sc.singleOutfallRecomputeAll.maxMs)} (${sc.singleOutfallRecomputeAll.runs} runs)`,
  );
  row(
    `recomputeDuplicates(ids) for ${sc.batchDuplicates.outfalls} outfalls`,
    sc.batchDuplicates.timedOut
      ? 'TIMED OUT'
      : `${fmtMs(sc.batchDuplicates.ms)} (${sc.batchDuplicates.perOutfallMs} ms per outfall)`,
  );
  row('VACUUM ANALYZE outfall afterwards', fmtMs(r.vacuumMs));
  lines.push(
    '',
    `List queries over HTTP as eco_officer (sequential, keep-alive; ${r.options.warmup} warm-ups, then ${r.options.samples} timed; full response read)`,
  );
  for (const q of r.http.queries) {
    lines.push(`  (${q.key}) GET ${q.url}`);
    lines.push(
      `        p50 ${fmtMs(q.p50Ms).padStart(9)}   p95 ${fmtMs(q.p95Ms).padStart(9)}   min ${fmtMs(q.minMs)}  max ${fmtMs(q.maxMs)}   total=${q.total ?? '—'} returned=${q.returned} (${fmtInt(q.responseBytes / 1024)} KiB)`,
    );
  }
  if (r.import) {
    lines.push(
      '',
      `Spreadsheet import through the API (XLSX, ${fmtInt(r.import.create.rows)} rows, all-or-nothing)`,
    );
    row(
      'new rows, local codes generated',
      `${fmtMs(r.import.create.ms)}  (${r.import.create.rowsPerSecond} rows/s)`,
    );
    row(
      'the same file again (updates)',
      `${fmtMs(r.import.reimport.ms)}  (${r.import.reimport.rowsPerSecond} rows/s)`,
    );
  }

  if (r.whatIf) {
    const w = r.whatIf;
    lines.push(
      '',
      'What-if — NOT the app: the recommended index, created in the bench database only, then dropped',
    );
    lines.push(`  ${w.index}`);
    row('CREATE INDEX', fmtMs(w.createIndexMs));
    row('recomputeDuplicates(null)', w.duplicatesAll.timedOut ? 'TIMED OUT' : fmtMs(w.duplicatesAll.ms));
    row(
      'result',
      `${fmtInt(w.facts.with_duplicates)} with duplicates (${fmtInt(w.facts.duplicate_rows)} pair rows)`,
    );
    row('recomputeAll([id]) for one outfall', `p50 ${fmtMs(w.singleOutfallRecomputeAll.p50Ms)}`);
  }
  lines.push('', `Whole run: ${fmtMs(r.wallMs)}`, '');
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const db = databaseOf(opts.databaseUrl);
  const wallStart = performance.now();
  const report = reportHead('outfall-directory', 'n', opts);
  const run = session(db, { keep: opts.keep, tmpPrefix: 'outfall-bench-', api: { profiler: false } });
  const { api } = run;
  let client = null;

  try {
    log(`N = ${fmtInt(opts.n)}; database ${db.name} (dropped and recreated)`);
    report.bootMs = await run.boot(opts.bootTimeoutS);

    client = await run.connect('outfall-bench');
    report.machine = await machineInfo(client);
    report.demoOutfalls = (await client.query(`SELECT count(*)::int AS n FROM outfall`)).rows[0].n;

    log(`inserting ${fmtInt(opts.n)} synthetic outfalls in batches of ${fmtInt(opts.batch)}…`);
    report.insert = await insertOutfalls(client, opts.n, opts.batch);
    report.insert.note =
      'bulk SQL path (INSERT … SELECT FROM generate_series); the spreadsheet import is timed separately';
    let t0 = performance.now();
    await client.query('ANALYZE');
    report.analyzeMs = round(ms(t0));
    report.sizes = {
      afterInsertMiB: round(
        (await client.query(`SELECT pg_total_relation_size('outfall') AS b`)).rows[0].b / 2 ** 20,
        1,
      ),
    };

    log('recomputing derived flags for all outfalls with the app’s SQL…');
    report.plans = {};
    for (const method of ['recomputeArea', 'recomputeBan', 'recomputeDuplicates']) {
      report.plans[method] = [];
      for (const statement of await captureSql(method, null))
        report.plans[method].push(await explain(client, statement));
    }
    report.recompute = await recomputeAllOutfalls(client, opts.stepTimeoutS);
    log('recomputing for one outfall at a time (create/update) and for a batch…');
    report.recomputeScoped = await recomputeScoped(client, opts.n, opts.stepTimeoutS);
    // the recompute rewrote every row: clean up and refresh statistics before timing queries, as autovacuum would
    t0 = performance.now();
    await client.query('VACUUM (ANALYZE) outfall');
    await client.query('ANALYZE outfall_duplicate');
    report.vacuumMs = round(ms(t0));
    report.sizes.afterRecomputeMiB = round(
      (await client.query(`SELECT pg_total_relation_size('outfall') AS b`)).rows[0].b / 2 ** 20,
      1,
    );

    log('timing directory queries over HTTP…');
    report.http = await measureQueries(api, client, opts.samples, opts.warmup);

    if (opts.importRows > 0) {
      log(`importing ${fmtInt(opts.importRows)} outfalls from an XLSX through the API, twice…`);
      report.import = await measureImport(api, client, Math.min(opts.importRows, opts.n));
    }

    log('recomputing area and ban once more (nothing changes)…');
    report.recomputeAgain = await recomputeAgain(client, opts.stepTimeoutS);

    if (opts.whatIf) {
      log('what-if (bench database only, not the app): geography GiST index for the duplicate search…');
      report.whatIf = await whatIfGeographyIndex(client, opts.n, opts.stepTimeoutS);
    }
    report.wallMs = round(ms(wallStart));
    report.machine.loadAverageAtEnd = os.loadavg().map((v) => round(v, 2));

    const text = textReport(report);
    console.log(text);
    const file = writeResult(`directory-${opts.n}`, report);
    log(`wrote ${path.relative(ROOT, file)}`);
  } finally {
    await run.cleanup();
    log(opts.keep ? `kept database ${db.name}` : `dropped database ${db.name}`);
  }
}

main().catch((error) => {
  console.error(`bench: ${error && error.stack ? error.stack : error}`);
  process.exitCode = 1;
});
