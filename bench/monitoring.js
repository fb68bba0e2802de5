#!/usr/bin/env node
'use strict';
/*
 * Monitoring benchmark (plain CommonJS, runs on the built API in dist/apps/api).
 *
 *   npm run bench -- monitoring --values 1000000     # builds the API, then runs this file
 *   node bench/monitoring.js --values 200000 --keep   # on an existing build; keep the database afterwards
 *
 * Steps: recreate the bench database → boot the built API (migrations + demo seed) with an SQL profiler
 * preloaded (bench/harness.js, loaded with `node -r`, times every statement the API sends and reports over IPC) →
 * generate V indicator values deterministically for the demo outfalls (source "online", hourly in 2024–2025,
 * 7 indicators per sample, ~10 % of samples exceeding) → POST them to /api/v1/samples/batch in requests of
 * 10 000 rows, one at a time → send the first batch again (idempotent path) → VACUUM ANALYZE → time the
 * exceedance lists over HTTP and EXPLAIN ANALYZE the slowest one's SQL → \copy the same rows with psql into
 * staging tables of the same shape → (optional) --in-flight concurrent batch requests on extra values → print a report,
 * write bench/results/monitoring-<V>.json → stop the API, drop the database (unless --keep).
 * See bench/MONITORING.md.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const {
  Api,
  DIST,
  ROOT,
  databaseOf,
  fail,
  fmtInt,
  fmtMs,
  log,
  machineInfo: machineFacts,
  ms,
  oneLine,
  parseOptions,
  prng,
  profileDiff,
  usageDiff,
  reportHead,
  round,
  session,
  summary,
  writeResult,
  wholeNumber,
} = require('./harness');

const HELP = `usage: node bench/monitoring.js [options]   (or: npm run bench -- monitoring [options])
  --values <count>           indicator values to ingest (default 1000000; 1e6 and 1_000_000 accepted)
  --database-url <url>       bench database (default $BENCH_MON_DATABASE_URL or
                             postgres://postgres@127.0.0.1:5432/outfall_bench_mon); its name must contain
                             "bench"; it is DROPPED and recreated
  --batch <rows>             rows per batch request (default and maximum 10000)
  --concurrent-values <n>    extra values sent with several requests in flight after the main run (default 200000;
                             0 skips the phase)
  --in-flight <n>            requests in flight in that phase (default 2)
  --api-processes <n>        API processes that phase sends to, round-robin per worker (default 1; the others
                             boot on the same database after the main run)
  --exceed-rate <fraction>   share of samples with one exceeding value (default 0.1)
  --samples <count>          timed requests per exceedance query (default 30, at least 30)
  --warmup <count>           untimed requests before each query (default 3)
  --boot-timeout <seconds>   wait for GET /health (default 180)
  --keep                     keep the database afterwards (default: drop it)
  --help`;

// ---------------------------------------------------------------- options

function parseArgs(argv) {
  const opts = {
    values: 1_000_000,
    databaseUrl: process.env.BENCH_MON_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/outfall_bench_mon',
    batch: 10_000,
    concurrentValues: 200_000,
    inFlight: 2,
    apiProcesses: 1,
    exceedRate: 0.1,
    samples: 30,
    warmup: 3,
    bootTimeoutS: 180,
    keep: false,
  };
  parseOptions(argv, HELP, (key, take) => {
    switch (key) {
      case '--values':
        opts.values = wholeNumber('values', take());
        break;
      case '--database-url':
        opts.databaseUrl = take();
        break;
      case '--batch':
        opts.batch = Math.min(10_000, Math.max(1, wholeNumber('batch', take())));
        break;
      case '--concurrent-values':
        opts.concurrentValues = wholeNumber('concurrent-values', take());
        break;
      case '--api-processes':
        opts.apiProcesses = Math.max(1, wholeNumber('api-processes', take()));
        break;
      case '--in-flight':
        opts.inFlight = Math.max(1, wholeNumber('in-flight', take()));
        break;
      case '--exceed-rate': {
        const rate = Number(take());
        if (!(rate >= 0 && rate <= 1)) fail('--exceed-rate must be between 0 and 1');
        opts.exceedRate = rate;
        break;
      }
      case '--samples':
        opts.samples = Math.max(30, wholeNumber('samples', take()));
        break;
      case '--warmup':
        opts.warmup = wholeNumber('warmup', take());
        break;
      case '--boot-timeout':
        opts.bootTimeoutS = wholeNumber('boot-timeout', take());
        break;
      case '--keep':
        opts.keep = true;
        break;
      default:
        return false;
    }
  });
  if (opts.values < 7) fail('--values must be at least 7');
  return opts;
}

function profileReport(rows, requests, top = 12) {
  const total = rows.reduce((s, r) => s + r.totalMs, 0);
  return {
    statementsMs: round(total),
    statements: rows.slice(0, top).map((r) => ({
      sql: oneLine(r.sql).slice(0, 240),
      count: r.count,
      totalMs: round(r.totalMs),
      perRequestMs: round(r.totalMs / requests, 2),
      meanMs: round(r.totalMs / r.count, 2),
      shareOfSqlTime: round((100 * r.totalMs) / total, 1),
    })),
  };
}

// ---------------------------------------------------------------- synthetic values

const INDICATORS = ['flow', 'temperature', 'ph', 'cod', 'nh3n', 'tp', 'tn'];
const DECIMALS = { flow: 1, temperature: 1, ph: 2, cod: 2, nh3n: 3, tp: 3, tn: 2 };
/** Typical online readings per category, [low, high]: flow m³/d, concentrations mg/L (the demo seeder's). */
const TYPICAL = {
  industrial: { flow: [50, 5000], cod: [25, 115], nh3n: [1, 18], tp: [0.1, 0.6], tn: [5, 30] },
  urban_wwtp: { flow: [5000, 80000], cod: [20, 62], nh3n: [0.5, 9], tp: [0.1, 0.9], tn: [6, 18] },
  agricultural: { flow: [5, 800], cod: [6, 26], nh3n: [0.1, 1.3], tp: [0.02, 0.26], tn: [0.5, 3] },
  other: { flow: [5, 1500], cod: [8, 30], nh3n: [0.2, 1.6], tp: [0.03, 0.3], tn: [1, 6] },
};
const HOURS = 2 * 365 * 24 + 24; // 2024 (leap) and 2025: 17 544 hours
const BASE_MS = Date.UTC(2024, 0, 1);
const SEED = 20240601;

