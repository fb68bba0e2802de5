'use strict';
/*
 * The dashboard's time to interactive (issue 16): the built API serving the built SPA over real PostgreSQL with
 * `--n` synthetic outfalls (default 100,000, the INSERT of bench/outfalls.js), driven by headless
 * Chromium (playwright-core + the Chromium of @sparticuz/chromium, or CHROMIUM_PATH). Each run: a fresh browser
 * context (empty HTTP cache and storage), sign in on /login (not timed), then a full navigation to / is timed:
 *   - shell: the side menu is rendered (the SPA's own part: HTML, initial JavaScript, session, shell chunk);
 *   - ready: the gauges and the to-do list are rendered with their data;
 *   - interactive: a click on the menu item 排污口名录 has taken effect (the URL changed).
 * A second navigation in the same context (warm HTTP cache: hashed assets are immutable) is timed as well.
 * The floor, in the same run: the API requests the dashboard made, replayed from Node in parallel (the data
 * alone, no browser); the ratio interactive / floor is printed. Median over `--runs`.
 *
 *   node bench/dashboard.js                    # recreate outfall_dashboard_bench, seed 100,000, measure
 *   node bench/dashboard.js --reuse --runs 9   # measure on the kept database
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const H = require('./harness');
const { seedOutfalls: seed } = require('./outfalls');

const { chromium } = require(require.resolve('playwright-core', { paths: [H.ROOT] }));

const SPA_INDEX = path.join(H.ROOT, 'dist', 'apps', 'admin', 'index.html');

function parseArgs(argv) {
  const opts = {
    n: 100_000,
    runs: 5,
    batch: 50_000,
    user: 'eco_officer',
    databaseUrl:
      process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/outfall_dashboard_bench',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    if (arg === '--n') opts.n = Number(String(value()).replace(/_/g, ''));
    else if (arg === '--runs') opts.runs = Number(value());
    else if (arg === '--user') opts.user = value();
    else if (arg === '--database-url') opts.databaseUrl = value();
    else if (arg === '--reuse') opts.reuse = true;
    else H.fail(`unknown option ${arg}`);
  }
  return opts;
}

/** The browser of the browser tests: CHROMIUM_PATH, else the one @sparticuz/chromium unpacks. */
async function launch() {
  let executablePath = process.env.CHROMIUM_PATH;
  let env = process.env;
  if (!executablePath) {
    const { default: sparticuz } = await import(require.resolve('@sparticuz/chromium', { paths: [H.ROOT] }));
    executablePath = await sparticuz.executablePath();
    env = { ...process.env, FONTCONFIG_PATH: path.join(os.tmpdir(), 'fonts') };
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    env,
    args: [
      '--no-sandbox',
      '--no-zygote',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-dev-shm-usage',
    ],
  });
  return { browser, executablePath };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

