#!/usr/bin/env node
'use strict';
/*
 * One entry point for every benchmark (issue 17, "Benchmarks"):
 *
 *   npm run bench -- <name> [--scale 100k|1m|<count>] [the benchmark's own options]
 *   npm run bench -- list
 *
 * Builds what the benchmark runs on (the API; the SPA too for the browser benchmarks), then runs
 * bench/<script>.js in a child process with the remaining options. `--scale` is translated into the benchmark's
 * own size option (outfalls, rows, readings or packets). Every benchmark measures its floor in the same run and
 * prints the ratios; bench/RESULTS.md records the figures. Without a name (`npm run bench -- --n 100000`) the
 * directory benchmark runs, as before.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** name → script, what it needs built, its size option (null: it has none) and what it measures. */
const BENCHMARKS = {
  directory: {
    script: 'run.js',
    build: ['api'],
    size: '--n',
    what: 'directory derivations and typical queries',
  },
  reads: {
    script: 'floor.js',
    build: ['api'],
    size: '--n',
    what: 'list page, card and GeoJSON against two floors',
  },
  progress: {
    script: 'progress.js',
    build: ['api'],
    size: '--n',
    what: 'progress as of a day, raw recompute',
  },
  'progress-rollup': {
    script: 'progress-rollup.js',
    build: ['api'],
    size: '--n',
    what: 'progress roll-up against the raw recompute',
  },
  monitoring: {
    script: 'monitoring.js',
    build: ['api'],
    size: '--values',
    what: 'sample ingest against \\copy',
  },
  exceedances: {
    script: 'exceedances.js',
    build: ['api'],
    size: '--values',
    what: 'exceedance and pollution-source lists against their floor',
  },
  import: { script: 'import.js', build: ['api'], size: '--rows', what: 'set-based XLSX import (time, RSS)' },
  'spreadsheet-read': {
    script: 'spreadsheet-read.js',
    build: ['api'],
    size: '--rows',
    what: "an import's XLSX read: the reader worker against ExcelJS's whole-workbook reader",
  },
  'import-stall': {
    script: 'import-stall.js',
    build: ['api'],
    size: '--rows',
    what: 'reads during an import',
  },
  hj212: { script: 'hj212.js', build: ['api'], size: '--packets', what: 'HJ 212 packets per second' },
  sync: { script: 'sync.js', build: ['api'], size: '--n', what: 'change feed: initial sync and steady poll' },
  public: {
    script: 'public-traffic.js',
    build: ['api'],
    size: null,
    what: 'public portal under console load',
  },
  multiprocess: { script: 'multiprocess.js', build: ['api'], size: null, what: '1, 2 and 4 API processes' },
  dashboard: {
    script: 'dashboard.js',
    build: ['api', 'admin'],
    size: '--n',
    what: 'dashboard time to interactive',
  },
  map: { script: 'map-layers.js', build: [], size: '--points', what: 'the outfall map layer in Chromium' },
};

/** `100k`, `1m`, `1e6`, `250_000` → an integer count. */
function parseScale(text) {
  const match = /^(\d+(?:\.\d+)?)\s*([km]?)$/i.exec(String(text).replace(/_/g, '').trim());
  const value = match
    ? Number(match[1]) * { '': 1, k: 1e3, m: 1e6 }[match[2].toLowerCase()]
    : Number(String(text).replace(/_/g, ''));
  if (!Number.isFinite(value) || value <= 0 || !Number.isInteger(value)) {
    throw new Error(`--scale ${text}: expected a positive count such as 100k, 1m, 1e6 or 250000`);
  }
  return value;
}

/** Splits the command line into the benchmark's name and the options passed on (with --scale translated). */
function resolve(argv) {
  const named = argv.length > 0 && !argv[0].startsWith('-');
  const name = named ? argv[0] : 'directory';
  const bench = BENCHMARKS[name];
  if (!bench) throw new Error(`unknown benchmark "${name}"; one of: ${Object.keys(BENCHMARKS).join(', ')}`);
  const rest = named ? argv.slice(1) : argv.slice();
  const scaleAt = rest.findIndex((arg) => arg === '--scale' || arg.startsWith('--scale='));
  if (scaleAt >= 0) {
    const inline = rest[scaleAt].includes('=');
    const value = inline ? rest[scaleAt].slice('--scale='.length) : rest[scaleAt + 1];
    if (value === undefined) throw new Error('--scale needs a value, e.g. --scale 1m');
    if (!bench.size) throw new Error(`the ${name} benchmark has no size to scale`);
    rest.splice(scaleAt, inline ? 1 : 2, bench.size, String(parseScale(value)));
  }
  return { name, bench, args: rest };
}

function list() {
  const width = Math.max(...Object.keys(BENCHMARKS).map((name) => name.length));
  console.log(
    'npm run bench -- <name> [--scale 100k|1m|<count>] [options]   (--help after the name: its options)',
  );
  for (const [name, bench] of Object.entries(BENCHMARKS)) {
    const size = bench.size ? `--scale → ${bench.size}` : 'no --scale';
    console.log(`  ${name.padEnd(width)}  ${bench.what} (bench/${bench.script}, ${size})`);
  }
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === 'list' || argv[0] === '--list') return list();
  let resolved;
  try {
    resolved = resolve(argv);
  } catch (error) {
    console.error(error.message);
    process.exitCode = 2;
    return;
  }
  const { bench, args } = resolved;
  if (bench.build.length > 0 && !process.env.BENCH_SKIP_BUILD) {
    const nx = path.join(ROOT, 'node_modules', '.bin', 'nx');
    const status = run(nx, ['run-many', '-t', 'build', '-p', ...bench.build, '--outputStyle=static']);
    if (status !== 0) {
      process.exitCode = status;
      return;
    }
  }
  process.exitCode = run(process.execPath, [path.join(__dirname, bench.script), ...args]);
}

if (require.main === module) main();

module.exports = { BENCHMARKS, parseScale, resolve };