const roundTo = (value, decimals) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** The app's compiled standard resolver and assessment, so "exceeding" means what the app will decide. */
function appStandards() {
  const lib = path.join(DIST, 'libs', 'monitoring', 'src', 'lib', 'standards');
  return {
    resolveStandard: require(path.join(lib, 'standard-resolver.js')).resolveStandard,
    assessSample: require(path.join(lib, 'assessment.js')).assessSample,
    factsFor: require(path.join(lib, 'standards.service.js')).StandardsService.prototype.factsFor,
  };
}

/**
 * The demo outfalls (status active), each with the standard the app resolves for it. Sample k belongs to
 * outfall k mod N and to time slot floor(k / N); slots are spread evenly over the 17 544 hours of 2024–2025
 * with a per-outfall offset, so (outfall, time) never repeats. `minute` shifts every time (0 for the main run,
 * 30 for the concurrency phase, so the two sets never collide).
 */
async function layoutFor(client, values, minute, exceedRate, salt) {
  const standards = appStandards();
  const outfalls = (
    await client.query(
      `SELECT id, category FROM outfall WHERE demo AND status = 'active' ORDER BY local_code, id`,
    )
  ).rows;
  if (!outfalls.length) throw new Error('the demo seed left no active outfalls');
  const em = { query: (sql, params) => client.query(sql, params).then((r) => r.rows) };
  const facts = await standards.factsFor.call(
    null,
    em,
    outfalls.map((o) => o.id),
  );
  for (const outfall of outfalls) {
    const f = facts.get(outfall.id);
    const resolved = standards.resolveStandard({
      category: f.category,
      plantGrade: f.plantGrade ?? undefined,
      plantBuiltOn: f.plantBuiltOn ?? undefined,
      targetClass: f.targetClass ?? undefined,
      override:
        f.overrideStandardId && f.overrideReason
          ? { standardId: f.overrideStandardId, reason: f.overrideReason }
          : undefined,
    });
    outfall.standard = resolved.standard;
    outfall.context = {
      isLakeOrReservoir: f.waterKind === 'lake' || f.waterKind === 'reservoir',
      ...(f.plantBuiltOn ? { plantBuiltBefore2006: f.plantBuiltOn < '2006-01-01' } : {}),
    };
  }
  const samples = Math.ceil(values / INDICATORS.length);
  const slots = Math.ceil(samples / outfalls.length);
  if (slots > HOURS) throw new Error(`too many values for ${outfalls.length} outfalls hourly in 2024–2025`);
  const step = Math.floor(HOURS / slots);
  const standardsUsed = {};
  for (const o of outfalls) standardsUsed[o.standard.id] = (standardsUsed[o.standard.id] || 0) + 1;
  return {
    outfalls,
    values,
    samples,
    slots,
    step,
    minute,
    exceedRate,
    salt,
    assessSample: standards.assessSample,
    standardsUsed,
    cache: { k: -1, sample: null },
  };
}

/** Sample k: outfall, time and its 7 values, compliant except (with probability exceedRate) one. */
function sampleOf(layout, k) {
  if (layout.cache.k === k) return layout.cache.sample;
  const n = layout.outfalls.length;
  const o = k % n;
  const outfall = layout.outfalls[o];
  const slot = Math.floor(k / n);
  const hour = Math.floor((slot * HOURS) / layout.slots) + ((o * 7919) % layout.step);
  const at = new Date(BASE_MS + hour * 3_600_000 + layout.minute * 60_000);
  const random = prng((SEED ^ Math.imul(k + 1, 0x9e3779b1) ^ layout.salt) >>> 0);
  const between = ([low, high]) => low + random() * (high - low);
  const typical = TYPICAL[outfall.category] || TYPICAL.other;
  const month = at.getUTCMonth();
  const winter = [11, 0, 1, 2].includes(month);
  const value = {
    flow: roundTo(between(typical.flow), 1),
    temperature: roundTo(winter ? between([4, 11]) : between([13, 24]), 1),
    ph: roundTo(between([6.6, 8.4]), 2),
    cod: roundTo(between(typical.cod), 2),
    nh3n: roundTo(between(typical.nh3n), 3),
    tp: roundTo(between(typical.tp), 3),
    tn: roundTo(between(typical.tn), 2),
  };
  const assess = () =>
    layout.assessSample(
      outfall.standard,
      INDICATORS.map((code) => ({ indicatorCode: code, value: value[code], qualifier: 'measured' })),
      outfall.context,
    );
  // bring every reading within its limit …
  const limited = [];
  for (const a of assess()) {
    if (a.compliant === null) continue;
    limited.push(a);
    if (a.compliant) continue;
    const code = a.indicatorCode;
    value[code] =
      a.limitValue === null
        ? roundTo(7 + random(), 2) // pH range
        : Math.max(10 ** -DECIMALS[code], roundTo(a.limitValue * (0.4 + 0.5 * random()), DECIMALS[code]));
  }
  // … then let one exceed, for exceedRate of the samples
  let exceeding = null;
  if (limited.length && random() < layout.exceedRate) {
    const pick = limited[Math.floor(random() * limited.length)];
    const code = pick.indicatorCode;
    if (pick.limitValue === null) value[code] = roundTo(random() < 0.5 ? 9.2 + random() : 4.8 + random(), 2);
    else {
      let v = roundTo(pick.limitValue * (1.1 + 1.9 * random()), DECIMALS[code]);
      if (v <= pick.limitValue) v = roundTo(pick.limitValue + 10 ** -DECIMALS[code], DECIMALS[code]);
      value[code] = v;
    }
    exceeding = code;
  }
  const sample = {
    k,
    outfallId: outfall.id,
    sampledAt: at.toISOString().replace('.000Z', 'Z'),
    values: INDICATORS.map((code) => value[code]),
    exceeding,
  };
  layout.cache = { k, sample };
  return sample;
}

