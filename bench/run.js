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
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist', 'apps', 'api');
const { Client } = require(require.resolve('pg', { paths: [ROOT] }));

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
  const number = (name, value) => {
    const n = Number(String(value).replace(/_/g, ''));
    if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n))
      fail(`--${name} must be a whole number, got "${value}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    let [key, value] = argv[i].split(/=(.*)/s, 2);
    const take = () => {
      if (value !== undefined) return value;
      if (i + 1 >= argv.length) fail(`${key} needs a value`);
      return argv[++i];
    };
    switch (key) {
      case '--n':
        opts.n = number('n', take());
        break;
      case '--import-rows':
        opts.importRows = number('import-rows', take());
        break;
      case '--database-url':
        opts.databaseUrl = take();
        break;
      case '--batch':
        opts.batch = Math.max(1, number('batch', take()));
        break;
      case '--samples':
        opts.samples = Math.max(30, number('samples', take()));
        break;
      case '--warmup':
        opts.warmup = number('warmup', take());
        break;
      case '--step-timeout':
        opts.stepTimeoutS = number('step-timeout', take());
        break;
      case '--boot-timeout':
        opts.bootTimeoutS = number('boot-timeout', take());
        break;
      case '--no-what-if':
        opts.whatIf = false;
        break;
      case '--keep':
        opts.keep = true;
        break;
      case '--help':
      case '-h':
        console.log(HELP);
        process.exit(0);
        break;
      default:
        fail(`unknown option ${argv[i]}\n${HELP}`);
    }
  }
  if (opts.n < 1) fail('--n must be at least 1');
  return opts;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function databaseOf(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    fail(`--database-url is not a URL: ${url}`);
  }
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!name || !name.toLowerCase().includes('bench')) {
    fail(`refusing database "${name}": its name must contain "bench" (the benchmark drops and recreates it)`);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  return { name, url, adminUrl: admin.toString() };
}

// ---------------------------------------------------------------- small helpers

const ident = (name) => `"${name.replace(/"/g, '""')}"`;
const ms = (start) => performance.now() - start;
const round = (value, digits = 1) =>
  value == null ? value : Math.round(value * 10 ** digits) / 10 ** digits;
const fmtInt = (value) => Math.round(value).toLocaleString('en-US');
const fmtMs = (value) =>
  value >= 7_200_000
    ? `${(value / 3_600_000).toFixed(1)} h`
    : value >= 600_000
      ? `${(value / 60_000).toFixed(1)} min`
      : value >= 10_000
        ? `${(value / 1000).toFixed(1)} s`
        : `${value.toFixed(1)} ms`;
const log = (message) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

