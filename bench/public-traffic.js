#!/usr/bin/env node
'use strict';
/*
 * Public-traffic benchmark (plain CommonJS, runs on the built API in dist/apps/api on real PostgreSQL).
 *
 *   npm run bench -- public                         # builds the API, then runs this file
 *   node bench/public-traffic.js --public-rps 400 --seconds 20 --keep
 *
 * Steps: recreate the bench database → boot the built API (migrations + demo seed, which publishes revision 1)
 * → phase "idle": 4 signed-in console clients loop on the console's outfall list (GET /api/v1/outfalls, 20 a
 * page, pages 1–10) for --seconds → phase "burst": the same console clients while a worker thread sends public
 * traffic open-loop at --public-rps (list pages, outfall pages by code, the map, from --addresses simulated
 * client addresses via X-Forwarded-For, which the API trusts from loopback) → report the console's p50/p99 in
 * both phases, the ratio burst/idle (goal ≤ --ratio), the public req/s served and the status counts → phase
 * "floor": the same console clients beside the same public load sent to a bare Node http server (its own
 * process, the same bytes), the least any public side can cost this machine → report burst/floor → write
 * bench/results/public-traffic.json → stop the API and drop the database (unless --keep).
 *
 * The database URL: --database-url, else $BENCH_DATABASE_URL, else $DATABASE_URL with its database name
 * replaced by outfall_bench_public; its name must contain "bench" (it is dropped and recreated).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

// ---------------------------------------------------------------- the public load (worker thread)

function runWorker() {
  const { base, rps, seconds, addresses, codes } = workerData;
  const counts = {};
  const times = [];
  let sent = 0;
  let inFlight = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  const pick = (list) => list[Math.floor(Math.random() * list.length)];
  const paths = () => {
    const r = Math.random();
    if (r < 0.45) return `/api/v1/public/outfalls/${encodeURIComponent(pick(codes))}`;
    if (r < 0.85) return `/api/v1/public/outfalls?limit=20&offset=${20 * Math.floor(Math.random() * 5)}`;
    if (r < 0.95) return '/api/v1/public/outfalls/map';
    return '/api/v1/public/approvals';
  };
  const one = async () => {
    sent++;
    inFlight++;
    const t0 = performance.now();
    try {
      const res = await fetch(`${base}${paths()}`, {
        headers: { 'x-forwarded-for': `10.${(sent % addresses) >> 8}.${sent % 256}.7` },
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      counts[res.status] = (counts[res.status] || 0) + 1;
      if (res.status === 200) times.push(performance.now() - t0);
    } catch {
      counts.error = (counts.error || 0) + 1;
    } finally {
      inFlight--;
    }
  };
  const interval = 1000 / rps;
  let next = started;
  const tick = () => {
    const now = performance.now();
    if (now >= end) {
      const finish = () =>
        inFlight > 0
          ? setTimeout(finish, 20)
          : parentPort.postMessage({ counts, times, sent, elapsedMs: performance.now() - started });
      finish();
      return;
    }
    // open loop: as many requests as the schedule says are due, whatever the answers are doing
    while (next <= now) {
      void one();
      next += interval;
    }
    setTimeout(tick, 2);
  };
  tick();
}

// ---------------------------------------------------------------- the bench (main thread)

const ROOT = path.resolve(__dirname, '..');
const { Api, databaseOf, dropDatabase, fail, log, recreateDatabase, round } = require('./harness');

const HELP = `usage: node bench/public-traffic.js [options]   (or: npm run bench -- public [options])
  --database-url <url>     bench database (default $BENCH_DATABASE_URL, else $DATABASE_URL renamed to
                           outfall_bench_public); its name must contain "bench"; it is DROPPED and recreated
  --seconds <n>            length of each phase (default 20)
  --console-clients <n>    signed-in console clients (default 4)
  --public-rps <n>         public requests per second, open loop (default 400)
  --addresses <n>          simulated public client addresses (default 2000)
  --ratio <x>              goal: burst p99 / idle p99 (default 1.5)
  --boot-timeout <s>       wait for GET /health (default 300)
  --keep                   keep the database afterwards
  --help`;

function parseArgs(argv) {
  const fallback = () => {
    if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
    const base = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/outfall';
    const u = new URL(base);
    u.pathname = '/outfall_bench_public';
    return u.toString();
  };
  const opts = {
    databaseUrl: fallback(),
    seconds: 20,
    consoleClients: 4,
    publicRps: 400,
    addresses: 2000,
    ratio: 1.5,
    bootTimeout: 300,
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${argv[i - 1]} needs a value`);
      return v;
    };
    const num = () => {
      const n = Number(value());
      if (!Number.isFinite(n) || n <= 0) fail(`${argv[i - 1]} needs a positive number`);
      return n;
    };
    switch (argv[i]) {
      case '--database-url':
        opts.databaseUrl = value();
        break;
      case '--seconds':
        opts.seconds = num();
        break;
      case '--console-clients':
        opts.consoleClients = num();
        break;
      case '--public-rps':
        opts.publicRps = num();
        break;
      case '--addresses':
        opts.addresses = num();
        break;
      case '--ratio':
        opts.ratio = num();
        break;
      case '--boot-timeout':
        opts.bootTimeout = num();
        break;
      case '--keep':
        opts.keep = true;
        break;
      case '--help':
        console.log(HELP);
        process.exit(0);
        break;
      default:
        fail(`unknown option ${argv[i]}\n${HELP}`);
    }
  }
  return opts;
}

function pct(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: round(pct(sorted, 50)),
    p99Ms: round(pct(sorted, 99)),
    maxMs: round(sorted.at(-1)),
  };
}

/** `clients` signed-in loops over the console's outfall list for `seconds`; the latencies of the 200s. */
async function consoleLoad(api, clients, seconds) {
  const times = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      let page = c;
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await api.request('GET', `/api/v1/outfalls?limit=20&offset=${20 * (page++ % 10)}`);
        if (res.status === 200) times.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  return { ...stats(times), errors, rps: round(times.length / seconds) };
}