/** Batch rows for value indices [from, to): value i is indicator i mod 7 of sample floor(i / 7). */
function rowsOf(layout, from, to) {
  const rows = [];
  for (let i = from; i < to; i++) {
    const sample = sampleOf(layout, Math.floor(i / INDICATORS.length));
    const j = i % INDICATORS.length;
    rows.push({
      outfallId: sample.outfallId,
      sampledAt: sample.sampledAt,
      source: 'online',
      indicator: INDICATORS[j],
      value: sample.values[j],
    });
  }
  return rows;
}

function expectedFacts(layout) {
  let exceedingSamples = 0;
  let exceedingValues = 0;
  for (let k = 0; k < layout.samples; k++) {
    const sample = sampleOf(layout, k);
    if (!sample.exceeding) continue;
    const j = INDICATORS.indexOf(sample.exceeding);
    if (k * INDICATORS.length + j >= layout.values) continue; // cut off by V
    exceedingSamples++;
    exceedingValues++;
  }
  return { exceedingSamples, exceedingValues };
}

// ---------------------------------------------------------------- ingestion over HTTP

/**
 * A batch's request body, built before it is timed: the floor's CSV is written before `\copy` too, and a
 * device sends from its own machine, not from the API's cores.
 */
function bodyOf(layout, from, to) {
  return Buffer.from(JSON.stringify({ rows: rowsOf(layout, from, to) }));
}

/** Bodies built a window of this many batches at a time (at 10,000 rows, ~135 MB), outside the timed spans. */
const BODY_WINDOW = 100;

async function postBatch(api, from, to, body) {
  const t0 = performance.now();
  const res = await api.request('POST', '/api/v1/samples/batch', { body });
  const elapsed = ms(t0);
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`batch ${from}–${to} answered ${res.status}: ${res.text.slice(0, 800)}`);
  const result = JSON.parse(res.text);
  return { from, to, rows: to - from, ms: elapsed, bodyBytes: body.length, result };
}

function rangesOf(layout, batchSize) {
  const ranges = [];
  for (let from = 0; from < layout.values; from += batchSize)
    ranges.push([from, Math.min(layout.values, from + batchSize)]);
  return ranges;
}

function batchStats(batches, wallMs) {
  const rows = batches.reduce((s, b) => s + b.rows, 0);
  return {
    requests: batches.length,
    rows,
    wallMs: round(wallMs),
    rowsPerSecond: Math.round(rows / (wallMs / 1000)),
    perRequest: summary(batches.map((b) => b.ms)),
    samplesCreated: batches.reduce((s, b) => s + b.result.samplesCreated, 0),
    valuesCreated: batches.reduce((s, b) => s + b.result.valuesCreated, 0),
    valuesUpdated: batches.reduce((s, b) => s + b.result.valuesUpdated, 0),
  };
}

async function ingestSequential(api, layout, batchSize) {
  const batches = [];
  const ranges = rangesOf(layout, batchSize);
  const total = ranges.length;
  const snapshots = { start: await api.profile() };
  let wallMs = 0;
  let bodiesMs = 0;
  for (let w = 0; w < total; w += BODY_WINDOW) {
    const building = performance.now();
    const bodies = ranges.slice(w, w + BODY_WINDOW).map(([from, to]) => bodyOf(layout, from, to));
    bodiesMs += ms(building);
    const started = performance.now();
    for (let n = w; n < Math.min(total, w + BODY_WINDOW); n++) {
      const [from, to] = ranges[n];
      if (n === 10) snapshots.after10 = await api.profile();
      if (n === total - 10 && total >= 20) snapshots.last10 = await api.profile();
      const batch = await postBatch(api, from, to, bodies[n - w]);
      bodies[n - w] = null;
      batches.push(batch);
      if ((n + 1) % 10 === 0 || to === layout.values) {
        const recent = batches.slice(-10);
        const rate = recent.reduce((s, b) => s + b.rows, 0) / (recent.reduce((s, b) => s + b.ms, 0) / 1000);
        log(`  ${fmtInt(to)} / ${fmtInt(layout.values)} values (last 10 requests: ${fmtInt(rate)} rows/s)`);
      }
    }
    wallMs += ms(started);
  }
  snapshots.end = await api.profile();
  const stats = batchStats(batches, wallMs);
  const firstTen = batches.slice(0, 10);
  const lastTen = batches.slice(-10);
  const window = (list) => ({
    requests: list.length,
    rowsPerSecond: Math.round(
      list.reduce((s, b) => s + b.rows, 0) / (list.reduce((s, b) => s + b.ms, 0) / 1000),
    ),
    meanMs: round(list.reduce((s, b) => s + b.ms, 0) / list.length),
  });
  stats.first10 = window(firstTen);
  stats.last10 = window(lastTen);
  stats.bodyBytesPerRequest = Math.round(batches[0].bodyBytes);
  stats.timesMs = batches.map((b) => round(b.ms));
  stats.sql = profileReport(profileDiff(snapshots.start, snapshots.end), batches.length);
  stats.apiProcess = usageDiff(snapshots.start, snapshots.end, batches.length);
  stats.bodiesBuiltMs = round(bodiesMs);
  if (snapshots.after10)
    stats.sqlFirst10 = profileReport(profileDiff(snapshots.start, snapshots.after10), 10, 8);
  if (snapshots.last10) stats.sqlLast10 = profileReport(profileDiff(snapshots.last10, snapshots.end), 10, 8);
  return stats;
}

