#!/usr/bin/env node
'use strict';
/*
 * Progress roll-up benchmark (issue 17, "progress by incremental roll-up"; plain CommonJS, runs on the built
 * API in dist/apps/api).
 *
 *   npm run bench -- progress-rollup --n 100000      # builds the API, then runs this file
 *   node bench/progress-rollup.js --n 1e6 --keep     # on an existing build; keep the database afterwards
 *
 * Steps: recreate the bench database → boot the built API (migrations + demo seed) → generate N outfalls with
 * bench/progress.js's generator (set-based SQL, triggers off) → write the knowledge history the triggers would
 * have written (each milestone known 1–60 days after its field date, decisions 3 days after) → mark every
 * outfall dirty and time the first answer (the roll-up's full build) → for each as-of day, live, "as known
 * at" that day and as known --known-later days after it, alternately: GET /api/v1/progress (the roll-up), GET /api/v1/progress?source=raw (the raw
 * recompute, the reference) and the floor (bench/progress.js's one city-wide aggregate) → check that roll-up
 * and raw agree on every figure → time an incremental change (one milestone) → report, write
 * bench/results/progress-rollup-<N>.json. Goal from the issue: the roll-up answer ≤ 100 ms.
 */
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const {
  databaseOf,
  fail,
  fmtInt,
  fmtMs,
  log,
  ms,
  recreateDatabase,
  reportHead,
  round,
  session,
  summary,
  writeResult,
  parseOptions,
  wholeNumber,
} = require('./harness');
const {
  generate,
  writeKnowledge,
  markRollupDirty,
  dataFacts,
  machineInfo,
  FLOOR_SQL,
  COUNTS,
  cityCounts,
} = require('./progress');

const HELP = `usage: node bench/progress-rollup.js [options]   (or: npm run bench -- progress-rollup [options])
  --n <count>                synthetic outfalls (default 100000; 1e6 and 1_000_000 accepted)
  --database-url <url>       bench database (default $BENCH_DATABASE_URL or
                             postgres://postgres@127.0.0.1:5432/outfall_bench_progress_rollup); its name must
                             contain "bench"; it is DROPPED and recreated
  --as-of <day,day>          as-of days (default 2024-12-31,2025-08-31)
  --known-later <days>       also "as known at" this many days after each as-of day (default 90; 0: not)
  --runs <count>             timed runs of each query per day (default 5)
  --raw-runs <count>         timed runs of the raw recompute per day (default 3)
  --limit-ms <ms>            goal for the roll-up answer (default 100)
  --boot-timeout <seconds>   wait for GET /health (default 180)
  --keep                     keep the database afterwards
  --cli-build                build the roll-up with \`node dist/apps/api/cli.js progress:rollup\` (timed) before
                             the first answer, instead of by the first request (for 1e6: the build outlasts
                             the HTTP client's timeout)
  --reuse                    keep the data of an earlier --keep run (no generation; the roll-up built
                             beforehand, e.g. by \`node dist/apps/api/cli.js progress:rollup\`: the full build of a
                             million outfalls outlasts the HTTP client's 300 s header timeout)
  --help`;

function parseArgs(argv) {
  const opts = {
    n: 100_000,
    databaseUrl:
      process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/outfall_bench_progress_rollup',
    asOf: ['2024-12-31', '2025-08-31'],
    knownLater: 90,
    runs: 5,
    rawRuns: 3,
    limitMs: 100,
    bootTimeoutS: 180,
    keep: false,
    reuse: false,
  };
  parseOptions(argv, HELP, (key, take) => {
    if (key === '--n') opts.n = wholeNumber('n', take());
    else if (key === '--database-url') opts.databaseUrl = take();
    else if (key === '--as-of') opts.asOf = take().split(',');
    else if (key === '--known-later') opts.knownLater = wholeNumber('known-later', take());
    else if (key === '--runs') opts.runs = wholeNumber('runs', take());
    else if (key === '--raw-runs') opts.rawRuns = wholeNumber('raw-runs', take());
    else if (key === '--limit-ms') opts.limitMs = wholeNumber('limit-ms', take());
    else if (key === '--boot-timeout') opts.bootTimeoutS = wholeNumber('boot-timeout', take());
    else if (key === '--keep') opts.keep = true;
    else if (key === '--reuse') opts.reuse = true;
    else if (key === '--cli-build') opts.cliBuild = true;
    else return false;
  });
  if (!databaseOf(opts.databaseUrl).name.includes('bench')) fail('the database name must contain "bench"');
  return opts;
}

/** Live, as known at the day itself, and as known some days later (not after today). */
function knowledgeDays(asOf, laterDays) {
  const later = new Date(Date.parse(`${asOf}T00:00:00Z`) + laterDays * 86_400_000).toISOString().slice(0, 10);
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return [null, asOf, ...(laterDays > 0 && later <= today ? [later] : [])];
}

