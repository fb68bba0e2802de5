#!/usr/bin/env node
'use strict';
/*
 * HJ 212-2017 ingest benchmark (plain CommonJS, runs on the built API in dist/apps/api).
 *
 *   npm run bench -- hj212 --packets 20000 --stations 20   # builds the API, then runs this file
 *   node bench/hj212.js --packets 5000 --keep               # on an existing build; keep the database
 *
 * Steps: recreate the bench database (PostgreSQL) → boot the built API with HJ212_PORT set (migrations + demo
 * seed) → register S online monitors on S demo outfalls over REST → S simulated stations connect over TCP and
 * each sends its share of hourly uploads (CN 2061, 7 pollutants, Flag=5: every packet waits for its 9014
 * answer before the next, as a station does) → packets/s into the database (answered = committed) → the same
 * packets again (duplicates: answered, stored once) → checks the row counts → stop the API, drop the database.
 */
const net = require('node:net');
const os = require('node:os');
const { performance } = require('node:perf_hooks');
const {
  databaseOf,
  fail,
  fmtInt,
  fmtMs,
  freePort,
  log,
  ms,
  recreateDatabase,
  round,
  session,
  writeResult,
  parseOptions,
  wholeNumber,
} = require('./harness');

const HELP = `usage: node bench/hj212.js [options]   (or: npm run bench -- hj212 [options])
  --packets <count>        uploads to send in all (default 20000)
  --stations <count>       stations (connections) sending at once, one monitor each (default 20)
  --database-url <url>     bench database (default $BENCH_HJ212_DATABASE_URL or
                           postgres://postgres@127.0.0.1:5432/outfall_bench_hj212); its name must contain
                           "bench"; it is DROPPED and recreated
  --boot-timeout <s>       wait for GET /health (default 180)
  --keep                   keep the database afterwards
  --help`;

function parseArgs(argv) {
  const opts = {
    packets: 20000,
    stations: 20,
    databaseUrl:
      process.env.BENCH_HJ212_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/outfall_bench_hj212',
    bootTimeoutS: 180,
    keep: false,
  };
  const count = (arg, text) => {
    const n = wholeNumber(arg.slice(2), text);
    if (n < 1) fail(`${arg} must be a positive whole number`);
    return n;
  };
  parseOptions(argv, HELP, (key, take) => {
    if (key === '--packets') opts.packets = count(key, take());
    else if (key === '--stations') opts.stations = count(key, take());
    else if (key === '--database-url') opts.databaseUrl = take();
    else if (key === '--boot-timeout') opts.bootTimeoutS = count(key, take());
    else if (key === '--keep') opts.keep = true;
    else return false;
  });
  return opts;
}

