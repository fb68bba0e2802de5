#!/usr/bin/env node
'use strict';
/*
 * Reading an import's XLSX (plain CommonJS, runs on the built API in dist/apps/api).
 *
 *   npm run bench -- spreadsheet-read --rows 50000     # builds the API, then runs this file
 *   node bench/spreadsheet-read.js --rows 50000 --runs 3
 *
 * Writes a sample-import workbook of R rows (the template's columns: outfall code, time, source, laboratory and
 * seven indicators), then reads it R times alternately with the two readers of
 * libs/directory/src/lib/imports/spreadsheet.util.ts, in this process:
 *   - whole: `parseSpreadsheet`, ExcelJS's whole-workbook reader (the floor: the same answer, the least code);
 *   - worker: `readSpreadsheet`, the reader worker the imports use (`ImportRun.load`).
 * For each read: wall time, the process's RSS growth (sampled every 20 ms) and the longest stall of its event
 * loop (a 10 ms timer's lateness), which is what the API's other requests wait for while a job reads its file.
 */
const ExcelJS = require('exceljs');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { DIST, option, percentile, wholeNumber } = require('./harness');

const READER = path.join(DIST, 'libs', 'directory', 'src', 'lib', 'imports', 'spreadsheet.util.js');

async function writeWorkbook(file, rows) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet('监测数据');
  sheet
    .addRow([
      '排污口编码',
      '采样时间',
      '数据来源',
      '监测机构',
      '流量（m³/d）',
      '水温（℃）',
      'pH',
      '化学需氧量（mg/L）',
      '氨氮（mg/L）',
      '总磷（mg/L）',
      '总氮（mg/L）',
    ])
    .commit();
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    sheet
      .addRow([
        `CJ-${i % 300}`,
        day,
        '人工监测',
        '昌吉州环境监测站',
        100 + (i % 50),
        12.5,
        7.2,
        35 + (i % 20),
        1.2,
        0.3,
        8.1,
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

async function measure(read) {
  const base = process.memoryUsage().rss;
  let peak = base;
  const rss = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  let stall = 0;
  let last = performance.now();
  const loop = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last - 10);
    last = now;
  }, 10);
  const started = performance.now();
  const rows = await read();
  const ms = performance.now() - started;
  clearInterval(rss);
  clearInterval(loop);
  return { rows, ms, rssMb: (peak - base) / 1e6, stallMs: stall };
}

async function main() {
  if (process.argv.includes('--help')) {
    console.log('usage: node bench/spreadsheet-read.js [--rows 50000] [--runs 3]');
    return;
  }
  if (!fs.existsSync(READER)) throw new Error(`no build at ${READER}: run npx nx build api first`);
  const { parseSpreadsheet, readSpreadsheet } = require(READER);
  const rows = wholeNumber('rows', option('rows', '50000'));
  const runs = wholeNumber('runs', option('runs', '3'));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'outfall-bench-read-')), 'samples.xlsx');
  await writeWorkbook(file, rows);
  const buffer = fs.readFileSync(file);
  console.log(
    `${rows} rows × 11 columns, ${(buffer.length / 1e6).toFixed(1)} MB; load ${os.loadavg().join(' ')}`,
  );
  const readers = {
    whole: () => parseSpreadsheet(buffer, 'samples.xlsx', '排污口编码', rows),
    worker: () => readSpreadsheet(buffer, 'samples.xlsx', '排污口编码', rows),
  };
  const results = { whole: [], worker: [] };
  for (let run = 0; run < runs; run++) {
    for (const [name, read] of Object.entries(readers)) {
      const result = await measure(async () => (await read()).rows.length);
      if (result.rows !== rows) throw new Error(`${name} read ${result.rows} rows, not ${rows}`);
      results[name].push(result);
      console.log(
        `${name.padEnd(6)} ${(result.ms / 1000).toFixed(2)} s, RSS +${result.rssMb.toFixed(0)} MB, ` +
          `longest event-loop stall ${result.stallMs.toFixed(0)} ms`,
      );
    }
  }
  const of = (name, key) =>
    percentile(
      results[name].map((r) => r[key]).sort((a, b) => a - b),
      50,
    );
  console.log(
    `median: time ×${(of('worker', 'ms') / of('whole', 'ms')).toFixed(2)} of the whole-workbook reader, ` +
      `RSS growth ${of('worker', 'rssMb').toFixed(0)} vs ${of('whole', 'rssMb').toFixed(0)} MB, ` +
      `event-loop stall ${of('worker', 'stallMs').toFixed(0)} vs ${of('whole', 'stallMs').toFixed(0)} ms`,
  );
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
