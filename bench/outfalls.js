'use strict';
/*
 * Synthetic outfalls (plain CommonJS), shared by the directory, reads and sync benchmarks: the same set-based
 * INSERT and the same seed, so every benchmark inserts the same rows for the same N.
 */
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { DIST, fmtInt, fmtMs, log, ms, round } = require('./harness');

/** The app's own enumerations, from the build, so the generated pairs stay valid if they change. */
function appEnums() {
  const types = require(path.join(DIST, 'libs', 'shared', 'types', 'src', 'index.js'));
  return {
    subTypesByCategory: types.SUB_TYPES_BY_CATEGORY,
    modes: Object.values(types.DischargeMode),
    methods: Object.values(types.DischargeMethod),
    banks: Object.values(types.Bank),
  };
}

/*
 * One set-based statement per batch. Each row: a random water body (seeded), a random point along its centre
 * line (ST_LineInterpolatePoint) moved east or west by up to 2.5 km (key rivers) / 1.5 km (others) — the demo
 * seeder's idea — clamped to the city extent 86.8–87.8 E, 43.55–44.45 N; a random township / sub-district;
 * a category, then one of its sub-types (SUB_TYPES_BY_CATEGORY); discovered in 2023–2024.
 */
const INSERT_SQL = `
WITH w AS (
  SELECT (row_number() OVER (ORDER BY code) - 1)::int AS k, id, code, is_key, ST_GeometryN(centerline, 1) AS line
    FROM water_body WHERE centerline IS NOT NULL
), d AS (
  SELECT (row_number() OVER (ORDER BY code) - 1)::int AS k, id
    FROM division WHERE level IN ('township', 'sub_district')
), c AS (
  SELECT (ord - 1)::int AS k, key AS category, ARRAY(SELECT jsonb_array_elements_text(value)) AS sub_types
    FROM jsonb_each($3::jsonb) WITH ORDINALITY AS e(key, value, ord)
), g AS (
  SELECT i, random() AS rw, random() AS rf, random() AS ro, random() AS rd, random() AS rc, random() AS rs,
         random() AS rt, random() AS rm, random() AS rh, random() AS rz, random() AS rb
    FROM generate_series($1::int, $2::int) AS i
)
INSERT INTO outfall (local_code, name, category, sub_type, longitude, latitude, location, water_body_id, bank,
                     division_id, discharge_mode, discharge_method, size_mm, discovered_on, demo, version)
SELECT 'BENCH-' || lpad(g.i::text, 7, '0'),
       '基准测试排口 ' || w.code || '-' || c.category || ' #' || g.i,
       c.category,
       c.sub_types[1 + floor(g.rs * cardinality(c.sub_types))::int],
       ll.lon, ll.lat, ST_SetSRID(ST_MakePoint(ll.lon, ll.lat), 4326),
       w.id,
       ($6::text[])[1 + floor(g.rb * cardinality($6::text[]))::int],
       d.id,
       ($4::text[])[1 + floor(g.rm * cardinality($4::text[]))::int],
       ($5::text[])[1 + floor(g.rh * cardinality($5::text[]))::int],
       200 + floor(g.rz * 16)::int * 50,
       DATE '2023-01-01' + floor(g.rt * 731)::int,
       true, 1
  FROM g
  JOIN w ON w.k = floor(g.rw * (SELECT count(*) FROM w))::int
  JOIN d ON d.k = floor(g.rd * (SELECT count(*) FROM d))::int
  JOIN c ON c.k = floor(g.rc * (SELECT count(*) FROM c))::int
  CROSS JOIN LATERAL (SELECT ST_LineInterpolatePoint(w.line, g.rf) AS p) pt
  CROSS JOIN LATERAL (
    SELECT round(LEAST(87.8, GREATEST(86.8,
                   ST_X(pt.p) + (2 * g.ro - 1) * CASE WHEN w.is_key THEN 2500 ELSE 1500 END
                                / (111320 * cos(radians(ST_Y(pt.p))))))::numeric, 6)::float8 AS lon,
           round(LEAST(44.45, GREATEST(43.55, ST_Y(pt.p)))::numeric, 6)::float8 AS lat
  ) ll`;

/**
 * Inserts outfalls BENCH-0000001…n, `batch` rows per statement, on one session (`setseed` first: the same
 * data on every run); `onBatch(from, to, rows, elapsedMs)` after each statement. Returns the whole time in ms.
 */
async function insertOutfalls(client, n, batch, onBatch) {
  const enums = appEnums();
  await client.query(`SELECT setseed(0.2023)`);
  const started = performance.now();
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    const t0 = performance.now();
    const res = await client.query(INSERT_SQL, [
      from,
      to,
      JSON.stringify(enums.subTypesByCategory),
      enums.modes,
      enums.methods,
      enums.banks,
    ]);
    const elapsed = ms(t0);
    if (res.rowCount !== to - from + 1) throw new Error(`batch ${from}–${to} inserted ${res.rowCount} rows`);
    onBatch(from, to, res.rowCount, elapsed);
  }
  return ms(started);
}

/**
 * The reads and sync benchmarks' seeding: the outfalls (progress logged against the time so far), then VACUUM
 * (ANALYZE) of `tables`.
 */
async function seedOutfalls(client, n, batch, tables = ['outfall']) {
  const started = performance.now();
  const insertMs = await insertOutfalls(client, n, batch, (from, to) =>
    log(`  inserted ${fmtInt(to)} / ${fmtInt(n)} (${fmtMs(ms(started))})`),
  );
  const t0 = performance.now();
  for (const table of tables) await client.query(`VACUUM (ANALYZE) ${table}`);
  return { insertMs: round(insertMs), vacuumMs: round(ms(t0)) };
}

/** The header row of an outfall import sheet (the import benchmarks' files). */
const IMPORT_HEADERS = [
  '排污口名称',
  '排污口类别',
  '排污口类型',
  '受纳水体',
  '乡镇（街道）',
  '经度',
  '纬度',
  '发现日期',
];

module.exports = { IMPORT_HEADERS, INSERT_SQL, appEnums, insertOutfalls, seedOutfalls };