/**
 * `inFlight` requests at a time. Each worker sends its own contiguous share of the batches, so two requests
 * in flight never carry the same sample (10 000 rows are not a multiple of 7: consecutive batches share the
 * sample at their boundary, and a second upsert of a sample key waits for the first transaction to commit).
 */
async function ingestConcurrent(apis, layout, batchSize, inFlight) {
  const ranges = rangesOf(layout, batchSize);
  const share = Math.ceil(ranges.length / inFlight);
  const queues = Array.from({ length: inFlight }, (_, w) => ranges.slice(w * share, (w + 1) * share));
  const batches = [];
  const errors = [];
  const bodies = new Map(ranges.map(([from, to]) => [from, bodyOf(layout, from, to)]));
  const before = await Promise.all(apis.map((api) => api.profile()));
  const started = performance.now();
  // worker w sends to API process w mod N (a load balancer's round robin, outside the API's processes)
  const worker = async (queue, w) => {
    const api = apis[w % apis.length];
    for (const [from, to] of queue) {
      try {
        const body = bodies.get(from);
        bodies.delete(from);
        batches.push(await postBatch(api, from, to, body));
      } catch (error) {
        errors.push(String(error.message).slice(0, 400));
      }
    }
  };
  await Promise.all(queues.map(worker));
  const wallMs = ms(started);
  const after = await Promise.all(apis.map((api) => api.profile()));
  const stats = batches.length ? batchStats(batches, wallMs) : { requests: 0, wallMs: round(wallMs) };
  stats.inFlight = inFlight;
  stats.apiProcesses = apis.length;
  stats.errors = errors;
  if (batches.length) {
    stats.sql = profileReport(
      apis.flatMap((_, i) => profileDiff(before[i], after[i])).sort((a, b) => b.totalMs - a.totalMs),
      batches.length,
      8,
    );
    // the processes' CPU and GC added up, per request
    const usages = apis.map((_, i) => usageDiff(before[i], after[i], batches.length));
    if (usages.every(Boolean))
      stats.apiProcess = {
        cpuMsPerRequest: round(
          usages.reduce((sum, u) => sum + u.cpuMsPerRequest, 0),
          1,
        ),
        gcMsPerRequest: round(
          usages.reduce((sum, u) => sum + u.gcMsPerRequest, 0),
          1,
        ),
      };
  }
  return stats;
}

// ---------------------------------------------------------------- COPY through psql

/**
 * The same samples and values, written as CSV and loaded with psql's \copy into bench_sample /
 * bench_sample_value: LIKE … INCLUDING ALL (columns, defaults, primary keys, the unique key and the
 * indexes) plus the same foreign keys as sample / sample_value and the same statement-level check of a value's
 * sample (migration 1769970000000). Plain inserts: no row checks, no upsert, no
 * assessment (limit, compliance and multiple stay empty), no milestones, no audit.
 */