function percentile(sorted, p) {
  // nearest-rank
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (delay) => new Promise((resolve) => setTimeout(resolve, delay));

// ---------------------------------------------------------------- database lifecycle

async function withAdmin(db, fn) {
  const admin = new Client({ connectionString: db.adminUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

async function recreateDatabase(db) {
  await withAdmin(db, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${ident(db.name)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${ident(db.name)}`);
  });
}

async function dropDatabase(db) {
  await withAdmin(db, (admin) => admin.query(`DROP DATABASE IF EXISTS ${ident(db.name)} WITH (FORCE)`));
}

// ---------------------------------------------------------------- the API child process

class Api {
  constructor(db, dataDir) {
    this.db = db;
    this.dataDir = dataDir;
    this.logFile = path.join(dataDir, 'api.log');
    this.child = null;
    this.exited = null;
  }

  async start(timeoutS) {
    const main = path.join(DIST, 'main.js');
    if (!fs.existsSync(main))
      fail(`${path.relative(ROOT, main)} is missing: run "npx nx build api" (npm run bench does)`);
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    const env = { ...process.env };
    for (const name of ['REDIS_URL', 'NODE_ENV', 'EMBEDDED_DB', 'DB_MIGRATIONS_RUN', 'QUEUE_WORKERS'])
      delete env[name];
    Object.assign(env, {
      NODE_ENV: 'development',
      DATABASE_URL: this.db.url,
      PORT: String(this.port),
      DEMO_DATA: 'true',
      LOG_LEVEL: 'warn',
      PASSWORD_HASH_COST: '1024',
      DATA_DIR: this.dataDir,
    });
    const out = fs.openSync(this.logFile, 'a');
    const started = performance.now();
    this.child = spawn(process.execPath, [main], { cwd: ROOT, env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    let exit = null;
    void this.exited.then((value) => (exit = value));
    const deadline = Date.now() + timeoutS * 1000;
    for (;;) {
      if (exit) throw new Error(`the API exited during boot (${JSON.stringify(exit)}):\n${this.tail()}`);
      try {
        const res = await fetch(`${this.base}/health`, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        if (res.status === 200) return ms(started);
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(`GET /health did not answer 200 within ${timeoutS} s:\n${this.tail()}`);
      await sleep(250);
    }
  }

  tail(lines = 40) {
    try {
      return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no API log)';
    }
  }

  async stop() {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }

  async login(username) {
    const res = await this.request('POST', '/api/v1/auth/login', {
      body: { username, password: 'Demo@2023!' },
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    return JSON.parse(res.text).accessToken;
  }

  async request(method, url, { token, body } = {}) {
    const headers = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text };
  }
}

// ---------------------------------------------------------------- step 2: synthetic outfalls

/** The app's own enumerations, from the build, so the generated pairs stay valid if they change. */
function appEnums() {
  const types = require(path.join(DIST, 'libs', 'shared', 'types', 'src', 'index.js'));
  return {
    subTypesByCategory: types.SUB_TYPES_BY_CATEGORY,
    modes: Object.values(types.DischargeMode),
    methods: Object.values(types.DischargeMethod),
    banks: Object.values(types.Bank),
  };
}

/*
 * One set-based statement per batch. Each row: a random water body (seeded), a random point along its centre
 * line (ST_LineInterpolatePoint) moved east or west by up to 2.5 km (key rivers) / 1.5 km (others) — the demo
 * seeder's idea — clamped to the city extent 86.8–87.8 E, 43.55–44.45 N; a random township / sub-district;
 * a category, then one of its sub-types (SUB_TYPES_BY_CATEGORY); discovered in 2023–2024.
 */
const INSERT_SQL = `
WITH w AS (
  SELECT (row_number() OVER (ORDER BY code) - 1)::int AS k, id, code, is_key, ST_GeometryN(centerline, 1) AS line
    FROM water_body WHERE centerline IS NOT NULL
), d AS (
  SELECT (row_number() OVER (ORDER BY code) - 1)::int AS k, id
    FROM division WHERE level IN ('township', 'sub_district')
), c AS (
  SELECT (ord - 1)::int AS k, key AS category, ARRAY(SELECT jsonb_array_elements_text(value)) AS sub_types
    FROM jsonb_each($3::jsonb) WITH ORDINALITY AS e(key, value, ord)
), g AS (
  SELECT i, random() AS rw, random() AS rf, random() AS ro, random() AS rd, random() AS rc, random() AS rs,
         random() AS rt, random() AS rm, random() AS rh, random() AS rz, random() AS rb
    FROM generate_series($1::int, $2::int) AS i
)
INSERT INTO outfall (local_code, name, category, sub_type, longitude, latitude, location, water_body_id, bank,
                     division_id, discharge_mode, discharge_method, size_mm, discovered_on, demo, version)
SELECT 'BENCH-' || lpad(g.i::text, 7, '0'),
       '基准测试排口 ' || w.code || '-' || c.category || ' #' || g.i,
       c.category,
       c.sub_types[1 + floor(g.rs * cardinality(c.sub_types))::int],
       ll.lon, ll.lat, ST_SetSRID(ST_MakePoint(ll.lon, ll.lat), 4326),
       w.id,
       ($6::text[])[1 + floor(g.rb * cardinality($6::text[]))::int],
       d.id,
       ($4::text[])[1 + floor(g.rm * cardinality($4::text[]))::int],
       ($5::text[])[1 + floor(g.rh * cardinality($5::text[]))::int],
       200 + floor(g.rz * 16)::int * 50,
       DATE '2023-01-01' + floor(g.rt * 731)::int,
       true, 1
  FROM g
  JOIN w ON w.k = floor(g.rw * (SELECT count(*) FROM w))::int
  JOIN d ON d.k = floor(g.rd * (SELECT count(*) FROM d))::int
  JOIN c ON c.k = floor(g.rc * (SELECT count(*) FROM c))::int
  CROSS JOIN LATERAL (SELECT ST_LineInterpolatePoint(w.line, g.rf) AS p) pt
  CROSS JOIN LATERAL (
    SELECT round(LEAST(87.8, GREATEST(86.8,
                   ST_X(pt.p) + (2 * g.ro - 1) * CASE WHEN w.is_key THEN 2500 ELSE 1500 END
                                / (111320 * cos(radians(ST_Y(pt.p))))))::numeric, 6)::float8 AS lon,
           round(LEAST(44.45, GREATEST(43.55, ST_Y(pt.p)))::numeric, 6)::float8 AS lat
  ) ll`;

async function insertOutfalls(client, n, batchSize) {
  const enums = appEnums();
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
  await client.query(`SELECT setseed(0.2023)`); // same data on every run (one session, sequential batches)
  const batches = [];
  const started = performance.now();
  for (let from = 1; from <= n; from += batchSize) {
    const to = Math.min(n, from + batchSize - 1);
    const t0 = performance.now();
    const res = await client.query(INSERT_SQL, [
      from,
      to,
      JSON.stringify(enums.subTypesByCategory),
      enums.modes,
      enums.methods,
      enums.banks,
    ]);
    const elapsed = ms(t0);
    if (res.rowCount !== to - from + 1) throw new Error(`batch ${from}–${to} inserted ${res.rowCount} rows`);
    batches.push({
      from,
      to,
      rows: res.rowCount,
      ms: round(elapsed),
      rowsPerSecond: Math.round(res.rowCount / (elapsed / 1000)),
    });
    log(`  inserted ${fmtInt(to)} / ${fmtInt(n)} (${fmtInt(res.rowCount / (elapsed / 1000))} rows/s)`);
  }
  const totalMs = ms(started);
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
  // the defaults of libs/core/config: KEY_AREA_DISTANCE_M, DUPLICATE_DISTANCE_M
  const derivation = new OutfallDerivationService({ KEY_AREA_DISTANCE_M: 1000, DUPLICATE_DISTANCE_M: 30 });
  const em = { query: (sql, params) => client.query(sql, params).then((r) => r.rows) };
  return { derivation, em };
}

/** The statements a derivation method sends, without running them (for EXPLAIN). */
async function captureSql(method, scope) {
  const { derivation } = derivationFor(null);
  const statements = [];
  await derivation[method](
    { query: async (sql, params) => (statements.push({ sql, params: params || [] }), []) },
    scope,
  );
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

async function machineInfo(client) {
  const cpus = os.cpus();
  const [{ version, postgis }] = (
    await client.query(`SELECT version() AS version, postgis_lib_version() AS postgis`)
  ).rows;
  const settings = (
    await client.query(
      `SELECT name, current_setting(name) AS value FROM pg_settings
        WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'max_parallel_workers_per_gather', 'jit', 'effective_cache_size')
        ORDER BY name`,
    )
  ).rows.reduce((acc, row) => ({ ...acc, [row.name]: row.value }), {});
  return {
    host: os.hostname(),
    cpu: cpus[0] ? cpus[0].model.trim() : 'unknown',
    cores: cpus.length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: version.split(',')[0],
    postgis,
    postgresSettings: settings,
    loadAverageAtStart: os.loadavg().map((v) => round(v, 2)),
  };
}

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
  const report = {
    benchmark: 'outfall-directory',
    n: opts.n,
    startedAt: new Date().toISOString(),
    options: { ...opts, databaseUrl: opts.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') },
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outfall-bench-'));
  const api = new Api(db, dataDir);
  let client = null;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    if (client) await client.end().catch(() => undefined);
    await api.stop().catch((error) => console.error(`bench: stopping the API: ${error.message}`));
    if (!opts.keep) {
      await dropDatabase(db).catch((error) => console.error(`bench: dropping ${db.name}: ${error.message}`));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      console.error(`bench: ${signal}, cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    log(`N = ${fmtInt(opts.n)}; database ${db.name} (dropped and recreated)`);
    await recreateDatabase(db);

    log('starting the built API (first boot: migrations + demo seed)…');
    report.bootMs = round(await api.start(opts.bootTimeoutS));
    log(`API healthy on ${api.base} after ${fmtMs(report.bootMs)}`);

    client = new Client({ connectionString: db.url, application_name: 'outfall-bench' });
    await client.connect();
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
    const dir = path.join(__dirname, 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `directory-${opts.n}.json`);
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${path.relative(ROOT, file)}`);
  } finally {
    await cleanup();
    log(opts.keep ? `kept database ${db.name}` : `dropped database ${db.name}`);
  }
}

main().catch((error) => {
  console.error(`bench: ${error && error.stack ? error.stack : error}`);
  process.exitCode = 1;
});
