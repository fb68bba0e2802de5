'use strict';
/*
 * Reads at the floor (issue 17): the outfall list page, one outfall's card and the GeoJSON of a bbox, served by
 * the built API and by two bare Node http + pg servers in the same run:
 *   - the same-SQL floor replays, per request, exactly the statements the API sent for that request (captured
 *     with the harness's SQL profiler), and answers with the rows as JSON;
 *   - the minimal floor sends the least SQL that gives the same answer (hand-written below).
 * Each server runs in its own child process with a pool of 10 (the API's default), and is loaded by a closed
 * loop of `--concurrency` clients for `--seconds` per case. Prints req/s, p50/p95 and the ratios.
 *
 *   node bench/floor.js --n 1000000            # recreate the bench database, seed, measure, keep it
 *   node bench/floor.js --n 1000000 --reuse    # measure on the kept database
 */
const { fork } = require('node:child_process');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const H = require('./harness');
const { seedOutfalls } = require('./outfalls');

const { Pool } = require(require.resolve('pg', { paths: [H.ROOT] }));

// ---------------------------------------------------------------- the floor servers (child mode)

function serveFloor() {
  const pool = new Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: 10 });
  let cases = {};
  process.on('message', (message) => {
    if (message && message.type === 'cases') {
      cases = message.cases;
      process.send({ type: 'cases-ok' });
    }
  });
  const server = http.createServer(async (req, res) => {
    const spec = cases[req.url];
    if (!spec) {
      res.writeHead(404).end();
      return;
    }
    try {
      let body;
      if (spec.kind === 'replay') {
        // every statement the API sent, in order (those it ran concurrently, concurrently)
        const results = [];
        for (const group of spec.groups) {
          const out = await Promise.all(group.map((s) => pool.query(s.sql, s.params || [])));
          results.push(...out);
        }
        const main = results.reduce((a, b) => (b.rows.length >= a.rows.length ? b : a));
        body = JSON.stringify({ rows: main.rows });
      } else if (spec.kind === 'list') {
        const [page, count] = await Promise.all([
          pool.query(spec.pageSql, spec.params),
          pool.query(spec.countSql, spec.params),
        ]);
        body = JSON.stringify({ items: page.rows, total: Number(count.rows[0].n), limit: 50, offset: 0 });
      } else if (spec.kind === 'text') {
        const result = await pool.query(spec.sql, spec.params);
        body = result.rows[0].body;
      } else if (spec.kind === 'detail') {
        const results = await Promise.all(spec.statements.map((s) => pool.query(s.sql, s.params)));
        body = JSON.stringify({ ...results[0].rows[0], parts: results.slice(1).map((r) => r.rows) });
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
    } catch (error) {
      res.writeHead(500).end(String(error && error.message));
    }
  });
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send({ type: 'listening' }));
}

// ---------------------------------------------------------------- options

const HELP = `usage: node bench/floor.js [options]   (or: npm run bench -- reads [options])
  --n <count>              synthetic outfalls to seed (default 200000)
  --database-url <url>     bench database (default $BENCH_DATABASE_URL or
                           postgres://postgres@127.0.0.1:5432/outfall_floor_bench); recreated unless --reuse
  --reuse                  measure on the database kept by an earlier run
  --seconds <s>            load per case and server (default 8)
  --concurrency <n>        clients in the closed loop (default 16)
  --env NAME=value         set in the API's environment (repeatable)
  --only <key,key>         only these cases (list, detail, geojson)
  --seed-only              seed, then stop`;

function parseArgs(argv) {
  const opts = {
    n: 200_000,
    databaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/outfall_floor_bench',
    reuse: false,
    seconds: 8,
    concurrency: 16,
    batch: 50_000,
    env: [],
  };
  H.parseOptions(argv, HELP, (key, take) => {
    if (key === '--n') opts.n = Number(String(take()).replace(/_/g, ''));
    else if (key === '--database-url') opts.databaseUrl = take();
    else if (key === '--reuse') opts.reuse = true;
    else if (key === '--seconds') opts.seconds = Number(take());
    else if (key === '--concurrency') opts.concurrency = Number(take());
    else if (key === '--env') opts.env.push(take());
    else if (key === '--only') opts.only = take().split(',');
    else if (key === '--seed-only') opts.seedOnly = true;
    else return false;
  });
  return opts;
}

// ---------------------------------------------------------------- load