async function timeGet(api, url) {
  const t0 = performance.now();
  const res = await api.request('GET', url);
  const elapsed = ms(t0);
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${res.text.slice(0, 300)}`);
  return { ms: elapsed, body: JSON.parse(res.text) };
}

/** Every figure of every group, in a canonical form (key order aside). */
function figures(body) {
  const out = {};
  for (const g of body.groups) {
    const scopes = {};
    for (const scope of Object.keys(g.scopes).sort()) scopes[scope] = g.scopes[scope];
    out[`${g.dimension}:${g.key}`] = JSON.stringify({ label: g.label, metrics: g.metrics, scopes });
  }
  return out;
}

function differences(a, b) {
  const fa = figures(a);
  const fb = figures(b);
  return [...new Set([...Object.keys(fa), ...Object.keys(fb)])].filter((k) => fa[k] !== fb[k]);
}

/** Roll-up, raw and floor alternate, so a burst of load on the shared machine hits all alike. */
async function measure(api, client, asOf, knownAt, opts) {
  const query = `asOf=${asOf}${knownAt ? `&knownAt=${knownAt}` : ''}`;
  const rollupUrl = `/api/v1/progress?${query}`;
  const rawUrl = `/api/v1/progress?${query}&source=raw`;
  const probe = await timeGet(api, rollupUrl);
  const done = probe.body.remediationCounts === 'verified' ? 'verified' : 'remediation_completed';
  await timeGet(api, rawUrl);
  const rollupTimes = [];
  const rawTimes = [];
  const floorTimes = [];
  let rollup = probe;
  let raw = null;
  let floorRow = null;
  for (let i = 0; i < opts.runs; i++) {
    rollup = await timeGet(api, rollupUrl);
    rollupTimes.push(rollup.ms);
    if (i < opts.rawRuns) {
      raw = await timeGet(api, rawUrl);
      rawTimes.push(raw.ms);
    }
    if (!knownAt) {
      const t0 = performance.now();
      floorRow = (await client.query(FLOOR_SQL, [asOf, done])).rows[0];
      floorTimes.push(ms(t0));
    }
  }
  const diff = differences(rollup.body, raw.body);
  const city = cityCounts(rollup.body);
  const floorMismatches = floorRow ? COUNTS.filter((k) => city[k] !== floorRow[k]) : [];
  const r = summary(rollupTimes);
  const w = summary(rawTimes);
  return {
    asOf,
    knownAt,
    rollup: r,
    raw: w,
    floor: floorTimes.length ? summary(floorTimes) : null,
    speedup: round(w.p50Ms / r.p50Ms, 1),
    met: r.p50Ms <= opts.limitMs,
    groups: rollup.body.groups.length,
    city,
    differences: diff,
    floorMismatches,
  };
}

/** The operator's command, on the bench database: builds whatever the roll-up has to catch up. */
function cliBuild(databaseUrl) {
  const env = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  delete env.REDIS_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(__dirname, '..', 'dist', 'apps', 'api', 'cli.js'), 'progress:rollup'],
      {
        env,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`progress:rollup exited with ${code}`)),
    );
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const db = databaseOf(opts.databaseUrl);
  const wallStart = performance.now();
  const report = reportHead('progress-rollup', 'n', opts);
  const run = session(db, { keep: opts.keep, tmpPrefix: 'outfall-bench-progress-rollup-' });
  const { api } = run;
  let client = null;
  try {
    log(`N = ${fmtInt(opts.n)}; database ${db.name} (${opts.reuse ? 'reused' : 'dropped and recreated'})`);
    if (!opts.reuse) await recreateDatabase(db);
    report.bootMs = round(await api.start(opts.bootTimeoutS));
    client = await run.connect('outfall-bench-progress-rollup');
    report.machine = await machineInfo(client);
    await api.login();
    if (!opts.reuse) {
      log(`generating ${fmtInt(opts.n)} outfalls…`);
      report.generation = await generate(client, opts.n);
      report.knowledgeMs = await writeKnowledge(client);
      log(`  knowledge history written in ${fmtMs(report.knowledgeMs)}`);
      await markRollupDirty(client);
    }
    report.data = await dataFacts(client);
    if (opts.cliBuild) {
      // at a million outfalls the full build outlasts an HTTP request: the operator's command builds it
      log('full build of the roll-up by the CLI (progress:rollup)…');
      const started = performance.now();
      await cliBuild(db.url);
      report.fullBuildMs = round(performance.now() - started);
      report.firstAnswerMs = round((await timeGet(api, `/api/v1/progress?asOf=${opts.asOf[0]}`)).ms);
    } else {
      log('first answer (with --reuse: whatever the roll-up still had to catch up; else its full build)…');
      report.fullBuildMs = round((await timeGet(api, `/api/v1/progress?asOf=${opts.asOf[0]}`)).ms);
    }
    const [sizes] = (
      await client.query(`SELECT (SELECT count(*)::int FROM progress_cell) AS cells,
        (SELECT count(*)::int FROM progress_fact) AS facts,
        (SELECT count(*)::int FROM progress_rollup) AS rollup_rows,
        (SELECT count(*)::int FROM progress_rollup_known) AS known_rows,
        (SELECT count(*)::int FROM progress_known_group) AS known_group_rows,
        round((pg_total_relation_size('progress_fact') + pg_total_relation_size('progress_rollup')
             + pg_total_relation_size('progress_rollup_known') + pg_total_relation_size('progress_cell')
             + pg_total_relation_size('progress_rollup_group') + pg_total_relation_size('progress_known_group'))
             / 1048576.0, 1)::float8 AS mib`)
    ).rows;
    report.rollupSize = sizes;
    log(`  ${fmtMs(report.fullBuildMs)}; ${JSON.stringify(sizes)}`);
    for (const table of [
      'progress_cell',
      'progress_fact',
      'progress_rollup',
      'progress_rollup_known',
      'progress_known_group',
    ])
      await client.query(`VACUUM (ANALYZE) ${table}`);

    report.days = [];
    for (const asOf of opts.asOf)
      for (const knownAt of knowledgeDays(asOf, opts.knownLater)) {
        log(`as of ${asOf}${knownAt ? ` known at ${knownAt}` : ''}: roll-up, raw, floor…`);
        const day = await measure(api, client, asOf, knownAt, opts);
        report.days.push(day);
        log(
          `  roll-up p50 ${fmtMs(day.rollup.p50Ms)}, raw p50 ${fmtMs(day.raw.p50Ms)}${day.floor ? `, floor p50 ${fmtMs(day.floor.p50Ms)}` : ''}: ${day.speedup}× faster; ${day.differences.length ? `DIFFER in ${day.differences.length} group(s)` : 'every figure agrees'}`,
        );
      }

    // an incremental change: one milestone moved, then the next answer (catch-up + read)
    const [one] = (
      await client.query(
        `SELECT outfall_id FROM outfall_event WHERE type = 'investigated' ORDER BY outfall_id LIMIT 1`,
      )
    ).rows;
    const incremental = [];
    for (let i = 0; i < opts.runs; i++) {
      await client.query(
        `UPDATE outfall_event SET effective_on = effective_on + ${i % 2 ? -1 : 1} WHERE outfall_id = $1 AND type = 'investigated'`,
        [one.outfall_id],
      );
      incremental.push((await timeGet(api, `/api/v1/progress?asOf=${opts.asOf[0]}`)).ms);
    }
    report.afterOneChange = summary(incremental);
    log(`  answer right after one milestone change: p50 ${fmtMs(report.afterOneChange.p50Ms)}`);

    report.met = report.days.every((d) => d.met && !d.differences.length && !d.floorMismatches.length);
    report.wallMs = round(ms(wallStart));
    report.machine.loadAverageAtEnd = os.loadavg().map((v) => round(v, 2));
    const lines = ['', `Progress roll-up benchmark — N = ${fmtInt(opts.n)} outfalls (${report.startedAt})`];
    lines.push(
      `  machine: ${report.machine.cpu} × ${report.machine.cores}, ${report.machine.memoryGiB} GiB, ${report.machine.postgres}`,
    );
    lines.push(
      `  load average start/end: ${report.machine.loadAverageAtStart.join(' ')} / ${report.machine.loadAverageAtEnd.join(' ')}`,
    );
    lines.push(
      `  data: ${fmtInt(report.data.outfalls)} outfalls, ${fmtInt(report.data.events)} events; roll-up ${JSON.stringify(sizes)}`,
    );
    lines.push(
      `  full build of the roll-up: ${fmtMs(report.fullBuildMs)}; answer after one change: p50 ${fmtMs(report.afterOneChange.p50Ms)}`,
    );
    for (const d of report.days)
      lines.push(
        `  as of ${d.asOf}${d.knownAt ? ` known at ${d.knownAt}` : '              '}: roll-up p50 ${fmtMs(d.rollup.p50Ms)} (min ${fmtMs(d.rollup.minMs)}) | raw p50 ${fmtMs(d.raw.p50Ms)} | floor ${d.floor ? `p50 ${fmtMs(d.floor.p50Ms)}` : '-'} | ${d.speedup}× | ≤ ${opts.limitMs} ms: ${d.met ? 'MET' : 'NOT MET'} | ${d.differences.length ? 'DIFFER' : 'same figures'}`,
      );
    lines.push(
      `  goal met on every day, figures equal: ${report.met ? 'yes' : 'no'}; whole run ${fmtMs(report.wallMs)}`,
      '',
    );
    console.log(lines.join('\n'));
    writeResult(`progress-rollup-${opts.n}`, report);
    if (report.days.some((d) => d.differences.length)) process.exitCode = 1;
  } catch (error) {
    console.error(`bench: the API log ends:\n${api.tail(40)}`);
    throw error;
  } finally {
    await run.cleanup();
  }
}

main().catch((error) => {
  console.error(`bench: ${error && error.stack ? error.stack : error}`);
  process.exitCode = 1;
});
