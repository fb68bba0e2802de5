'use strict';
/*
 * What the benchmarks share (plain CommonJS): options helpers, formatting, the bench database's lifecycle, the
 * built API as a child process, and the SQL profiler that the child loads with `node -r bench/harness.js`
 * (BENCH_MON_SQL_PROFILER=1): it times every statement the API sends and reports over IPC.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist', 'apps', 'api');

// ---------------------------------------------------------------- the SQL profiler (inside the API child)

/**
 * Loaded with `node -r bench/harness.js dist/apps/api/main.js` and BENCH_MON_SQL_PROFILER=1: wraps
 * pg's Client#query (TypeORM's pool clients) and keeps, per statement text, how often it ran and how long the
 * API waited for it (send → result parsed). The bench asks for the numbers over the IPC channel.
 */
function installSqlProfiler() {
  const pg = require(require.resolve('pg', { paths: [ROOT] }));
  const stats = new Map();
  const original = pg.Client.prototype.query;
  const keep = (params) => {
    if (!params) return null;
    try {
      const json = JSON.stringify(params);
      return json.length <= 8000 ? params : null;
    } catch {
      return null;
    }
  };
  pg.Client.prototype.query = function profiledQuery(config, values, callback) {
    const text =
      typeof config === 'string' ? config : config && typeof config.text === 'string' ? config.text : null;
    if (!text) return original.apply(this, arguments);
    const params = Array.isArray(values)
      ? values
      : config && Array.isArray(config.values)
        ? config.values
        : null;
    const started = performance.now();
    const record = () => {
      const elapsed = performance.now() - started;
      let entry = stats.get(text);
      if (!entry) {
        entry = { count: 0, totalMs: 0, maxMs: 0, params: null };
        stats.set(text, entry);
      }
      entry.count++;
      entry.totalMs += elapsed;
      if (elapsed > entry.maxMs) entry.maxMs = elapsed;
      entry.params = keep(params);
    };
    const args = [...arguments];
    const cbIndex = typeof values === 'function' ? 1 : typeof callback === 'function' ? 2 : -1;
    if (cbIndex >= 0) {
      const cb = args[cbIndex];
      args[cbIndex] = function profiledCallback() {
        record();
        return cb.apply(this, arguments);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof result.then === 'function') result.then(record, record);
    // a COPY … FROM STDIN stream (pg-copy-streams): timed until the server confirmed it
    else if (result && typeof result.on === 'function') {
      result.once('finish', record);
      result.once('error', record);
    }
    return result;
  };
  process.on('message', (message) => {
    if (!message || message.type !== 'bench-sql-profile') return;
    const snapshot = [];
    for (const [sql, entry] of stats) snapshot.push({ sql, ...entry });
    process.send({ type: 'bench-sql-profile', id: message.id, snapshot });
  });
}

if (require.main !== module && process.env.BENCH_MON_SQL_PROFILER === '1' && process.send) {
  installSqlProfiler();
}

/**
 * BENCH_CPU_PROFILE=<file>: the API process (the one started with the SQL profiler) records a V8 CPU profile from start to exit (open it in Chrome
 * DevTools or summarise it with `node bench/cpu-profile-top.js <file>`). For finding the Node side of a
 * request; it slows the process, so never combine it with figures that are reported.
 */
if (require.main !== module && process.env.BENCH_CPU_PROFILE && process.env.BENCH_MON_SQL_PROFILER === '1') {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.start'));
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // the in-process session answers synchronously, so the file is written before the process ends
    session.post('Profiler.stop', (error, result) => {
      if (!error)
        require('node:fs').writeFileSync(process.env.BENCH_CPU_PROFILE, JSON.stringify(result.profile));
    });
  };
  process.once('exit', write);
  process.once('SIGTERM', () => {
    write();
    // then what SIGTERM does without this listener (unless the app listens for it too)
    if (!process.listenerCount('SIGTERM')) process.kill(process.pid, 'SIGTERM');
  });
}

const { Client } = require(require.resolve('pg', { paths: [ROOT] }));

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
const sleep = (delay) => new Promise((resolve) => setTimeout(resolve, delay));
const oneLine = (sql) => sql.replace(/\s+/g, ' ').trim();

function percentile(sorted, p) {
  // nearest-rank
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    count: times.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    meanMs: round(times.reduce((s, t) => s + t, 0) / times.length),
    minMs: round(sorted[0]),
    maxMs: round(sorted[sorted.length - 1]),
  };
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

/** Deterministic PRNG (mulberry32). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
    this.token = null;
    this.pending = new Map();
    this.nextId = 1;
  }

  async start(timeoutS) {
    const main = path.join(DIST, 'main.js');
    if (!fs.existsSync(main))
      fail(
        `${path.relative(ROOT, main)} is missing: run "npx nx build api" (the npm run bench:* scripts do)`,
      );
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
      BENCH_MON_SQL_PROFILER: '1',
    });
    const out = fs.openSync(this.logFile, 'a');
    const started = performance.now();
    this.child = spawn(process.execPath, ['-r', __filename, main], {
      cwd: ROOT,
      env,
      stdio: ['ignore', out, out, 'ipc'],
    });
    fs.closeSync(out);
    this.child.on('message', (message) => {
      const waiting = message && this.pending.get(message.id);
      if (waiting) {
        this.pending.delete(message.id);
        waiting(message.snapshot);
      }
    });
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

  /** The SQL profiler's counters (cumulative since boot), keyed by statement text. */
  profile() {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error('the SQL profiler did not answer'));
      }, 10_000);
      this.pending.set(id, (snapshot) => {
        clearTimeout(timer);
        resolve(new Map(snapshot.map((entry) => [entry.sql, entry])));
      });
      this.child.send({ type: 'bench-sql-profile', id });
    });
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

  async login() {
    const res = await this.request('POST', '/api/v1/auth/login', {
      body: { username: 'eco_officer', password: 'Demo@2023!' },
      auth: false,
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    this.token = JSON.parse(res.text).accessToken;
  }

  /** One request; `body` may be a ready JSON string. Logs in again once on 401 (the token lives an hour). */
  async request(method, url, { body, auth = true } = {}) {
    for (let attempt = 0; ; attempt++) {
      const headers = { accept: 'application/json' };
      if (auth && this.token) headers.authorization = `Bearer ${this.token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${this.base}${url}`, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status === 401 && auth && attempt === 0) {
        await this.login();
        continue;
      }
      return { status: res.status, text };
    }
  }
}

/** Per-statement counters between two profiler snapshots, slowest (total) first. */
function profileDiff(before, after) {
  const rows = [];
  for (const [sql, entry] of after) {
    const prev = before.get(sql) || { count: 0, totalMs: 0 };
    const count = entry.count - prev.count;
    if (count <= 0) continue;
    rows.push({
      sql,
      count,
      totalMs: entry.totalMs - prev.totalMs,
      maxMs: entry.maxMs,
      params: entry.params,
    });
  }
  return rows.sort((a, b) => b.totalMs - a.totalMs);
}

module.exports = {
  ROOT,
  DIST,
  Api,
  databaseOf,
  dropDatabase,
  fail,
  fmtInt,
  fmtMs,
  freePort,
  ident,
  log,
  ms,
  oneLine,
  percentile,
  prng,
  profileDiff,
  recreateDatabase,
  round,
  sleep,
  summary,
  withAdmin,
};