async function load(base, url, headers, seconds, concurrency) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const times = [];
  let errors = 0;
  let bytes = 0;
  const get = () =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = http.get(`${base}${url}`, { agent, headers }, (res) => {
        let size = 0;
        res.on('data', (chunk) => (size += chunk.length));
        res.on('end', () => {
          if (res.statusCode !== 200) errors++;
          else times.push(performance.now() - t0);
          bytes = size;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  // warm-up
  for (let i = 0; i < 3; i++) await get();
  times.length = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) await get();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { rps: H.round(times.length / elapsed), ...H.summary(times.length ? times : [0]), errors, bytes };
}

/** CPU seconds (user + system) a process has used so far, from /proc (null elsewhere). */
function cpuSeconds(pid) {
  try {
    const fields = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

/** `load`, plus the server process's CPU milliseconds per answered request over the run. */
async function loadWithCpu(pid, ...args) {
  const before = cpuSeconds(pid);
  const result = await load(...args);
  const after = cpuSeconds(pid);
  const answered = Math.round(result.rps * args[3]);
  if (before !== null && after !== null && answered > 0)
    result.cpuMsPerRequest = H.round(((after - before) * 1000) / answered, 2);
  return result;
}

// ---------------------------------------------------------------- main

function startFloor(dbUrl, cases) {
  return H.freePort().then(
    (port) =>
      new Promise((resolve, reject) => {
        const child = fork(__filename, ['--serve-floor'], {
          env: { ...process.env, FLOOR_DATABASE_URL: dbUrl, PORT: String(port) },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        child.once('error', reject);
        child.on('message', (m) => {
          if (m.type === 'listening') child.send({ type: 'cases', cases });
          if (m.type === 'cases-ok')
            resolve({ base: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => child.kill() });
        });
      }),
  );
}

/** The statements the API sent for one request of `url` (the profiler's diff), grouped: in order, one each. */
async function captureStatements(api, url) {
  const before = await api.profile();
  const res = await api.request('GET', url);
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${res.text.slice(0, 300)}`);
  const after = await api.profile();
  const rows = H.profileDiff(before, after);
  return { statements: rows.map((r) => ({ sql: r.sql, params: r.params, count: r.count })), text: res.text };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const db = H.databaseOf(opts.databaseUrl);
  const report = {
    date: new Date().toISOString(),
    n: opts.n,
    machine: { cpus: os.cpus().length, load: os.loadavg() },
  };
  const extra = Object.fromEntries(opts.env.map((e) => e.split('=')));
  Object.assign(process.env, extra);
  const run = await H.startReusable(db, { reuse: opts.reuse, tmpPrefix: 'floor-bench-' });
  const { api, client } = run;
  report.bootMs = run.bootMs;
  try {
    if (!opts.reuse) {
      report.seed = await seedOutfalls(client, opts.n, opts.batch);
    }
    const [{ outfalls }] = (await client.query(`SELECT count(*)::int AS outfalls FROM outfall`)).rows;
    report.outfalls = outfalls;
    H.log(`${H.fmtInt(outfalls)} outfalls`);
    if (opts.seedOnly) return;
    await api.login();
    const headers = { authorization: `Bearer ${api.token}` };

    // the list case of the issue: river + category, sorted by code
    const [water] = (await client.query(`SELECT id, code FROM water_body WHERE is_key ORDER BY code LIMIT 1`))
      .rows;
    const [probe] = (await client.query(`SELECT id FROM outfall WHERE local_code = 'BENCH-0012345'`)).rows;
    const listUrl = `/api/v1/outfalls?waterBodyId=${water.id}&category=industrial&sort=localCode&limit=50`;
    const detailUrl = `/api/v1/outfalls/${probe.id}`;
    const geoUrl = `/api/v1/outfalls/geojson?bbox=87.1,43.9,87.4,44.2`;

    const cases = [
      {
        key: 'list',
        label: `list: river ${water.code} + industrial, by code, 50`,
        url: listUrl,
        minimal: {
          kind: 'list',
          pageSql: `SELECT o.*, d.id AS division_id_, d.name AS division_name, d.code AS division_code
                      FROM outfall o JOIN division d ON d.id = o.division_id
                     WHERE o.water_body_id = $1 AND o.category = $2 ORDER BY o.local_code, o.id LIMIT 50`,
          countSql: `SELECT count(*) AS n FROM outfall WHERE water_body_id = $1 AND category = $2`,
          params: [water.id, 'industrial'],
        },
      },
      {
        key: 'detail',
        label: 'one outfall (card: record, events, entities, duplicates)',
        url: detailUrl,
        minimal: null, // below: the API's statements without the identity reads
      },
      {
        key: 'geojson',
        label: 'GeoJSON bbox 87.1,43.9,87.4,44.2 (≤ 5,000)',
        url: geoUrl,
        minimal: {
          kind: 'text',
          sql: `SELECT json_build_object('type', 'FeatureCollection', 'features', COALESCE(json_agg(json_build_object(
                   'type', 'Feature', 'id', f.id,
                   'geometry', json_build_object('type', 'Point', 'coordinates', json_build_array(f.longitude, f.latitude)),
                   'properties', json_build_object('id', f.id, 'localCode', f.local_code, 'name', f.name,
                     'category', f.category, 'area', f.area, 'banCandidate', f.ban_candidate,
                     'duplicateCount', f.duplicate_count,
                     'stage', (SELECT e.type FROM outfall_event e WHERE e.outfall_id = f.id AND e.effective_on <= $5::date
                                ORDER BY array_position(ARRAY['registered','investigated','monitored','traced',
                                  'remediation_decided','remediation_completed','verified']::varchar[], e.type::varchar) DESC
                                LIMIT 1),
                     'overdue', EXISTS (SELECT 1 FROM remediation_plan p WHERE p.outfall_id = f.id
                                          AND p.deadline < $5::date AND p.status NOT IN ('completed', 'verified')),
                     'exceeding', COALESCE((SELECT s.exceeding FROM sample s WHERE s.outfall_id = f.id
                                             ORDER BY s.sampled_at DESC LIMIT 1), false)
                   )) ORDER BY f.local_code), '[]'::json))::text AS body
                  FROM (SELECT * FROM outfall WHERE location && ST_MakeEnvelope($1, $2, $3, $4, 4326)
                         ORDER BY local_code LIMIT 5000) f`,
          // the map's colouring facts are part of the answer (stage, overdue, exceeding); today in Beijing
          params: [87.1, 43.9, 87.4, 44.2, new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)],
        },
      },
    ].filter((c) => !opts.only || opts.only.includes(c.key));

    const floorCases = { same: {}, minimal: {} };
    for (const c of cases) {
      // warm the identity cache and plans, then capture one request's statements
      await api.request('GET', c.url);
      const captured = await captureStatements(api, c.url);
      c.statements = captured.statements.map((s) => ({
        sql: H.oneLine(s.sql).slice(0, 300),
        count: s.count,
      }));
      c.apiBytes = Buffer.byteLength(captured.text);
      const groups = captured.statements.flatMap((s) => Array.from({ length: s.count }, () => [s]));
      floorCases.same[c.url] = { kind: 'replay', groups };
      const identity = (s) => /\b(app_user|api_key)\b/.test(s.sql);
      floorCases.minimal[c.url] = c.minimal || {
        kind: 'detail',
        statements: captured.statements
          .filter((s) => !identity(s))
          .map((s) => ({ sql: s.sql, params: s.params })),
      };
      H.log(`${c.key}: the API sent ${captured.statements.reduce((a, s) => a + s.count, 0)} statements`);
    }
    const same = await startFloor(db.url, floorCases.same);
    const minimal = await startFloor(db.url, floorCases.minimal);
    try {
      for (const c of cases) {
        c.api = await loadWithCpu(api.child.pid, api.base, c.url, headers, opts.seconds, opts.concurrency);
        c.same = await loadWithCpu(same.pid, same.base, c.url, {}, opts.seconds, opts.concurrency);
        c.minimalFloor = await loadWithCpu(
          minimal.pid,
          minimal.base,
          c.url,
          {},
          opts.seconds,
          opts.concurrency,
        );
        c.ratioSame = H.round(c.api.rps / c.same.rps, 2);
        c.ratioMinimal = H.round(c.api.rps / c.minimalFloor.rps, 2);
        H.log(
          `${c.key}: API ${c.api.rps} req/s p50 ${c.api.p50Ms} ms | same-SQL ${c.same.rps} req/s p50 ${c.same.p50Ms} | minimal ${c.minimalFloor.rps} req/s p50 ${c.minimalFloor.p50Ms} | ×${c.ratioSame} / ×${c.ratioMinimal}`,
        );
        H.log(
          `${c.key}: CPU ms/request: API ${c.api.cpuMsPerRequest} | same-SQL ${c.same.cpuMsPerRequest} | minimal ${c.minimalFloor.cpuMsPerRequest}`,
        );
        if (c.api.errors || c.same.errors || c.minimalFloor.errors)
          H.log(`  errors: API ${c.api.errors}, same ${c.same.errors}, minimal ${c.minimalFloor.errors}`);
      }
    } finally {
      same.stop();
      minimal.stop();
    }
    report.cases = cases.map(({ minimal: _m, ...rest }) => rest);
    report.machine.loadAtEnd = os.loadavg();
    report.label = process.env.BENCH_LABEL || undefined;
    const file = H.writeResult(`floor-${outfalls}`, report);
    H.log(`wrote ${path.relative(H.ROOT, file)}`);
  } finally {
    await run.cleanup();
  }
}

if (process.argv[2] === '--serve-floor') serveFloor();
else if (require.main === module)
  main().catch((error) => {
    console.error(`bench: ${error && error.stack ? error.stack : error}`);
    process.exitCode = 1;
  });
