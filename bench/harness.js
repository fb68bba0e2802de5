'use strict';
/*
 * What the benchmarks share (plain CommonJS): options helpers, formatting, the bench database's lifecycle, the
 * built API as a child process, and the SQL profiler that the child loads with `node -r bench/harness.js`
 * (BENCH_MON_SQL_PROFILER=1): it times every statement the API sends and reports over IPC.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
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
    // a batch's arrays (thousands of ids) are never kept: not stringified on every statement either
    if (params.some((p) => Array.isArray(p) && p.length > 200)) return null;
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
  // the process's CPU and garbage-collection time, read with each snapshot
  let gcMs = 0;
  const { PerformanceObserver } = require('node:perf_hooks');
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  }).observe({ entryTypes: ['gc'] });
  process.on('message', (message) => {
    if (!message || message.type !== 'bench-sql-profile') return;
    const snapshot = [];
    for (const [sql, entry] of stats) snapshot.push({ sql, ...entry });
    const cpu = process.cpuUsage();
    const usage = { cpuMs: (cpu.user + cpu.system) / 1000, gcMs };
    process.send({ type: 'bench-sql-profile', id: message.id, snapshot, usage });
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

// ---------------------------------------------------------------- options

/** A whole number ≥ 0 from option `--name`'s text (1_000_000 accepted), or fail. */
function wholeNumber(name, value) {
  const n = Number(String(value).replace(/_/g, ''));
  if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n))
    fail(`--${name} must be a whole number, got "${value}"`);
  return n;
}

/**
 * Walks `--key value` / `--key=value` options: `on(key, take)` handles one, `take()` giving its value, and
 * returns false for a key it does not know (then: fail with `help`). --help and -h print `help` and exit.
 */
function parseOptions(argv, help, on) {
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].split(/=(.*)/s, 2);
    const take = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) fail(`${key} needs a value`);
      return argv[++i];
    };
    if (key === '--help' || key === '-h') {
      console.log(help);
      process.exit(0);
    }
    if (on(key, take) === false) fail(`unknown option ${argv[i]}\n${help}`);
  }
}

