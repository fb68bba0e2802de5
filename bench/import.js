#!/usr/bin/env node
'use strict';
/*
 * Set-based XLSX import benchmark (issue 17; plain CommonJS, runs on the built API in dist/apps/api).
 *
 *   npm run bench -- import                         # 100 000 rows against PostgreSQL (builds the API first)
 *   node bench/import.js --rows 100000 --database-url postgres://postgres@127.0.0.1:5432/outfall_import_bench
 *   node bench/import.js --embedded --rows 10000 # the embedded database (PGlite in a temporary DATA_DIR)
 *   node bench/import.js --rows 100000 --grown 2000000  # into a record whose audit trail and history hold 2M rows
 *
 * Recreates the bench database (its name must contain "bench"), boots the API (migrations + demo seed),
 * writes an XLSX of `--rows` new outfalls (a grid of points inside the city, 80-110 m apart, over the demo
 * waters, townships and category / type pairs), uploads it (all-or-nothing) and waits for the job. Measured:
 * the import's wall time (upload to completed), rows/s, and the API process's resident memory (VmRSS
 * sampled every 50 ms: the peak during the import, and the idle figure before it).
 * The floor, in the same database and run: COPY of the same rows (as text) into a plain table, plus one
 * INSERT … SELECT of them into a copy of the outfall table (its indexes and defaults, codes and references
 * resolved by join): what loading the rows costs with no checks, audit, webhooks or derived flags.
 * Prints the ratios; writes bench/results/import-<rows>[-embedded].json.
 * Targets (issue 17): 100 000 rows in at most 30 s with at most 400 MB RSS.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const {
  ROOT,
  bearer,
  databaseOf,
  fail,
  log,
  ms,
  option,
  recreateDatabase,
  round,
  sleep,
  spawnBareApi,
} = require('./harness');
const { IMPORT_HEADERS: HEADERS } = require('./outfalls');

const ExcelJS = require(require.resolve('exceljs', { paths: [ROOT] }));
const { Client } = require(require.resolve('pg', { paths: [ROOT] }));
const { from: copyFrom } = require(require.resolve('pg-copy-streams', { paths: [ROOT] }));

const EMBEDDED = process.argv.includes('--embedded');
const ROWS = Number(option('rows', EMBEDDED ? '10000' : '100000'));
const DATABASE_URL = option(
  'database-url',
  process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/outfall_import_bench',
);
const BOOT_S = Number(option('boot-timeout-s', '900'));
// rows already in the audit trail and each history table before the import (a record that has grown)
const GROWN = Number(option('grown', '0'));
const JOB_S = Number(option('job-timeout-s', '900'));

const PAIRS = [
  ['工业排污口', '工矿企业排污口'],
  ['农业排污口', '规模化畜禽养殖场排污口'],
  ['其他排污口', 'urban_stormwater'],
];

/** Row i of the file: a grid point inside the city box, cycling over waters, townships and types. */
function row(i, waters, townships) {
  const [category, subType] = PAIRS[i % PAIRS.length];
  return [
    `基准导入排口${i}`,
    category,
    subType,
    waters[i % waters.length],
    townships[i % townships.length],
    (86.5005 + (i % 1000) * 0.001).toFixed(4),
    (43.2005 + Math.floor(i / 1000) * 0.001).toFixed(4),
    '2023-09-01',
  ];
}

async function writeSheet(file, waters, townships) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet('名录');
  sheet.addRow(HEADERS).commit();
  for (let i = 0; i < ROWS; i++) sheet.addRow(row(i, waters, townships)).commit();
  sheet.commit();
  await workbook.commit();
}

function rssKb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * `--grown N`: N rows in the audit trail and in each history table the record's triggers write, as a city's
 * record holds after years of edits (ids random, as every row got them before time-ordered ids; small
 * payloads: what the import pays for is each table's key, not the old rows' size). Written with the
 * triggers off (they would mark the roll-up), then analysed and checkpointed.
 */
async function grow(url, n) {
  const client = new Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    await client.query(`SET session_replication_role = replica`);
    await client.query(
      `INSERT INTO audit_log (id, actor_type, actor_name, action, entity_type, entity_id, after, request_id, occurred_at)
       SELECT gen_random_uuid(), 'system', 'bench', 'update', 'outfall', gen_random_uuid()::text,
              jsonb_build_object('name', 'grown ' || g), 'bench', now() - (g || ' s')::interval
         FROM generate_series(1, $1) g`,
      [n],
    );
    await client.query(
      `INSERT INTO outfall_flag_history (id, outfall_id, area, ban_candidate, ban_reasons, duplicate_count, valid_from)
       SELECT gen_random_uuid(), gen_random_uuid(), 'general', false, '[]'::jsonb, 0, now() - (g || ' s')::interval
         FROM generate_series(1, $1) g`,
      [n],
    );
    await client.query(
      `INSERT INTO outfall_event_history (id, outfall_id, type, effective_on, valid_from)
       SELECT gen_random_uuid(), gen_random_uuid(), 'registered', DATE '2023-01-01', now() - (g || ' s')::interval
         FROM generate_series(1, $1) g`,
      [n],
    );
    await client.query(`VACUUM ANALYZE audit_log, outfall_flag_history, outfall_event_history`);
    await client.query(`CHECKPOINT`);
  } finally {
    await client.end();
  }
  log(`grew the audit trail and the two history tables by ${n} rows each in ${round(ms(started) / 1000)} s`);
}