async function copyThroughPsql(client, db, layout, tmpDir) {
  await client.query(`DROP TABLE IF EXISTS bench_sample_value, bench_sample`);
  await client.query(`DROP FUNCTION IF EXISTS bench_value_samples_exist()`);
  await client.query(`CREATE TABLE bench_sample (LIKE sample INCLUDING ALL)`);
  await client.query(`CREATE TABLE bench_sample_value (LIKE sample_value INCLUDING ALL)`);
  const fks = (
    await client.query(
      `SELECT conrelid::regclass::text AS tbl, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE contype = 'f' AND conrelid IN ('sample'::regclass, 'sample_value'::regclass)`,
    )
  ).rows;
  const foreignKeys = [];
  for (const fk of fks) {
    const def = fk.def.replace(/REFERENCES sample\(/, 'REFERENCES bench_sample(');
    const sql = `ALTER TABLE bench_${fk.tbl} ADD ${def}`;
    await client.query(sql);
    foreignKeys.push(sql);
  }
  // the value → sample check the schema has instead of a foreign key (migration 1769970000000): the same
  // statement-level trigger, on the bench tables
  const [check] = (
    await client.query(
      `SELECT pg_get_functiondef(p.oid) AS def FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE t.tgrelid = 'sample_value'::regclass AND t.tgname = 'sample_value_samples_exist'`,
    )
  ).rows;
  if (check) {
    const def = check.def
      .replace(/FUNCTION public\.sample_value_samples_exist\(\)/, 'FUNCTION bench_value_samples_exist()')
      .replace(/FROM sample s /g, 'FROM bench_sample s ');
    if (!def.includes('bench_value_samples_exist()') || !def.includes('FROM bench_sample s '))
      throw new Error(`the value → sample check changed shape; adapt the bench:\n${check.def}`);
    await client.query(def);
    const trigger = `CREATE TRIGGER bench_value_samples_exist AFTER INSERT ON bench_sample_value
       REFERENCING NEW TABLE AS sample_value_new FOR EACH STATEMENT EXECUTE FUNCTION bench_value_samples_exist()`;
    await client.query(trigger);
    foreignKeys.push(trigger.replace(/\s+/g, ' '));
  }
  const indexes = (
    await client.query(
      `SELECT indexdef FROM pg_indexes WHERE tablename IN ('bench_sample', 'bench_sample_value') ORDER BY 1`,
    )
  ).rows.map((r) => r.indexdef);

  const t0 = performance.now();
  const samplesCsv = path.join(tmpDir, 'bench_sample.csv');
  const valuesCsv = path.join(tmpDir, 'bench_sample_value.csv');
  const uuidOf = (k) => `00000000-0000-4000-8000-${k.toString(16).padStart(12, '0')}`;
  const s = fs.openSync(samplesCsv, 'w');
  const v = fs.openSync(valuesCsv, 'w');
  let sBuf = '';
  let vBuf = '';
  for (let k = 0; k < layout.samples; k++) {
    const sample = sampleOf(layout, k);
    const id = uuidOf(k);
    sBuf += `${id},${sample.outfallId},${sample.sampledAt},online,1\n`;
    for (let j = 0; j < INDICATORS.length && k * INDICATORS.length + j < layout.values; j++)
      vBuf += `${id},${INDICATORS[j]},${sample.values[j]},measured\n`;
    if (vBuf.length > 1 << 20) {
      fs.writeSync(s, sBuf);
      fs.writeSync(v, vBuf);
      sBuf = '';
      vBuf = '';
    }
  }
  fs.writeSync(s, sBuf);
  fs.writeSync(v, vBuf);
  fs.closeSync(s);
  fs.closeSync(v);
  const csvMs = ms(t0);
  const psql = (command) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db.url, '-c', command], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve(ms(started)) : reject(new Error(`psql ${command}: exit ${code}\n${output}`)),
      );
    });
  const samplesMs = await psql(
    `\\copy bench_sample (id, outfall_id, sampled_at, source, version) FROM '${samplesCsv}' WITH (FORMAT csv)`,
  );
  const valuesMs = await psql(
    `\\copy bench_sample_value (sample_id, indicator_code, value, qualifier) FROM '${valuesCsv}' WITH (FORMAT csv)`,
  );
  const [{ samples, values }] = (
    await client.query(
      `SELECT (SELECT count(*)::int FROM bench_sample) AS samples,
              (SELECT count(*)::int FROM bench_sample_value) AS "values"`,
    )
  ).rows;
  if (values !== layout.values) throw new Error(`COPY stored ${values} values, expected ${layout.values}`);
  const sizes = (
    await client.query(
      `SELECT pg_total_relation_size('bench_sample') AS s, pg_total_relation_size('bench_sample_value') AS v`,
    )
  ).rows[0];
  const totalMs = samplesMs + valuesMs;
  return {
    tables: [
      'bench_sample (LIKE sample INCLUDING ALL)',
      'bench_sample_value (LIKE sample_value INCLUDING ALL)',
    ],
    foreignKeys,
    indexes,
    csvWriteMs: round(csvMs),
    csvBytes: fs.statSync(samplesCsv).size + fs.statSync(valuesCsv).size,
    samples,
    values,
    samplesCopyMs: round(samplesMs),
    valuesCopyMs: round(valuesMs),
    totalMs: round(totalMs),
    rowsPerSecond: Math.round(values / (totalMs / 1000)),
    valuesOnlyRowsPerSecond: Math.round(values / (valuesMs / 1000)),
    sizesMiB: { bench_sample: round(sizes.s / 2 ** 20), bench_sample_value: round(sizes.v / 2 ** 20) },
  };
}

// ---------------------------------------------------------------- exceedance lists over HTTP

const QUERIES = [
  { key: 'a', label: 'newest first (default sort), limit 20', url: '/api/v1/exceedances?limit=20' },
  {
    key: 'b',
    label: 'COD, largest multiple first',
    url: '/api/v1/exceedances?indicator=cod&sort=-exceedanceMultiple&limit=20',
  },
  {
    key: 'c',
    label: 'June 2024, industrial outfalls',
    url: '/api/v1/exceedances?from=2024-06-01&to=2024-06-30&category=industrial&limit=20',
  },
  { key: 'chronic', label: 'chronic outfalls (3 of the last 5)', url: '/api/v1/exceedances/chronic' },
];