function publicLoad(api, opts, codes) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, {
      workerData: {
        base: api.base,
        rps: opts.publicRps,
        seconds: opts.seconds,
        addresses: opts.addresses,
        codes,
      },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/**
 * The floor of public traffic: a bare Node http server in its own process that answers every request with the
 * bytes of a cached public page, so the same load generator costs this machine the least it can. The console's
 * p99 beside it is what any public side would cost on these 2 cores (the generator shares them).
 */
function startFloor(body) {
  const { spawn } = require('node:child_process');
  const script = `
    const http = require('node:http');
    const body = Buffer.from(process.env.FLOOR_BODY, 'base64');
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => process.send(server.address().port));`;
  const child = spawn(process.execPath, ['-e', script], {
    env: { ...process.env, FLOOR_BODY: Buffer.from(body).toString('base64') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (port) => resolve({ base: `http://127.0.0.1:${port}`, stop: () => child.kill() }));
    child.once('error', reject);
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const db = databaseOf(opts.databaseUrl);
  log(`database ${db.name} (recreated)`);
  await recreateDatabase(db);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outfall-bench-public-'));
  const api = new Api(db, dataDir);
  let report;
  try {
    const bootMs = await api.start(opts.bootTimeout);
    log(`API up in ${(bootMs / 1000).toFixed(1)} s (demo seed)`);
    await api.login();
    const first = JSON.parse(
      (await api.request('GET', '/api/v1/public/outfalls?limit=100', { auth: false })).text,
    );
    const codes = first.items.map((o) => o.code);
    if (!codes.length) throw new Error('no published outfall: the demo seed should publish revision 1');
    log(`${first.total} published outfalls; warm-up`);
    await consoleLoad(api, opts.consoleClients, 3);

    log(`phase idle: ${opts.consoleClients} console clients, ${opts.seconds} s`);
    const idle = await consoleLoad(api, opts.consoleClients, opts.seconds);
    log(
      `phase burst: the same, with public traffic at ${opts.publicRps} req/s from ${opts.addresses} addresses`,
    );
    const [burst, pub] = await Promise.all([
      consoleLoad(api, opts.consoleClients, opts.seconds),
      publicLoad(api, opts, codes),
    ]);
    log(`phase floor: the same console clients, the same public load on a bare http server (the floor)`);
    const floorServer = await startFloor(
      (await api.request('GET', '/api/v1/public/outfalls?limit=20&offset=0', { auth: false })).text,
    );
    let floor;
    try {
      [floor] = await Promise.all([
        consoleLoad(api, opts.consoleClients, opts.seconds),
        publicLoad({ base: floorServer.base }, opts, codes),
      ]);
    } finally {
      floorServer.stop();
    }
    const served = pub.counts[200] || 0;
    const ratio = round(burst.p99Ms / idle.p99Ms, 2);
    const floorRatio = round(floor.p99Ms / idle.p99Ms, 2);
    report = {
      at: new Date().toISOString(),
      host: { cpus: os.cpus().length, node: process.version },
      options: { ...opts, databaseUrl: undefined },
      publishedOutfalls: first.total,
      console: { idle, burst, floor },
      ratioP99: ratio,
      floorRatioP99: floorRatio,
      burstOverFloorP99: round(burst.p99Ms / floor.p99Ms, 2),
      goalRatio: opts.ratio,
      met: ratio <= opts.ratio,
      public: {
        sent: pub.sent,
        statuses: pub.counts,
        servedPerSecond: round(served / (pub.elapsedMs / 1000)),
        latency: stats(pub.times),
      },
    };
    console.log('');
    console.log(`console list p99  idle ${idle.p99Ms} ms (p50 ${idle.p50Ms}, ${idle.rps} req/s)`);
    console.log(`console list p99  burst ${burst.p99Ms} ms (p50 ${burst.p50Ms}, ${burst.rps} req/s)`);
    console.log(
      `console list p99  floor ${floor.p99Ms} ms (p50 ${floor.p50Ms}, ${floor.rps} req/s): public load on a bare server`,
    );
    console.log(`ratio burst/idle  ${ratio} (goal ≤ ${opts.ratio}) ${report.met ? 'MET' : 'NOT MET'}`);
    console.log(`ratio floor/idle  ${floorRatio}; burst/floor ${report.burstOverFloorP99}`);
    console.log(
      `public            ${report.public.servedPerSecond} req/s served (200), statuses ${JSON.stringify(pub.counts)}, p50 ${report.public.latency.p50Ms} ms, p99 ${report.public.latency.p99Ms} ms`,
    );
    const dir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'public-traffic.json'), JSON.stringify(report, null, 2));
  } finally {
    await api.stop();
    if (!opts.keep) await dropDatabase(db);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (report && !report.met) process.exitCode = 1;
}

if (isMainThread)
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
else runWorker();
