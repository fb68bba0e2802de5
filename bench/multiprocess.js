#!/usr/bin/env node
'use strict';
/*
 * Multi-process benchmark (plain CommonJS, runs on the built API in dist/apps/api).
 *
 *   npm run bench -- multiprocess                         # builds the API, then 1, 2 and 4 API processes
 *   node bench/multiprocess.js --duration 20 --clients 16 --processes 1,2,4
 *
 * Steps: recreate the bench database → migrations + demo seed once (`dist/apps/api/cli.js seed`) → for each
 * process count N: start N stateless API processes (QUEUE_WORKERS=false, one Redis, one PostgreSQL) behind a
 * small round-robin HTTP proxy in its own process (bench/multiprocess.js --proxy), warm up, then C clients in
 * a closed loop for D seconds through the proxy: 80 % reads (the outfall list, a page of 20 at offsets 0–180, and
 * one outfall by id), 20 % writes (read an outfall, then PATCH it with the version read; each client writes
 * its own outfalls, a 409 is counted and retried) → stop them → print requests/s per N and the ratio to N = 1,
 * write bench/results/multiprocess.json → drop the database (unless --keep).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist', 'apps', 'api');

// ---------------------------------------------------------------- the proxy (its own process)

function runProxy() {
  const port = Number(process.argv[3]);
  const targets = process.argv.slice(4).map(Number);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  http
    .createServer((req, res) => {
      const target = targets[next++ % targets.length];
      const upstream = http.request(
        { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers, agent },
        (answer) => {
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String(error.message));
      });
      req.pipe(upstream);
    })
    .listen(port, '127.0.0.1', () => process.send && process.send('ready'));
}

const {
  databaseOf,
  dropDatabase,
  fmtInt,
  fmtMs,
  freePort,
  log,
  ms,
  recreateDatabase,
  round,
  sleep,
  summary,
  parseOptions,
} = require('./harness');

const HELP = `usage: node bench/multiprocess.js [options]   (or: npm run bench -- multiprocess [options])
  --processes <list>     API process counts to measure (default 1,2,4)
  --clients <count>      concurrent clients through the proxy (default 16)
  --duration <seconds>   measured seconds per process count (default 15; 3 s warm-up before)
  --database-url <url>   bench database (default $BENCH_MP_DATABASE_URL or
                         postgres://postgres@127.0.0.1:5432/outfall_bench_mp); its name must contain "bench";
                         it is DROPPED and recreated
  --redis-url <url>      Redis (default $REDIS_URL or redis://127.0.0.1:6379; keys under a fresh prefix)
  --pool <size>          DATABASE_POOL_SIZE per API process (default 5)
  --keep                 keep the database afterwards
  --help`;

function parseArgs(argv) {
  const opts = {
    processes: [1, 2, 4],
    clients: 16,
    durationS: 15,
    databaseUrl: process.env.BENCH_MP_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/outfall_bench_mp',
    redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    pool: 5,
    keep: false,
  };
  parseOptions(argv, HELP, (key, take) => {
    if (key === '--processes') opts.processes = take().split(',').map(Number);
    else if (key === '--clients') opts.clients = Number(take());
    else if (key === '--duration') opts.durationS = Number(take());
    else if (key === '--database-url') opts.databaseUrl = take();
    else if (key === '--redis-url') opts.redisUrl = take();
    else if (key === '--pool') opts.pool = Number(take());
    else if (key === '--keep') opts.keep = true;
    else return false;
  });
  if (!opts.processes.every((n) => Number.isInteger(n) && n >= 1)) throw new Error('--processes: e.g. 1,2,4');
  return opts;
}

// ---------------------------------------------------------------- processes

function start(entry, env, args, logFile) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [path.join(DIST, `${entry}.js`), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH || '', HOME: process.env.HOME || '', ...env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return child;
}

async function healthy(url, child, logFile, timeoutS = 180) {
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${url}: the process exited:\n${tail(logFile)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not healthy within ${timeoutS} s:\n${tail(logFile)}`);
    await sleep(250);
  }
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await child.exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------- load

async function call(base, token, method, url, body) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, text };
}

/** C clients in a closed loop for `durationMs`; every request's latency, by kind. */
async function drive(base, token, outfallIds, clients, durationMs) {
  const times = { read: [], write: [] };
  const counts = { requests: 0, reads: 0, writes: 0, conflicts: 0, errors: 0 };
  const errors = [];
  const end = performance.now() + durationMs;
  const client = async (c) => {
    let k = c;
    const mine = outfallIds.filter((_, i) => i % clients === c);
    while (performance.now() < end) {
      k++;
      const roll = (k * 2654435761) % 100;
      const t0 = performance.now();
      if (roll < 20 && mine.length) {
        // a write: read, then PATCH with the version read
        const id = mine[k % mine.length];
        const read = await call(base, token, 'GET', `/api/v1/outfalls/${id}`);
        const outfall = JSON.parse(read.text);
        const write = await call(base, token, 'PATCH', `/api/v1/outfalls/${id}`, {
          name: `${String(outfall.name).replace(/·\d+$/, '')}·${k}`,
          version: outfall.version,
        });
        counts.requests += 2;
        if (write.status === 200) {
          counts.writes++;
          times.write.push(performance.now() - t0);
        } else if (write.status === 409) counts.conflicts++;
        else {
          counts.errors++;
          if (errors.length < 5) errors.push(`PATCH ${write.status} ${write.text.slice(0, 200)}`);
        }
      } else {
        const url =
          roll < 60
            ? `/api/v1/outfalls?limit=20&offset=${(k % 10) * 20}`
            : `/api/v1/outfalls/${outfallIds[k % outfallIds.length]}`;
        const read = await call(base, token, 'GET', url);
        counts.requests++;
        if (read.status === 200) {
          counts.reads++;
          times.read.push(performance.now() - t0);
        } else {
          counts.errors++;
          if (errors.length < 5) errors.push(`GET ${url} ${read.status} ${read.text.slice(0, 200)}`);
        }
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  const wallMs = ms(started);
  return {
    wallMs: round(wallMs),
    ...counts,
    requestsPerSecond: round(counts.requests / (wallMs / 1000)),
    operationsPerSecond: round((counts.reads + counts.writes) / (wallMs / 1000)),
    read: summary(times.read),
    write: summary(times.write),
    errorSamples: errors,
  };
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const db = databaseOf(opts.databaseUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outfall-bench-mp-'));
  const prefix = `outfall-bench-mp-${process.pid}`;
  const env = (extra) => ({
    NODE_ENV: 'development',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: String(opts.pool),
    REDIS_URL: opts.redisUrl,
    QUEUE_PREFIX: prefix,
    QUEUE_WORKERS: 'false',
    DEMO_DATA: 'true',
    DB_MIGRATIONS_RUN: 'false',
    PASSWORD_HASH_COST: '1024',
    LOG_LEVEL: 'warn',
    DATA_DIR: path.join(dir, 'data'),
    SPA_DIR: path.join(dir, 'no-spa'),
    ...extra,
  });
  const children = [];
  const report = { benchmark: 'multiprocess', startedAt: new Date().toISOString(), options: opts, runs: [] };
  try {
    if (!fs.existsSync(path.join(DIST, 'main.js')))
      throw new Error('dist/apps/api is missing: build the API');
    log(`database ${db.name} (dropped and recreated); migrations + demo seed…`);
    await recreateDatabase(db);
    const seed = start('cli', env({ DB_MIGRATIONS_RUN: 'true' }), ['seed'], path.join(dir, 'seed.log'));
    if ((await seed.exited) !== 0) throw new Error(`cli seed failed:\n${tail(path.join(dir, 'seed.log'))}`);

    for (const n of opts.processes) {
      const ports = [];
      const apis = [];
      for (let i = 0; i < n; i++) {
        const port = await freePort();
        const logFile = path.join(dir, `api-${n}-${i}.log`);
        const child = start('main', env({ PORT: String(port) }), [], logFile);
        children.push(child);
        apis.push({ child, port, logFile });
        ports.push(port);
      }
      for (const api of apis)
        await healthy(`http://127.0.0.1:${api.port}/health/ready`, api.child, api.logFile);
      const proxyPort = await freePort();
      const proxy = spawn(
        process.execPath,
        [__filename, '--proxy', String(proxyPort), ...ports.map(String)],
        {
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        },
      );
      proxy.exited = new Promise((resolve) => proxy.once('exit', resolve));
      children.push(proxy);
      await new Promise((resolve) => proxy.once('message', resolve));
      const base = `http://127.0.0.1:${proxyPort}`;
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'Demo@2023!' }),
      });
      const { accessToken: token } = await login.json();
      if (!token) throw new Error(`login failed: ${login.status}`);
      const list = JSON.parse(
        (await call(base, token, 'GET', '/api/v1/outfalls?limit=100&status=active')).text,
      );
      const outfallIds = list.items.map((o) => o.id);
      log(`${n} API process(es) behind the proxy; warm-up…`);
      await drive(base, token, outfallIds, opts.clients, 3000);
      log(`  ${opts.clients} clients for ${opts.durationS} s…`);
      const run = await drive(base, token, outfallIds, opts.clients, opts.durationS * 1000);
      run.processes = n;
      run.loadAverage = os.loadavg().map((v) => round(v, 2));
      report.runs.push(run);
      log(
        `  ${fmtInt(run.requestsPerSecond)} requests/s (${fmtInt(run.reads)} reads, ${fmtInt(run.writes)} writes, ${run.conflicts} × 409, ${run.errors} errors); read p50 ${fmtMs(run.read.p50Ms)} p95 ${fmtMs(run.read.p95Ms)}`,
      );
      await Promise.all([...apis.map((a) => stop(a.child)), stop(proxy)]);
    }
    const base = report.runs[0];
    const lines = [
      '',
      `Multi-process benchmark: ${opts.clients} clients, ${opts.durationS} s per run, 80 % reads / 20 % writes`,
      `  CPUs ${os.cpus().length}, load average at the end ${os
        .loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')}`,
      '  API processes | requests/s | ratio to first | read p50 / p95 | write p50 / p95 | 409 | errors',
    ];
    for (const run of report.runs) {
      run.ratio = round(run.requestsPerSecond / base.requestsPerSecond, 2);
      lines.push(
        `  ${String(run.processes).padStart(13)} | ${fmtInt(run.requestsPerSecond).padStart(10)} | ${String(run.ratio).padStart(14)} | ${fmtMs(run.read.p50Ms)} / ${fmtMs(run.read.p95Ms)} | ${fmtMs(run.write.p50Ms)} / ${fmtMs(run.write.p95Ms)} | ${run.conflicts} | ${run.errors}`,
      );
    }
    console.log(lines.join('\n'));
    const out = path.join(__dirname, 'results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'multiprocess.json'), `${JSON.stringify(report, null, 2)}\n`);
    log('wrote bench/results/multiprocess.json');
  } finally {
    await Promise.all(children.map(stop));
    if (!opts.keep) await dropDatabase(db).catch((error) => console.error(`bench: drop: ${error.message}`));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--proxy') runProxy();
else
  main().catch((error) => {
    console.error(`bench: ${error && error.stack ? error.stack : error}`);
    process.exitCode = 1;
  });