// the codec, as a station implements it (CRC per HJ 212-2017 appendix A)
function crc16(buf) {
  let reg = 0xffff;
  for (const byte of buf) {
    reg = (reg >> 8) ^ byte;
    for (let i = 0; i < 8; i++) reg = reg & 1 ? (reg >> 1) ^ 0xa001 : reg >> 1;
  }
  return reg.toString(16).toUpperCase().padStart(4, '0');
}
function frame(segment) {
  const body = Buffer.from(segment, 'utf8');
  return Buffer.concat([
    Buffer.from(`##${String(body.length).padStart(4, '0')}`),
    body,
    Buffer.from(`${crc16(body)}\r\n`),
  ]);
}
const pad = (n, w = 2) => String(n).padStart(w, '0');
/** The k-th hour from 2024-01-01 00:00 Beijing as yyyyMMddHHmmss. */
function hourText(k) {
  const d = new Date(Date.UTC(2024, 0, 1) + k * 3600_000);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}0000`;
}
function packet(mn, k) {
  const time = hourText(k);
  const cod = 20 + ((k * 37) % 60); // some hours exceed
  const cp = [
    `w01018-Avg=${cod},w01018-Flag=N`,
    `w21003-Avg=${(1 + (k % 9) * 0.7).toFixed(2)},w21003-Flag=N`,
    `w21011-Avg=0.${pad(k % 90)},w21011-Flag=N`,
    `w21001-Avg=${(8 + (k % 11)).toFixed(1)},w21001-Flag=N`,
    `w01001-Avg=7.${k % 10},w01001-Flag=N`,
    `w01010-Avg=${10 + (k % 15)},w01010-Flag=N`,
    `w00000-Avg=${(1 + (k % 5) * 0.25).toFixed(2)},w00000-Flag=${k % 50 === 0 ? 'M' : 'N'}`,
  ].join(';');
  return frame(`QN=${time}001;ST=32;CN=2061;PW=123456;MN=${mn};Flag=5;CP=&&DataTime=${time};${cp}&&`);
}

/** Sends `packets` one at a time, each after the answer to the previous; resolves with the answers seen. */
function station(port, packets) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffer = '';
    let sent = 0;
    let answers = 0;
    const next = () => {
      if (sent === packets.length) {
        socket.end();
        resolve(answers);
        return;
      }
      socket.write(packets[sent++]);
    };
    socket.on('connect', next);
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!line.includes('CN=9014')) return reject(new Error(`unexpected answer ${line}`));
        answers++;
        next();
      }
    });
    socket.on('error', reject);
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const db = databaseOf(opts.databaseUrl);
  const port = await freePort();
  process.env.HJ212_PORT = String(port);
  process.env.HJ212_HOST = '127.0.0.1';
  const run = session(db, { keep: opts.keep, tmpPrefix: 'outfall-bench-hj212-' });
  const { api } = run;
  const report = { benchmark: 'hj212', startedAt: new Date().toISOString(), ...opts, databaseUrl: undefined };
  try {
    log(
      `${fmtInt(opts.packets)} packets from ${opts.stations} stations; database ${db.name} (dropped and recreated)`,
    );
    await recreateDatabase(db);
    report.bootMs = round(await api.start(opts.bootTimeoutS));
    log(`API healthy on ${api.base} after ${fmtMs(report.bootMs)}; HJ 212 on port ${port}`);
    await api.login();
    const client = await run.connect();
    const outfalls = (
      await client.query(`SELECT id FROM outfall WHERE status <> 'merged' ORDER BY local_code LIMIT $1`, [
        opts.stations,
      ])
    ).rows;
    if (outfalls.length < opts.stations) fail(`the demo has only ${outfalls.length} outfalls`);
    const mns = [];
    for (const [i, o] of outfalls.entries()) {
      const mn = `BENCH${pad(i, 6)}`;
      const res = await api.request('POST', '/api/v1/online-monitors', {
        body: { mn, outfallId: o.id, name: `bench station ${i}`, password: '123456' },
      });
      if (res.status !== 201) throw new Error(`registering ${mn}: ${res.status} ${res.text}`);
      mns.push(mn);
    }
    const per = Math.ceil(opts.packets / opts.stations);
    const batches = mns.map((mn, s) =>
      Array.from({ length: Math.min(per, opts.packets - s * per) }, (_, k) => packet(mn, k)),
    );
    const total = batches.reduce((n, b) => n + b.length, 0);
    let started = performance.now();
    const answered = (await Promise.all(batches.map((b) => station(port, b)))).reduce((a, b) => a + b, 0);
    const elapsed = ms(started);
    report.packets = total;
    report.answered = answered;
    report.ms = round(elapsed);
    report.packetsPerSecond = round((total / elapsed) * 1000);
    log(
      `${fmtInt(total)} packets answered in ${fmtMs(elapsed)}: ${fmtInt(report.packetsPerSecond)} packets/s`,
    );
    started = performance.now();
    const again = batches.map((b) => b.slice(0, Math.ceil(b.length / 10)));
    const dupCount = again.reduce((n, b) => n + b.length, 0);
    await Promise.all(again.map((b) => station(port, b)));
    const dupMs = ms(started);
    report.duplicates = dupCount;
    report.duplicatesPerSecond = round((dupCount / dupMs) * 1000);
    log(
      `${fmtInt(dupCount)} duplicates answered in ${fmtMs(dupMs)}: ${fmtInt(report.duplicatesPerSecond)}/s`,
    );
    const [counts] = (
      await client.query(
        `SELECT (SELECT count(*)::int FROM hj212_packet) AS packets,
                (SELECT count(*)::int FROM sample WHERE source = 'online') AS samples,
                (SELECT count(*)::int FROM sample_value v JOIN sample s ON s.id = v.sample_id WHERE s.source = 'online') AS "values",
                (SELECT count(*)::int FROM sample WHERE source = 'online' AND exceeding) AS exceeding`,
      )
    ).rows;
    report.stored = counts;
    report.loadAverage = os.loadavg().map((l) => round(l, 2));
    log(`stored: ${JSON.stringify(counts)}`);
    if (counts.packets !== total || counts.samples !== total)
      throw new Error(`expected ${total} packets and samples, found ${JSON.stringify(counts)}`);
    writeResult(`hj212-${total}`, report);
  } finally {
    await run.cleanup();
  }
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error.message}`);
  process.exit(1);
});