async function measureQueries(api, client, samples, warmup) {
  const results = [];
  for (const query of QUERIES) {
    const once = async () => {
      const t0 = performance.now();
      const res = await api.request('GET', query.url);
      const elapsed = ms(t0);
      if (res.status !== 200)
        throw new Error(`GET ${query.url} answered ${res.status}: ${res.text.slice(0, 500)}`);
      return { elapsed, res };
    };
    for (let i = 0; i < warmup; i++) await once();
    const before = await api.profile();
    const times = [];
    let last;
    for (let i = 0; i < samples; i++) {
      const { elapsed, res } = await once();
      times.push(elapsed);
      last = res;
    }
    const statements = profileDiff(before, await api.profile());
    const body = JSON.parse(last.text);
    const result = {
      key: query.key,
      label: query.label,
      url: query.url,
      samples: times.length,
      ...summary(times),
      total: body.total ?? null,
      returned: Array.isArray(body.items) ? body.items.length : null,
      responseBytes: Buffer.byteLength(last.text),
      sql: statements.map((r) => ({
        sql: r.sql,
        params: r.params,
        count: r.count,
        meanMs: round(r.totalMs / r.count, 2),
      })),
    };
    results.push(result);
    log(
      `  (${query.key}) p50 ${fmtMs(result.p50Ms)}  p95 ${fmtMs(result.p95Ms)}  total=${result.total}  ${query.url}`,
    );
  }
  // EXPLAIN ANALYZE the statements of the slowest query (as the API sent them, with its parameters)
  const slowest = [...results].sort((a, b) => b.p50Ms - a.p50Ms)[0];
  const plans = [];
  for (const statement of slowest.sql) {
    if (!/^\s*SELECT/i.test(statement.sql)) continue;
    const rows = (
      await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params || [])
    ).rows.map((r) => r['QUERY PLAN']);
    plans.push({
      sql: oneLine(statement.sql),
      params: statement.params,
      meanMs: statement.meanMs,
      plan: rows,
    });
  }
  return { queries: results, slowest: { key: slowest.key, url: slowest.url, plans } };
}

// ---------------------------------------------------------------- report

const SETTINGS = [
  'shared_buffers',
  'work_mem',
  'maintenance_work_mem',
  'max_wal_size',
  'synchronous_commit',
  'max_parallel_workers_per_gather',
  'jit',
  'effective_cache_size',
];
const machineInfo = (client) => machineFacts(client, SETTINGS);

async function dataFacts(client) {
  return (
    await client.query(
      `SELECT (SELECT count(*)::int FROM sample) AS samples,
              (SELECT count(*)::int FROM sample WHERE source = 'online') AS online_samples,
              (SELECT count(*)::int FROM sample WHERE source = 'online' AND exceeding) AS online_exceeding_samples,
              (SELECT count(*)::int FROM sample_value) AS "values",
              (SELECT count(*)::int FROM sample_value WHERE compliant = false) AS exceeding_values,
              (SELECT count(*)::int FROM sample_value WHERE compliant IS NULL) AS unassessed_values,
              round(pg_total_relation_size('sample') / 1048576.0, 1)::float8 AS sample_mib,
              round(pg_total_relation_size('sample_value') / 1048576.0, 1)::float8 AS sample_value_mib`,
    )
  ).rows[0];
}

