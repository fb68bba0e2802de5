'use strict';
/*
 * Incremental sync (issue 15): the change feed `GET /api/v1/sync/changes` against a bare-pg floor, at 1,000,300
 * outfalls (1,000,000 generated with the INSERT of bench/outfalls.js + the demo's 300) on real PostgreSQL.
 *   - initial sync: an integrator's loop from the empty cursor, `types=outfall&limit=1000`, until hasMore is
 *     false; the floor is one Node process reading the same rows with the least work: one sequential scan
 *     through a server-side cursor (`to_jsonb(row) - 'location'`, FETCH 1,000 at a time), without HTTP, change
 *     log or jurisdiction;
 *   - steady state: after the initial sync, U outfalls change (one UPDATE), and the integrator polls: the poll
 *     that returns them, then empty polls in a closed loop; the floor's steady poll is the timestamp query a
 *     change feed without a log would send (`updated_at > last seen`: outfall has no index on updated_at, and
 *     the query also skips rows when commits interleave: see docs/sync.md).
 * Prints rows/s, polls/s and the ratios; writes bench/results/sync-<n>.json.
 *
 *   node bench/sync.js --n 1000000            # recreate the bench database, seed, measure, keep it
 *   node bench/sync.js --n 1000000 --reuse    # measure on the kept database
 */
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const H = require('./harness');
const { seedOutfalls } = require('./outfalls');

const HELP = `usage: node bench/sync.js [options]   (or: npm run bench -- sync [options])
  --n <count>              synthetic outfalls to seed (default 200000)
  --database-url <url>     bench database (default $BENCH_DATABASE_URL or
                           postgres://postgres@127.0.0.1:5432/outfall_sync_bench); recreated unless --reuse
  --reuse                  measure on the database kept by an earlier run
  --limit <rows>           page size of the feed (default 1000)
  --updates <count>        outfalls changed for the steady poll (default 1000)
  --poll-seconds <s>       closed loop of empty polls (default 5)
  --steady-only            skip the initial sync`;

function parseArgs(argv) {
  const opts = {
    n: 200_000,
    databaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/outfall_sync_bench',
    reuse: false,
    batch: 50_000,
    limit: 1000,
    updates: 1000,
    pollSeconds: 5,
  };
  H.parseOptions(argv, HELP, (key, take) => {
    if (key === '--n') opts.n = Number(String(take()).replace(/_/g, ''));
    else if (key === '--database-url') opts.databaseUrl = take();
    else if (key === '--reuse') opts.reuse = true;
    else if (key === '--limit') opts.limit = Number(take());
    else if (key === '--updates') opts.updates = Number(take());
    else if (key === '--poll-seconds') opts.pollSeconds = Number(take());
    else if (key === '--steady-only') opts.steadyOnly = true;
    else return false;
  });
  return opts;
}

// ---------------------------------------------------------------- the integrator's loop (API) and the floor

async function feed(api, since, limit) {
  const res = await api.request('GET', `/api/v1/sync/changes?types=outfall&limit=${limit}&since=${since}`);
  if (res.status !== 200) throw new Error(`sync/changes: ${res.status} ${res.text.slice(0, 300)}`);
  return JSON.parse(res.text);
}

async function apiDrain(api, since, limit) {
  const started = performance.now();
  let rows = 0;
  let pages = 0;
  let cursor = since;
  for (;;) {
    const page = await feed(api, cursor, limit);
    rows += page.items.length;
    pages++;
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  return { ms: H.ms(started), rows, pages, cursor };
}

// the floor: one sequential scan through a server-side cursor, fetched 1,000 rows at a time
async function floorDrain(client, limit) {
  const started = performance.now();
  let rows = 0;
  let pages = 0;
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await client.query(
      `DECLARE floor NO SCROLL CURSOR FOR SELECT to_jsonb(t) - 'location' AS data FROM outfall t`,
    );
    for (;;) {
      const { rows: page } = await client.query(`FETCH ${Number(limit)} FROM floor`);
      // the floor also serialises its page, as any server would
      JSON.stringify({ items: page.map((r) => r.data) });
      rows += page.length;
      pages++;
      if (page.length < limit) break;
    }
  } finally {
    await client.query('COMMIT');
  }
  return { ms: H.ms(started), rows, pages };
}

