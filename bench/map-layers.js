'use strict';
/*
 * The outfall map at 100 000 points (issue 16), in headless Chromium: the SPA's outfall layer (GeoJSON parse →
 * ol/source/Cluster → the SPA's cached cluster style, from apps/admin/src/features/map) on N synthetic points
 * over Changji, against a floor of 5 000 points (the API's old cap) in the same run. Per size: parse, first draw
 * (clustering included), the slower of two zoom steps (each re-clusters), pan steps p50/max and a colour-mode
 * switch; prints the ratios to the floor.
 *
 *   node bench/map-layers.js                       # 100 000 against 5 000
 *   node bench/map-layers.js --points 50000 --floor 5000 --runs 3
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'tmp', 'bench-map-layers');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

async function bundle() {
  const { build } = await import('vite');
  await build({
    root: path.join(__dirname, 'map-layers'),
    base: './',
    logLevel: 'warn',
    resolve: { alias: { '@outfall/shared-types': path.join(ROOT, 'libs/shared/types/src/index.ts') } },
    build: { outDir: OUT, emptyOutDir: true, chunkSizeWarningLimit: 5000 },
  });
}

function serve() {
  const server = http.createServer((request, response) => {
    const file = path.join(OUT, decodeURIComponent(new URL(request.url, 'http://x').pathname));
    if (!file.startsWith(OUT) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      const index = path.join(OUT, 'index.html');
      response.writeHead(200, { 'Content-Type': 'text/html' }).end(fs.readFileSync(index));
      return;
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
    response.writeHead(200, { 'Content-Type': type }).end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const { default: c } = await import('@sparticuz/chromium'); console.log(await c.executablePath());",
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 180_000 },
  );
  return out.trim().split('\n').pop();
}

async function main() {
  const points = option('points', 100_000);
  const floor = option('floor', 5_000);
  const runs = option('runs', 3);
  await bundle();
  const server = await serve();
  const { chromium } = require(require.resolve('playwright-core', { paths: [ROOT] }));
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--no-zygote', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => typeof window.bench === 'function');
    const median = (rows, key) => rows.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
    const measure = async (n) => {
      const rows = [];
      for (let run = 0; run < runs; run += 1)
        rows.push(await page.evaluate((count) => window.bench(count), n));
      const keys = Object.keys(rows[0]);
      return Object.fromEntries(keys.map((key) => [key, median(rows, key)]));
    };
    await measure(1000); // warm-up (JIT, fonts)
    const low = await measure(floor);
    const high = await measure(points);
    const ratio = (key) => Math.round((high[key] / Math.max(low[key], 0.1)) * 10) / 10;
    const report = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, load: os.loadavg().map((l) => Math.round(l * 10) / 10) },
      runs,
      floor: low,
      measured: high,
      ratios: Object.fromEntries(
        [
          'jsonParseMs',
          'readFeaturesMs',
          'firstDrawMs',
          'zoomMs',
          'panP50Ms',
          'panMaxMs',
          'modeSwitchMs',
        ].map((key) => [key, ratio(key)]),
      ),
    };
    console.log(JSON.stringify(report, null, 2));
    const dir = path.join(__dirname, 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `map-layers-${points}.json`), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