function textReport(r) {
  const lines = [];
  const row = (label, value) => lines.push(`  ${label.padEnd(56)} ${value}`);
  const sql = (report) => {
    for (const s of report.statements.slice(0, 8))
      lines.push(
        `      ${String(s.perRequestMs).padStart(8)} ms/req ${String(s.shareOfSqlTime).padStart(5)} %  ×${s.count}  ${s.sql.slice(0, 110)}`,
      );
  };
  lines.push('', `Monitoring benchmark — V = ${fmtInt(r.values)} indicator values`, `  ${r.startedAt}`);
  lines.push('', 'Machine');
  row('CPU', `${r.machine.cpu} × ${r.machine.cores}`);
  row('memory', `${r.machine.memoryGiB} GiB`);
  row('OS / Node', `${r.machine.os} / ${r.machine.node}`);
  row('database', `${r.machine.postgres}, PostGIS ${r.machine.postgis}`);
  row(
    'load average at start / end (1, 5, 15 min)',
    `${r.machine.loadAverageAtStart.join(' ')} / ${r.machine.loadAverageAtEnd.join(' ')}`,
  );
  row('boot (migrations + demo seed) until GET /health = 200', fmtMs(r.bootMs));
  lines.push('', 'Data');
  const d = r.data;
  row(
    'generated',
    `${fmtInt(d.values)} values = ${fmtInt(d.samples)} samples × 7 indicators on ${d.outfalls} outfalls`,
  );
  row('times', `hourly, 2024-01-01 … 2025-12-31 UTC, ${d.slots} per outfall (every ${d.step} h or so)`);
  row(
    'expected exceeding samples / values',
    `${fmtInt(d.expected.exceedingSamples)} / ${fmtInt(d.expected.exceedingValues)}`,
  );
  row(
    'stored online samples, exceeding (app assessment)',
    `${fmtInt(d.after.online_samples)}, ${fmtInt(d.after.online_exceeding_samples)} (${round((100 * d.after.online_exceeding_samples) / d.after.online_samples)} %)`,
  );
  row(
    'all samples / values / non-compliant values in the DB',
    `${fmtInt(d.after.samples)} / ${fmtInt(d.after.values)} / ${fmtInt(d.after.exceeding_values)}`,
  );
  row(
    'sample / sample_value size (with indexes)',
    `${d.after.sample_mib} MiB / ${d.after.sample_value_mib} MiB`,
  );
  const s = r.ingest.sequential;
  lines.push(
    '',
    `Batch API: POST /api/v1/samples/batch, ${fmtInt(r.options.batch)} rows per request, one at a time`,
  );
  row('requests', `${s.requests} (JSON body ≈ ${fmtInt(s.bodyBytesPerRequest / 1024)} KiB each)`);
  if (s.bodiesBuiltMs !== undefined)
    row('bodies built before the timed span (not timed)', fmtMs(s.bodiesBuiltMs));
  row('wall time', fmtMs(s.wallMs));
  row('throughput', `${fmtInt(s.rowsPerSecond)} rows/s`);
  row(
    'per request p50 / p95 / max',
    `${fmtMs(s.perRequest.p50Ms)} / ${fmtMs(s.perRequest.p95Ms)} / ${fmtMs(s.perRequest.maxMs)}`,
  );
  if (s.apiProcess)
    row(
      'API process CPU / GC per request',
      `${fmtMs(s.apiProcess.cpuMsPerRequest)} / ${fmtMs(s.apiProcess.gcMsPerRequest)} (all threads / GC pauses)`,
    );
  row(
    'first 10 / last 10 requests',
    `${fmtInt(s.first10.rowsPerSecond)} rows/s (${fmtMs(s.first10.meanMs)}) / ${fmtInt(s.last10.rowsPerSecond)} rows/s (${fmtMs(s.last10.meanMs)})`,
  );
  lines.push('    where the API waited for PostgreSQL (all requests; per request, share of SQL time):');
  sql(s.sql);
  if (s.sqlLast10) {
    lines.push('    … last 10 requests only:');
    sql(s.sqlLast10);
  }
  const again = r.ingest.idempotent;
  row(
    'the first batch again (nothing changes)',
    `${fmtMs(again.ms)}; ${fmtInt(again.result.valuesUnchanged)} unchanged, ${again.result.valuesCreated + again.result.valuesUpdated} written`,
  );
  const c = r.copy;
  lines.push('', 'COPY through psql (\\copy into bench_sample + bench_sample_value, same shape, empty)');
  lines.push(
    '    includes samples AND values, PKs, unique key, indexes, FKs and the value → sample check; no checks, upsert or assessment',
  );
  row('CSV written first (not timed in COPY)', `${fmtMs(c.csvWriteMs)}, ${fmtInt(c.csvBytes / 2 ** 20)} MiB`);
  row(`\\copy ${fmtInt(c.samples)} samples`, fmtMs(c.samplesCopyMs));
  row(`\\copy ${fmtInt(c.values)} values`, fmtMs(c.valuesCopyMs));
  row('samples + values', `${fmtMs(c.totalMs)} → ${fmtInt(c.rowsPerSecond)} values/s`);
  row('values only', `${fmtInt(c.valuesOnlyRowsPerSecond)} values/s`);
  row(
    'batch API vs COPY (same rows)',
    `${r.ratio.apiOverCopyRate} of COPY's rate; COPY is ${r.ratio.copySpeedup}× faster`,
  );
  if (r.ingest.concurrent) {
    const cc = r.ingest.concurrent;
    lines.push(
      '',
      `Batch API with ${cc.inFlight} requests in flight to ${cc.apiProcesses ?? 1} API process(es) (extra values at :30, after the main run)`,
    );
    if (cc.requests) {
      row('requests / rows', `${cc.requests} / ${fmtInt(cc.rows)}`);
      row(
        'throughput',
        `${fmtInt(cc.rowsPerSecond)} rows/s (sequential last 10: ${fmtInt(s.last10.rowsPerSecond)})`,
      );
      if (r.copy)
        row('vs COPY (same run)', `${round(cc.rowsPerSecond / r.copy.rowsPerSecond, 4)} of COPY's rate`);
      row('per request p50 / p95', `${fmtMs(cc.perRequest.p50Ms)} / ${fmtMs(cc.perRequest.p95Ms)}`);
      if (cc.apiProcess)
        row(
          'API process CPU / GC per request',
          `${fmtMs(cc.apiProcess.cpuMsPerRequest)} / ${fmtMs(cc.apiProcess.gcMsPerRequest)}`,
        );
    }
    if (cc.errors.length) row('errors', `${cc.errors.length}: ${cc.errors[0]}`);
  }
  lines.push(
    '',
    `Exceedance lists over HTTP as eco_officer (${r.options.warmup} warm-ups, ${r.options.samples} timed, sequential)`,
  );
  for (const q of r.http.queries) {
    lines.push(`  (${q.key}) GET ${q.url}`);
    lines.push(
      `        p50 ${fmtMs(q.p50Ms).padStart(9)}   p95 ${fmtMs(q.p95Ms).padStart(9)}   min ${fmtMs(q.minMs)}  max ${fmtMs(q.maxMs)}   total=${q.total} returned=${q.returned}`,
    );
  }
  if (r.http.slowest.plans.length) {
    const top = [...r.http.slowest.plans].sort((a, b) => b.meanMs - a.meanMs)[0];
    lines.push(`  slowest (${r.http.slowest.key}), its costliest statement (${top.meanMs} ms mean):`);
    lines.push(`    ${top.sql.slice(0, 300)}`);
    for (const line of top.plan.slice(0, 40)) lines.push(`    | ${line}`);
  }
  lines.push('', `Whole run: ${fmtMs(r.wallMs)}`, '');
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const db = databaseOf(opts.databaseUrl);
  const wallStart = performance.now();
  const report = reportHead('monitoring', 'values', opts);
  const run = session(db, { keep: opts.keep, tmpPrefix: 'outfall-bench-mon-' });
  const { api } = run;
  let client = null;
  // the concurrent phase's further API processes (--api-processes), stopped at the end
  const extraApis = [];

  try {
    log(`V = ${fmtInt(opts.values)}; database ${db.name} (dropped and recreated)`);
    report.bootMs = await run.boot(opts.bootTimeoutS);
    client = await run.connect('outfall-bench-mon');
    report.machine = await machineInfo(client);
    await api.login();

    const layout = await layoutFor(client, opts.values, 0, opts.exceedRate, 0);
    const before = await dataFacts(client);
    if (before.online_samples)
      throw new Error(`the demo already has ${before.online_samples} online samples`);
    report.data = {
      values: layout.values,
      samples: layout.samples,
      outfalls: layout.outfalls.length,
      slots: layout.slots,
      step: layout.step,
      standardsUsed: layout.standardsUsed,
      expected: expectedFacts(layout),
      before,
    };
    log(
      `generated ${fmtInt(layout.values)} values: ${fmtInt(layout.samples)} samples on ${layout.outfalls.length} outfalls, ${fmtInt(report.data.expected.exceedingSamples)} meant to exceed`,
    );

    report.ingest = {};
    log(`POST /api/v1/samples/batch, ${fmtInt(opts.batch)} rows per request, one at a time…`);
    report.ingest.sequential = await ingestSequential(api, layout, opts.batch);
    const seq = report.ingest.sequential;
    log(
      `  ${fmtInt(seq.rows)} values in ${fmtMs(seq.wallMs)}: ${fmtInt(seq.rowsPerSecond)} rows/s; per request p50 ${fmtMs(seq.perRequest.p50Ms)}, p95 ${fmtMs(seq.perRequest.p95Ms)}`,
    );
    if (seq.valuesCreated !== layout.values)
      throw new Error(`the API created ${seq.valuesCreated} values, expected ${layout.values}`);

    log('the first batch again (idempotent path)…');
    const againBefore = await api.profile();
    const againTo = Math.min(opts.batch, layout.values);
    const again = await postBatch(api, 0, againTo, bodyOf(layout, 0, againTo));
    report.ingest.idempotent = {
      rows: again.rows,
      ms: round(again.ms),
      result: { ...again.result, sampleIds: undefined },
      sql: profileReport(profileDiff(againBefore, await api.profile()), 1, 8),
    };
    log(`  ${fmtMs(again.ms)} (${again.result.valuesUnchanged} unchanged)`);

    let t0 = performance.now();
    await client.query('VACUUM (ANALYZE) sample');
    await client.query('VACUUM (ANALYZE) sample_value');
    report.vacuumAnalyzeMs = round(ms(t0));
    report.data.after = await dataFacts(client);

    log('timing exceedance lists over HTTP…');
    report.http = await measureQueries(api, client, opts.samples, opts.warmup);

    log('COPY of the same rows through psql…');
    report.copy = await copyThroughPsql(client, db, layout, run.dataDir);
    report.ratio = {
      apiRowsPerSecond: seq.rowsPerSecond,
      copyRowsPerSecond: report.copy.rowsPerSecond,
      apiOverCopyRate: round(seq.rowsPerSecond / report.copy.rowsPerSecond, 4),
      copySpeedup: round(seq.wallMs / report.copy.totalMs, 1),
      copyValuesOnlySpeedup: round(seq.wallMs / report.copy.valuesCopyMs, 1),
    };
    log(
      `  COPY ${fmtMs(report.copy.totalMs)} (${fmtInt(report.copy.rowsPerSecond)} values/s); COPY is ${report.ratio.copySpeedup}× faster than the batch API`,
    );
    await client.query(`DROP TABLE bench_sample_value, bench_sample`);
    await client.query(`DROP FUNCTION IF EXISTS bench_value_samples_exist()`);

    if (opts.concurrentValues >= 7) {
      const apis = [api];
      for (let i = 1; i < opts.apiProcesses; i++) {
        const more = new Api(db, fs.mkdtempSync(path.join(os.tmpdir(), 'outfall-bench-mon-')));
        extraApis.push(more);
        log(`starting API process ${i + 1} of ${opts.apiProcesses} on the same database…`);
        await more.start(opts.bootTimeoutS);
        await more.login();
        apis.push(more);
      }
      log(
        `${opts.inFlight} requests in flight to ${apis.length} API process(es) on ${fmtInt(opts.concurrentValues)} more values…`,
      );
      const extra = await layoutFor(client, opts.concurrentValues, 30, opts.exceedRate, 0x5eed);
      report.ingest.concurrent = await ingestConcurrent(apis, extra, opts.batch, opts.inFlight);
      const cc = report.ingest.concurrent;
      log(
        `  ${fmtInt(cc.rows || 0)} values in ${fmtMs(cc.wallMs)}: ${fmtInt(cc.rowsPerSecond || 0)} rows/s, ${cc.errors.length} errors`,
      );
    }

    report.wallMs = round(ms(wallStart));
    report.machine.loadAverageAtEnd = os.loadavg().map((v) => round(v, 2));
    console.log(textReport(report));
    const file = writeResult(`monitoring-${opts.values}`, report);
    log(`wrote ${path.relative(ROOT, file)}`);
  } catch (error) {
    if (error && error.cause) console.error(`bench: cause: ${error.cause.stack || error.cause}`);
    const exit = api.child && (api.child.exitCode ?? api.child.signalCode);
    console.error(
      `bench: the API ${exit === null ? 'is running' : `exited (${exit})`}; its log ends:\n${api.tail(60)}`,
    );
    throw error;
  } finally {
    for (const more of extraApis) {
      await more.stop().catch((error) => console.error(`bench: stopping an API process: ${error.message}`));
      fs.rmSync(more.dataDir, { recursive: true, force: true });
    }
    await run.cleanup();
    log(opts.keep ? `kept database ${db.name}` : `dropped database ${db.name}`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`bench: ${error && error.stack ? error.stack : error}`);
    process.exitCode = 1;
  });
}

/** The seed generator, for bench/exceedances.js. */
module.exports = { INDICATORS, layoutFor, rowsOf };
