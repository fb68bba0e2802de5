#!/usr/bin/env node
'use strict';
/*
 * Import-stall benchmark (plain CommonJS, runs on the built API in dist/apps/api), issue 12 § 2.
 *
 *   npm run bench -- import-stall --rows 5000     # builds the API, then runs this file
 *   node bench/import-stall.js --rows 5000 --readers 4 --mode all_or_nothing
 *
 * The embedded default (no DATABASE_URL: PGlite in a fresh temporary DATA_DIR, one connection for everyone):
 * boot the built API (migrations + demo seed) → the floor: `--readers` concurrent clients read the outfall
 * list (GET /api/v1/outfalls?limit=20) for `--floor-s` seconds with nothing else running → upload an XLSX of
 * `--rows` outfalls and, while the import runs, the same readers read the list → report p50/p95/p99/max of
 * both phases, the non-200 answers and the import's duration; write bench/results/import-stall-<rows>.json.
 * Target (issue 12): p99 of the reads during the import under 500 ms.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { ROOT, bearer, fail, log, ms, option, percentile, round, sleep, spawnBareApi } = require('./harness');
const { IMPORT_HEADERS } = require('./outfalls');

const ExcelJS = require(require.resolve('exceljs', { paths: [ROOT] }));

const ROWS = Number(option('rows', '5000'));
const READERS = Number(option('readers', '4'));
const FLOOR_S = Number(option('floor-s', '15'));
const MODE = option('mode', 'all_or_nothing');
const BOOT_S = Number(option('boot-timeout-s', '900'));

function stats(samples) {
  const times = samples.map((s) => s.ms).sort((a, b) => a - b);
  const statuses = {};
  for (const s of samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  if (!times.length) return { count: 0, statuses };
  return {
    count: times.length,
    p50Ms: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    p99Ms: round(percentile(times, 99)),
    maxMs: round(times[times.length - 1]),
    statuses,
  };
}

/** `rows` new outfalls at the places of the demo outfalls (so they pass the extent and township checks). */
async function sheet(rows, places) {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('名录');
  ws.addRow(IMPORT_HEADERS);
  for (let i = 0; i < rows; i++) {
    const o = places[i % places.length];
    ws.addRow([
      `压测导入排口${i}`,
      o.category,
      o.subType,
      o.water,
      o.division,
      o.longitude,
      o.latitude,
      o.discoveredOn,
    ]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outfall-bench-stall-'));
  const api = await spawnBareApi({ dataDir });
  const { base, child, tail } = api;
  try {
    const bootMs = await api.healthy(BOOT_S);
    log(`embedded API up in ${round(bootMs / 1000)} s (DATA_DIR ${dataDir})`);
    const login = (username) => bearer(base, username);
    const importer = await login('eco_officer');
    const reader = await login('admin');
    const read = async (samples) => {
      const t0 = performance.now();
      try {
        const res = await fetch(`${base}/api/v1/outfalls?limit=20`, { headers: { authorization: reader } });
        await res.arrayBuffer();
        samples.push({ status: res.status, ms: ms(t0) });
      } catch (error) {
        samples.push({ status: `fetch failed: ${error.cause?.code ?? error.message}`, ms: ms(t0) });
        await sleep(200);
      }
    };
    const readUntil = (samples, done) =>
      Promise.all(
        Array.from({ length: READERS }, async () => {
          while (!done()) await read(samples);
        }),
      );

    const floor = [];
    const floorEnd = Date.now() + FLOOR_S * 1000;
    await readUntil(floor, () => Date.now() > floorEnd);
    log(`floor: ${JSON.stringify(stats(floor))}`);

    const get = async (url) => {
      const res = await fetch(`${base}${url}`, { headers: { authorization: reader } });
      if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
      return res.json();
    };
    const waters = await get('/api/v1/water-bodies?limit=200');
    const waterCode = new Map((waters.items ?? waters).map((w) => [w.id, w.code]));
    const places = (await get('/api/v1/outfalls?limit=200')).items
      .filter((o) => o.division && waterCode.has(o.waterBodyId))
      .map((o) => ({
        category: o.category,
        subType: o.subType,
        water: waterCode.get(o.waterBodyId),
        division: o.division.name,
        longitude: o.longitude,
        latitude: o.latitude,
        discoveredOn: o.discoveredOn,
      }));
    if (!places.length) throw new Error('no demo outfalls to take places from');
    const file = await sheet(ROWS, places);
    const form = new FormData();
    form.append('file', new Blob([file]), `stall-${ROWS}.xlsx`);
    form.append('mode', MODE);
    const importStarted = performance.now();
    const upload = await fetch(`${base}/api/v1/outfalls/imports`, {
      method: 'POST',
      headers: { authorization: importer },
      body: form,
    });
    if (upload.status !== 202) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
    const { id } = await upload.json();
    let job = { state: 'waiting' };
    const during = [];
    let finished = false;
    let lastReport = Date.now();
    const poller = (async () => {
      while (job.state === 'waiting' || job.state === 'active') {
        await sleep(1000);
        const res = await fetch(`${base}/api/v1/jobs/${id}`, { headers: { authorization: importer } }).catch(
          (error) => {
            log(`job poll failed: ${error.cause?.code ?? error.message}`);
            if (child.exitCode !== null || child.signalCode !== null)
              throw new Error(`the API exited:\n${tail()}`);
            return null;
          },
        );
        if (res?.status === 200) job = await res.json();
        if (Date.now() - lastReport > 60_000) {
          lastReport = Date.now();
          log(`import ${job.progress ?? 0}%: reads so far ${JSON.stringify(stats(during))}`);
        }
      }
      finished = true;
    })();
    await Promise.all([poller, readUntil(during, () => finished)]);
    const importMs = ms(importStarted);
    const result = {
      rows: ROWS,
      readers: READERS,
      mode: MODE,
      database: 'embedded PGlite (file)',
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map((l) => round(l)),
      importMs: round(importMs),
      job: {
        state: job.state,
        result: job.result && { ...job.result, errors: job.result.errors?.slice(0, 3) },
      },
      floor: stats(floor),
      duringImport: stats(during),
      targetP99Ms: 500,
    };
    log(JSON.stringify(result, null, 2));
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    fs.writeFileSync(
      path.join(__dirname, 'results', `import-stall-${ROWS}.json`),
      JSON.stringify(result, null, 2),
    );
  } finally {
    await api.stop();
    // keep the API's log next to the results
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    fs.copyFileSync(api.logFile, path.join(__dirname, 'results', `import-stall-${ROWS}.api.log`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => fail(error.stack ?? String(error)));