/** A full navigation to / until the dashboard is ready, then a click that must take effect. */
async function timeDashboard(page, base) {
  const requests = [];
  const onRequest = (request) => {
    const url = request.url();
    if (url.startsWith(`${base}/api/`)) requests.push(url.slice(base.length));
  };
  page.on('request', onRequest);
  const started = performance.now();
  await page.goto(`${base}/`, { waitUntil: 'commit' });
  await page.getByTestId('main-menu').waitFor();
  const shell = H.ms(started);
  await page.getByTestId('dashboard-gauges').locator('.ant-row, .ant-empty').first().waitFor();
  await page.getByTestId('dashboard-todos').locator('.dashboard-todo, .ant-empty').first().waitFor();
  const ready = H.ms(started);
  await page.getByTestId('main-menu').getByText('排污口名录', { exact: true }).click();
  await page.waitForURL(`${base}/outfalls`);
  const interactive = H.ms(started);
  page.off('request', onRequest);
  return { shell, ready, interactive, requests };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(SPA_INDEX))
    H.fail('dist/apps/admin is missing: run "npx nx build admin" (npm run bench -- dashboard does)');
  const db = H.databaseOf(opts.databaseUrl);
  const report = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, load: os.loadavg() } };
  const run = await H.startReusable(db, { reuse: opts.reuse, tmpPrefix: 'dashboard-bench-' });
  const { api, client } = run;
  report.bootMs = run.bootMs;
  const { browser, executablePath } = await launch();
  H.log(`browser: ${executablePath}`);
  try {
    if (!opts.reuse) report.seed = await seed(client, opts.n, opts.batch);
    const [{ outfalls }] = (await client.query(`SELECT count(*)::int AS outfalls FROM outfall`)).rows;
    report.outfalls = outfalls;
    H.log(`${H.fmtInt(outfalls)} outfalls; ${opts.runs} runs as ${opts.user}`);

    const cold = [];
    const warm = [];
    const floor = [];
    let apiRequests = [];
    // one untimed run first: the API's caches and PostgreSQL's buffers as in steady use
    for (let run = 0; run <= opts.runs; run++) {
      const context = await browser.newContext({
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: { width: 1366, height: 860 },
      });
      context.setDefaultTimeout(60_000);
      const page = await context.newPage();
      await page.goto(`${api.base}/login`);
      await page.locator('#login_username').fill(opts.user);
      await page.locator('#login_password').fill('Demo@2023!');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('main-menu').waitFor();
      await page.getByTestId('dashboard-gauges').waitFor();
      const token = await page.evaluate(() => JSON.parse(localStorage.getItem('outfall.session')).token);
      // cold: a new context's first full load of / (only the login page's assets are cached)
      const first = await timeDashboard(page, api.base);
      // warm: the same again (immutable assets from the HTTP cache)
      const second = await timeDashboard(page, api.base);
      // floor: the dashboard's API requests alone, in parallel, from Node
      const t0 = performance.now();
      await Promise.all(
        first.requests.map(async (url) => {
          const res = await fetch(`${api.base}${url}`, {
            headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' },
          });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
        }),
      );
      const floorMs = H.ms(t0);
      await context.close();
      if (run === 0) {
        apiRequests = first.requests;
        H.log(`warm-up: ready ${H.fmtMs(first.ready)}, interactive ${H.fmtMs(first.interactive)}`);
        continue;
      }
      cold.push(first);
      warm.push(second);
      floor.push(floorMs);
      H.log(
        `run ${run}: cold shell ${H.fmtMs(first.shell)}, ready ${H.fmtMs(first.ready)} / interactive ${H.fmtMs(first.interactive)}; ` +
          `warm ${H.fmtMs(second.ready)} / ${H.fmtMs(second.interactive)}; API floor ${H.fmtMs(floorMs)}`,
      );
    }
    const pick = (rows, key) => H.round(median(rows.map((r) => r[key])));
    report.apiRequests = apiRequests;
    report.median = {
      coldShellMs: pick(cold, 'shell'),
      warmShellMs: pick(warm, 'shell'),
      coldReadyMs: pick(cold, 'ready'),
      coldInteractiveMs: pick(cold, 'interactive'),
      warmReadyMs: pick(warm, 'ready'),
      warmInteractiveMs: pick(warm, 'interactive'),
      apiFloorMs: H.round(median(floor)),
    };
    report.ratios = {
      // what the browser adds on top of the data: (ready - floor) / floor
      coldReadyOverFloor: H.round(
        (report.median.coldReadyMs - report.median.apiFloorMs) / report.median.apiFloorMs,
        2,
      ),
      coldInteractiveToFloor: H.round(report.median.coldInteractiveMs / report.median.apiFloorMs, 2),
      warmInteractiveToFloor: H.round(report.median.warmInteractiveMs / report.median.apiFloorMs, 2),
    };
    report.goal = { interactiveMs: 1500, met: report.median.coldInteractiveMs < 1500 };
    console.log(JSON.stringify(report, null, 2));
    const dir = path.join(H.ROOT, 'tmp', 'bench');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `dashboard-${outfalls}.json`);
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    H.log(`wrote ${path.relative(H.ROOT, file)}`);
  } finally {
    await browser.close();
    await run.cleanup();
  }
}

main().catch((error) => {
  console.error(`bench: ${error && error.stack ? error.stack : error}`);
  process.exitCode = 1;
});