/** The value after `--name` on the command line (the import benchmarks' simple options), or `fallback`. */
function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
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
  /** `profiler: false` starts the API without the SQL profiler (the directory benchmark's figures are without it). */
  constructor(db, dataDir, { profiler = true } = {}) {
    this.db = db;
    this.dataDir = dataDir;
    this.profiler = profiler;
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
    if (this.profiler) env.BENCH_MON_SQL_PROFILER = '1';
    const out = fs.openSync(this.logFile, 'a');
    const started = performance.now();
    this.child = this.profiler
      ? spawn(process.execPath, ['-r', __filename, main], {
          cwd: ROOT,
          env,
          stdio: ['ignore', out, out, 'ipc'],
        })
      : spawn(process.execPath, [main], { cwd: ROOT, env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.child.on('message', (message) => {
      const waiting = message && this.pending.get(message.id);
      if (waiting) {
        this.pending.delete(message.id);
        waiting(message.snapshot, message.usage);
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

  /**
   * The SQL profiler's counters (cumulative since boot), keyed by statement text; the map's `usage` holds the
   * API process's CPU and GC milliseconds since boot (`usageDiff`).
   */
  profile() {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error('the SQL profiler did not answer'));
      }, 10_000);
      this.pending.set(id, (snapshot, usage) => {
        clearTimeout(timer);
        const map = new Map(snapshot.map((entry) => [entry.sql, entry]));
        map.usage = usage ?? null;
        resolve(map);
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

  /** Logs in as `username` (default eco_officer, the token `request` then sends) and returns the token. */
  async login(username = 'eco_officer') {
    const res = await this.request('POST', '/api/v1/auth/login', {
      body: { username, password: 'Demo@2023!' },
      auth: false,
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    const token = JSON.parse(res.text).accessToken;
    if (username === 'eco_officer') this.token = token;
    return token;
  }

  /**
   * One request; `body` may be a ready JSON string. Logs in again once on 401 (the token lives an hour).
   * `token`: send that one instead (no retry).
   */
  async request(method, url, { body, auth = true, token } = {}) {
    if (token) return this.send(method, url, body, token);
    for (let attempt = 0; ; attempt++) {
      const res = await this.send(method, url, body, auth ? this.token : null);
      if (res.status === 401 && auth && attempt === 0) {
        await this.login();
        continue;
      }
      return res;
    }
  }

  async send(method, url, body, token) {
    const headers = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const payload =
      body === undefined || typeof body === 'string' || body instanceof Uint8Array
        ? body
        : JSON.stringify(body);
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(`${this.base}${url}`, { method, headers, body: payload });
        return { status: res.status, text: await res.text() };
      } catch (error) {
        // a kept-alive socket the server closed as the request went out (idle past its keep-alive timeout,
        // e.g. while a bench built its bodies): sent once more on a new one; the bench's writes are idempotent
        const code = error && error.cause && error.cause.code;
        if (attempt > 0 || !['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(code)) throw error;
      }
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

/** The API process's CPU and GC time between two profiler snapshots, per request (null without them). */
function usageDiff(before, after, requests) {
  if (!before.usage || !after.usage || !requests) return null;
  return {
    cpuMsPerRequest: round((after.usage.cpuMs - before.usage.cpuMs) / requests, 1),
    gcMsPerRequest: round((after.usage.gcMs - before.usage.gcMs) / requests, 1),
  };
}

/**
 * The machine and server a run measured on, for the report. `settings`: the PostgreSQL settings to record;
 * `host` / `postgis`: whether the report has those fields (older reports' shapes stay as they were).
 */
async function machineInfo(client, settings, { host = true, postgis = true } = {}) {
  const cpus = os.cpus();
  const [versions] = (
    await client.query(
      postgis
        ? `SELECT version() AS version, postgis_lib_version() AS postgis`
        : `SELECT version() AS version`,
    )
  ).rows;
  const values = (
    await client.query(
      `SELECT name, current_setting(name) AS value FROM pg_settings WHERE name = ANY($1) ORDER BY name`,
      [settings],
    )
  ).rows.reduce((acc, row) => ({ ...acc, [row.name]: row.value }), {});
  return {
    ...(host ? { host: os.hostname() } : {}),
    cpu: cpus[0] ? cpus[0].model.trim() : 'unknown',
    cores: cpus.length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: versions.version.split(',')[0],
    ...(postgis ? { postgis: versions.postgis } : {}),
    postgresSettings: values,
    loadAverageAtStart: os.loadavg().map((v) => round(v, 2)),
  };
}

// ---------------------------------------------------------------- one benchmark run around the API

/** The report's opening fields: the benchmark, its size, when, and the options (the URL without a password). */
function reportHead(benchmark, sizeKey, opts) {
  return {
    benchmark,
    [sizeKey]: opts[sizeKey],
    startedAt: new Date().toISOString(),
    options: { ...opts, databaseUrl: opts.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') },
  };
}

/**
 * What a benchmark's main() sets up around its measurements: a temporary DATA_DIR, the API child on `db`
 * (`boot`), one bench client (`connect`), and `cleanup` (client, API, the database unless `keep`, DATA_DIR) that runs once,
 * also on SIGINT/SIGTERM.
 */
function session(db, { keep, tmpPrefix, api: apiOptions }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
  const api = new Api(db, dataDir, apiOptions);
  const run = { db, dataDir, api, client: null };
  let cleaned = false;
  run.cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    if (run.client) await run.client.end().catch(() => undefined);
    await api.stop().catch((error) => console.error(`bench: stopping the API: ${error.message}`));
    if (!keep) {
      await dropDatabase(db).catch((error) => console.error(`bench: dropping ${db.name}: ${error.message}`));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      console.error(`bench: ${signal}, cleaning up`);
      void run.cleanup().finally(() => process.exit(130));
    });
  }
  /** Recreates the database and boots the API on it (first boot: migrations + demo seed); the boot time in ms. */
  run.boot = async (bootTimeoutS) => {
    await recreateDatabase(db);
    const profiled = api.profiler ? ', SQL profiler preloaded' : '';
    log(`starting the built API (first boot: migrations + demo seed)${profiled}…`);
    const bootMs = round(await api.start(bootTimeoutS));
    log(`API healthy on ${api.base} after ${fmtMs(bootMs)}`);
    return bootMs;
  };
  run.connect = async (applicationName) => {
    run.client = new Client({ connectionString: db.url, application_name: applicationName });
    await run.client.connect();
    return run.client;
  };
  return run;
}

/**
 * The reads, sync and dashboard benchmarks' start: their database is kept between runs (recreated unless
 * `reuse`), the API booted (300 s at most), one client; `cleanup` as in `session` (the database kept).
 */
async function startReusable(db, { reuse, tmpPrefix }) {
  const run = session(db, { keep: true, tmpPrefix });
  if (!reuse) {
    log(`recreating ${db.name}`);
    await recreateDatabase(db);
  }
  log('starting the API');
  run.bootMs = round(await run.api.start(300));
  await run.connect();
  return run;
}

/** Writes bench/results/<name>.json and returns its path. */
function writeResult(name, report) {
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** Variables of this process's environment that reach the API it spawns (Node's and the allocator's tuning; PGOPTIONS, e.g. `-c log_min_duration_statement=100` to find a slow statement in the server's log). */
const PASSED_ENV = ['NODE_OPTIONS', 'MALLOC_ARENA_MAX', 'UV_THREADPOOL_SIZE', 'PGOPTIONS'];

/**
 * The built API as the import benchmarks start it: a bare environment (PATH, HOME, PASSED_ENV and `env`), no progress
 * scheduler, no SQL profiler, its log in DATA_DIR/api.log. `healthy(bootS)` waits for GET /health and returns the
 * boot time; `stop()` ends it.
 */
async function spawnBareApi({ dataDir, env: extra = {} }) {
  const main = path.join(DIST, 'main.js');
  if (!fs.existsSync(main)) fail(`${path.relative(ROOT, main)} is missing: run "npx nx build api"`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'development',
    PORT: String(port),
    DATA_DIR: dataDir,
    DEMO_DATA: 'true',
    LOG_LEVEL: 'warn',
    PASSWORD_HASH_COST: '1024',
    PROGRESS_SCHEDULER: 'false',
    // the process-level tuning a bench run may be given (the rest of the environment stays out: a stray
    // DATABASE_URL or REDIS_URL would point the API elsewhere)
    ...Object.fromEntries(
      PASSED_ENV.filter((name) => process.env[name]).map((name) => [name, process.env[name]]),
    ),
    ...extra,
  };
  const logFile = path.join(dataDir, 'api.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [main], { cwd: ROOT, env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const tail = () => fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
  const healthy = async (bootS) => {
    const started = performance.now();
    for (let deadline = Date.now() + bootS * 1000; ;) {
      if (child.exitCode !== null) throw new Error(`the API exited during boot:\n${tail()}`);
      const res = await fetch(`${base}/health`).catch(() => null);
      if (res && res.status === 200) return ms(started);
      if (Date.now() > deadline) throw new Error(`no /health 200 within ${bootS} s:\n${tail()}`);
      await sleep(500);
    }
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
  };
  return { child, base, logFile, tail, healthy, stop };
}

/** Logs in over HTTP; returns the Authorization header value. */
async function bearer(base, username) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Demo@2023!' }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return `Bearer ${(await res.json()).accessToken}`;
}

module.exports = {
  ROOT,
  DIST,
  Api,
  bearer,
  databaseOf,
  dropDatabase,
  fail,
  fmtInt,
  fmtMs,
  freePort,
  ident,
  log,
  machineInfo,
  ms,
  oneLine,
  option,
  parseOptions,
  percentile,
  prng,
  profileDiff,
  usageDiff,
  recreateDatabase,
  reportHead,
  round,
  session,
  sleep,
  spawnBareApi,
  startReusable,
  summary,
  wholeNumber,
  withAdmin,
  writeResult,
};