async function closedLoop(seconds, fn) {
  const times = [];
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return { polls: times.length, perSecond: H.round(times.length / seconds), ...H.summary(times) };
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const db = H.databaseOf(opts.databaseUrl);
  const report = {
    date: new Date().toISOString(),
    n: opts.n,
    limit: opts.limit,
    machine: { cpus: os.cpus().length, load: os.loadavg() },
  };
  const run = await H.startReusable(db, { reuse: opts.reuse, tmpPrefix: 'sync-bench-' });
  const { api, client } = run;
  report.bootMs = run.bootMs;
  try {
    if (!opts.reuse) report.seed = await seedOutfalls(client, opts.n, opts.batch, ['outfall', 'sync_change']);
    const [{ outfalls, changes }] = (
      await client.query(
        `SELECT (SELECT count(*)::int FROM outfall) AS outfalls, (SELECT count(*)::int FROM sync_change WHERE entity_type = 'outfall') AS changes`,
      )
    ).rows;
    report.outfalls = outfalls;
    report.outfallChanges = changes;
    H.log(`${H.fmtInt(outfalls)} outfalls, ${H.fmtInt(changes)} outfall rows in the change log`);
    await api.login();

    let cursor;
    if (opts.steadyOnly) {
      // the cursor an initial sync ends with: just below the horizon (the feed's own encoding, bench only)
      const [{ epoch, xid }] = (
        await client.query(
          `SELECT left(replace(epoch::text, '-', ''), 12) AS epoch, (pg_snapshot_xmin(pg_current_snapshot())::text::numeric - 1)::text AS xid FROM sync_state`,
        )
      ).rows;
      cursor = Buffer.from(`v1.${epoch}.${xid}.9223372036854775807`).toString('base64url');
    } else {
      // ---- initial sync: the floor once to warm the cache, then the feed, then the floor (both reported)
      H.log('initial sync at the floor (warm-up)');
      await floorDrain(client, opts.limit);
      H.log('initial sync through the feed');
      const apiInitial = await apiDrain(api, '', opts.limit);
      H.log('initial sync at the floor');
      const floorInitial = await floorDrain(client, opts.limit);
      if (apiInitial.rows !== outfalls)
        throw new Error(`the feed gave ${apiInitial.rows} rows for ${outfalls} outfalls`);
      report.initial = {
        api: {
          ...apiInitial,
          cursor: undefined,
          rowsPerSecond: H.round(apiInitial.rows / (apiInitial.ms / 1000)),
        },
        floor: { ...floorInitial, rowsPerSecond: H.round(floorInitial.rows / (floorInitial.ms / 1000)) },
      };
      report.initial.ratio = H.round(
        report.initial.api.rowsPerSecond / report.initial.floor.rowsPerSecond,
        2,
      );
      H.log(
        `initial: feed ${H.fmtInt(report.initial.api.rowsPerSecond)} rows/s (${H.fmtMs(apiInitial.ms)}, ${apiInitial.pages} pages), floor ${H.fmtInt(report.initial.floor.rowsPerSecond)} rows/s (${H.fmtMs(floorInitial.ms)}) — ×${report.initial.ratio}`,
      );
      cursor = apiInitial.cursor;
    }

    // ---- steady state: U changes, the poll that returns them, then empty polls
    const [{ since }] = (await client.query(`SELECT max(updated_at)::text AS since FROM outfall`)).rows;
    const t0 = performance.now();
    await client.query(
      `UPDATE outfall SET name = name || '·', updated_at = now() WHERE id IN (SELECT id FROM outfall WHERE local_code LIKE 'BENCH-%' ORDER BY local_code LIMIT $1)`,
      [opts.updates],
    );
    report.updateMs = H.round(H.ms(t0));
    const changed = await apiDrain(api, cursor, opts.limit);
    if (changed.rows !== opts.updates)
      throw new Error(`the poll gave ${changed.rows} rows for ${opts.updates} updates`);
    const f0 = performance.now();
    const { rows: floorChanged } = await client.query(
      `SELECT to_jsonb(t) - 'location' AS data FROM outfall t WHERE t.updated_at > $1::timestamptz ORDER BY t.updated_at, t.id LIMIT $2`,
      [since, opts.limit + 1],
    );
    const floorChangedMs = H.ms(f0);
    if (floorChanged.length !== opts.updates)
      throw new Error(`the floor poll gave ${floorChanged.length} rows`);
    const emptyApi = await closedLoop(opts.pollSeconds, () => feed(api, changed.cursor, opts.limit));
    const emptyFloor = await closedLoop(opts.pollSeconds, () =>
      client.query(
        `SELECT to_jsonb(t) - 'location' AS data FROM outfall t WHERE t.updated_at > now() ORDER BY t.updated_at, t.id LIMIT $1`,
        [opts.limit],
      ),
    );
    report.steady = {
      updates: opts.updates,
      changedPoll: {
        apiMs: H.round(changed.ms),
        apiRowsPerSecond: H.round(changed.rows / (changed.ms / 1000)),
        floorMs: H.round(floorChangedMs),
        floorRowsPerSecond: H.round(floorChanged.length / (floorChangedMs / 1000)),
      },
      emptyPoll: { api: emptyApi, floor: emptyFloor },
    };
    H.log(
      `steady: ${opts.updates} changes — feed ${H.fmtMs(changed.ms)} (${H.fmtInt(report.steady.changedPoll.apiRowsPerSecond)} rows/s), timestamp floor ${H.fmtMs(floorChangedMs)}; empty poll — feed ${emptyApi.perSecond}/s (p50 ${emptyApi.p50Ms} ms), timestamp floor ${emptyFloor.perSecond}/s (p50 ${emptyFloor.p50Ms} ms)`,
    );
    report.machine.loadAtEnd = os.loadavg();
    const file = H.writeResult(`sync-${outfalls}`, report);
    H.log(`wrote ${path.relative(H.ROOT, file)}`);
  } finally {
    await run.cleanup();
  }
}

main().catch((error) => {
  console.error(`bench: ${error && error.stack ? error.stack : error}`);
  process.exitCode = 1;
});