/** The server's WAL position, or (with `since`) the WAL bytes written since that position. */
async function walLsn(url, since) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const [row] = (
      await client.query(
        since
          ? `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::float8 AS v`
          : `SELECT pg_current_wal_lsn()::text AS v`,
        since ? [since] : [],
      )
    ).rows;
    return row.v;
  } finally {
    await client.end();
  }
}

/** The floor: COPY the rows into a plain table, then one INSERT … SELECT into a copy of `outfall`. */
async function floor(url, waters, townships) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS bench_floor_raw, bench_floor_outfall`);
    await client.query(
      `CREATE TABLE bench_floor_raw (row_no int, name text, category text, sub_type text, water text,
         division text, longitude text, latitude text, discovered_on text)`,
    );
    await client.query(
      `CREATE TABLE bench_floor_outfall (LIKE outfall INCLUDING DEFAULTS INCLUDING INDEXES)`,
    );
    const categories = { 工业排污口: 'industrial', 农业排污口: 'agricultural', 其他排污口: 'other' };
    const subTypes = { 工矿企业排污口: 'industrial_enterprise', 规模化畜禽养殖场排污口: 'livestock_farm' };
    const started = performance.now();
    const copy = client.query(copyFrom('COPY bench_floor_raw FROM STDIN'));
    const done = new Promise((resolve, reject) => {
      copy.on('finish', resolve);
      copy.on('error', reject);
    });
    for (let i = 0; i < ROWS; i++) {
      const [name, category, subType, water, division, lon, lat, day] = row(i, waters, townships);
      const line = `${i + 2}\t${name}\t${categories[category]}\t${subTypes[subType] ?? subType}\t${water}\t${division}\t${lon}\t${lat}\t${day}\n`;
      if (!copy.write(line)) await new Promise((resolve) => copy.once('drain', resolve));
    }
    copy.end();
    await done;
    const copyMs = ms(started);
    const insertStarted = performance.now();
    await client.query(
      `INSERT INTO bench_floor_outfall (id, local_code, name, category, sub_type, longitude, latitude, location,
                                        water_body_id, division_id, discovered_on, version)
       SELECT gen_random_uuid(), 'F-' || r.row_no, r.name, r.category, r.sub_type, r.longitude::float8, r.latitude::float8,
              ST_SetSRID(ST_MakePoint(r.longitude::float8, r.latitude::float8), 4326), w.id, d.id, r.discovered_on::date, 1
         FROM bench_floor_raw r
         JOIN water_body w ON w.name = r.water OR w.code = upper(r.water)
         CROSS JOIN LATERAL (
           SELECT d.id FROM division d
            WHERE d.boundary IS NOT NULL AND d.level IN ('township', 'sub_district')
              AND ST_Contains(d.boundary, ST_SetSRID(ST_MakePoint(r.longitude::float8, r.latitude::float8), 4326))
            ORDER BY ST_Area(d.boundary) LIMIT 1) d`,
    );
    const insertMs = ms(insertStarted);
    const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM bench_floor_outfall`)).rows;
    if (n !== ROWS) throw new Error(`the floor inserted ${n} rows, not ${ROWS}`);
    await client.query(`DROP TABLE bench_floor_raw, bench_floor_outfall`);
    return { copyMs: round(copyMs), insertSelectMs: round(insertMs), totalMs: round(copyMs + insertMs) };
  } finally {
    await client.end();
  }
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outfall-bench-import-'));
  const db = EMBEDDED ? null : databaseOf(DATABASE_URL);
  if (db) await recreateDatabase(db);
  const api = await spawnBareApi({ dataDir, env: db ? { DATABASE_URL: db.url } : {} });
  const { base, child } = api;
  const label = EMBEDDED ? `${ROWS}-embedded` : GROWN ? `${ROWS}-grown-${GROWN}` : String(ROWS);
  try {
    const bootMs = await api.healthy(BOOT_S);
    log(`API up in ${round(bootMs / 1000)} s on ${EMBEDDED ? 'the embedded database' : db.name}`);
    const auth = await bearer(base, 'eco_officer');
    const get = async (url) => {
      const r = await fetch(`${base}${url}`, { headers: { authorization: auth } });
      if (r.status !== 200) throw new Error(`GET ${url}: ${r.status}`);
      return r.json();
    };
    const waters = ((await get('/api/v1/water-bodies?limit=200')).items ?? []).map((w) => w.code);
    // the demo's synthetic boundaries tile the whole city box: the township comes from the point
    const townships = [''];
    if (!waters.length) throw new Error('no demo waters');
    const file = path.join(dataDir, `import-${ROWS}.xlsx`);
    const written = performance.now();
    await writeSheet(file, waters, townships);
    const bytes = fs.statSync(file).size;
    log(`wrote ${ROWS} rows (${round(bytes / 1048576)} MB) in ${round(ms(written) / 1000)} s`);

    if (GROWN && db) await grow(db.url, GROWN);
    await sleep(2000);
    const idleRssKb = rssKb(child.pid);
    let peakRssKb = idleRssKb;
    const sampler = setInterval(() => {
      peakRssKb = Math.max(peakRssKb, rssKb(child.pid));
    }, 50);
    const walBefore = db ? await walLsn(db.url) : null;
    const started = performance.now();
    const form = new FormData();
    form.append('file', new Blob([fs.readFileSync(file)]), `import-${ROWS}.xlsx`);
    form.append('mode', 'all_or_nothing');
    const upload = await fetch(`${base}/api/v1/outfalls/imports`, {
      method: 'POST',
      headers: { authorization: auth },
      body: form,
    });
    if (upload.status !== 202) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
    const { id } = await upload.json();
    let job = { state: 'waiting' };
    for (let deadline = Date.now() + JOB_S * 1000; job.state === 'waiting' || job.state === 'active';) {
      await sleep(250);
      job = await get(`/api/v1/jobs/${id}`);
      if (Date.now() > deadline) throw new Error(`the job is still ${job.state} after ${JOB_S} s`);
    }
    const importMs = ms(started);
    clearInterval(sampler);
    const walMb = db ? round((await walLsn(db.url, walBefore)) / 1048576) : null;
    if (job.state !== 'completed' || job.result?.created !== ROWS)
      throw new Error(`the import did not create every row: ${JSON.stringify(job).slice(0, 2000)}`);
    // the text arrived intact: no replacement character in any name (a streaming reader that decodes its
    // chunks one by one garbles a character split between two), and the last row's name found as written
    const garbled = await get(`/api/v1/outfalls?q=${encodeURIComponent('\uFFFD')}&limit=5`);
    if (garbled.items.length)
      throw new Error(`garbled names: ${garbled.items.map((o) => o.name).join(', ')}`);
    const last = await get(`/api/v1/outfalls?q=${encodeURIComponent(`基准导入排口${ROWS - 1}`)}&limit=5`);
    if (!last.items.some((o) => o.name === `基准导入排口${ROWS - 1}`))
      throw new Error(`the last row's outfall is not found by its name`);
    const floorMs = EMBEDDED ? null : await floor(db.url, waters, townships);
    const result = {
      rows: ROWS,
      grown: GROWN,
      database: EMBEDDED ? 'embedded PGlite (file)' : 'PostgreSQL (local)',
      fileMb: round(bytes / 1048576),
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map((l) => round(l)),
      importMs: round(importMs),
      rowsPerS: round(ROWS / (importMs / 1000)),
      idleRssMb: round(idleRssKb / 1024),
      peakRssMb: round(peakRssKb / 1024),
      walMb,
      floor: floorMs,
      ratioToFloor: floorMs ? round(importMs / floorMs.totalMs, 2) : null,
      targets: { importMs: 30_000, peakRssMb: 400 },
      job: {
        state: job.state,
        result: job.result && { ...job.result, errors: job.result.errors?.slice(0, 3) },
      },
    };
    log(JSON.stringify(result, null, 2));
    log(
      `import ${round(importMs / 1000)} s (${result.rowsPerS} rows/s), peak RSS ${result.peakRssMb} MB` +
        (walMb === null ? '' : `, WAL ${walMb} MB`) +
        (floorMs ? `; floor ${round(floorMs.totalMs / 1000)} s → ${result.ratioToFloor}× the floor` : ''),
    );
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    fs.writeFileSync(
      path.join(__dirname, 'results', `import-${label}.json`),
      JSON.stringify(result, null, 2),
    );
  } finally {
    await api.stop();
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    fs.copyFileSync(api.logFile, path.join(__dirname, 'results', `import-${label}.api.log`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => fail(error.stack ?? String(error)));
