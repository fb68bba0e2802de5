import { diffSnapshots, snapshot } from '@outfall/audit';
import { Outfall, OUTFALL_IMPORT_SLICES, withCreditCodeCheck } from '@outfall/directory';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { expectError, TestApp, UUID_V7 } from './support/test-app';

const HEADERS = [
  '排污口名称',
  '排污口类别',
  '排污口类型',
  '受纳水体',
  '乡镇（街道）',
  '经度',
  '纬度',
  '发现日期',
  '登记日期',
];
const GOOD_ROWS = [
  [
    '导入一号排口',
    '工业排污口',
    '工矿企业排污口',
    '头屯河',
    '六工镇',
    '87.41',
    '44.01',
    '2023-09-01',
    '2023-09-05',
  ],
  [
    '导入二号排口',
    '农业排污口',
    '规模化畜禽养殖场排污口',
    'STH',
    '三工镇',
    '87.23',
    '44.02',
    '2023-10-12',
    '',
  ],
  ['导入三号排口', 'other', 'urban_stormwater', '洛克伦河', '652301001', '86.98', '44.10', '2024-03-02', ''],
];

async function xlsx(rows: string[][], build?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名录');
  if (build) build(sheet);
  else {
    sheet.addRow(HEADERS);
    rows.forEach((row) => sheet.addRow(row));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('outfall import', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  async function upload(buffer: Buffer, name: string, mode?: string) {
    const req = t.http
      .post('/api/v1/outfalls/imports')
      .set(await t.auth('eco_officer'))
      .attach('file', buffer, name);
    if (mode) void req.field('mode', mode);
    return req;
  }

  async function imported(buffer: Buffer, name: string, mode?: string) {
    const res = await upload(buffer, name, mode);
    expect(res.status).toBe(202);
    const job = await t.waitForJob(res.body.id);
    expect(job.state).toBe('completed');
    return job.result as {
      created: number;
      updated: number;
      rejected: number;
      committed: boolean;
      errors: { row: number; field: string; message: string }[];
    };
  }

  it('serves a template with Chinese headers and a code sheet', async () => {
    const res = await t.http
      .get('/api/v1/outfalls/import-template')
      .set(await t.auth('eco_officer'))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as never);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['排污口名录', '代码表']);
    expect(workbook.worksheets[0].getRow(1).values).toEqual(
      expect.arrayContaining(['排污口名称', '受纳水体', '经度']),
    );
  });

  it('imports a good file, and re-importing it updates instead of duplicating', async () => {
    const before = await t.count('outfall');
    const file = await xlsx(GOOD_ROWS);
    const startedMs = Date.now();
    const first = await imported(file, '名录.xlsx');
    const endedMs = Date.now();
    expect(first).toMatchObject({ created: 3, updated: 0, rejected: 0, committed: true, errors: [] });
    expect(await t.count('outfall')).toBe(before + 3);
    const [row] = await t.dataSource.query<{ area: string; division: string; registered: string }[]>(
      `SELECT o.area, d.name AS division, e.effective_on::text AS registered FROM outfall o JOIN division d ON d.id = o.division_id
         JOIN outfall_event e ON e.outfall_id = o.id AND e.type = 'registered' WHERE o.name = '导入一号排口'`,
    );
    expect(row).toEqual({ area: 'key', division: '六工镇', registered: '2023-09-05' });
    // new outfalls get time-ordered ids (UUID version 7 layout) that sort in file order
    const ids = await t.dataSource.query<{ id: string }[]>(
      `SELECT id::text AS id FROM outfall WHERE name = ANY($1) ORDER BY array_position($1, name)`,
      [GOOD_ROWS.map((r) => r[0])],
    );
    expect(ids).toHaveLength(3);
    for (const { id } of ids) expect(id).toMatch(UUID_V7);
    expect(ids.map((r) => r.id)).toEqual(ids.map((r) => r.id).sort());
    // so do the rows written with them in bulk (uuid_time_ordered(): the time written in the first 48 bits)
    const written = await t.dataSource.query<{ kind: string; id: string }[]>(
      `SELECT 'milestone' AS kind, e.id::text AS id FROM outfall_event e WHERE e.outfall_id = ANY($1::uuid[])
       UNION ALL SELECT 'milestone history', h.id::text FROM outfall_event_history h WHERE h.outfall_id = ANY($1::uuid[])
       UNION ALL SELECT 'flag history', h.id::text FROM outfall_flag_history h WHERE h.outfall_id = ANY($1::uuid[])
       UNION ALL SELECT 'audit', a.id::text FROM audit_log a WHERE a.entity_id = ANY($1::text[])`,
      [ids.map((r) => r.id)],
    );
    expect(new Set(written.map((r) => r.kind))).toEqual(
      new Set(['milestone', 'milestone history', 'flag history', 'audit']),
    );
    const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    const outOfLayout = written.filter(
      ({ id }) => !UUID_V7.test(id) || msOf(id) < startedMs - 1000 || msOf(id) > endedMs + 1000,
    );
    expect(outOfLayout).toEqual([]);
    // the audit rows the database builds carry what a create through the API records: the loaded entity
    const [created] = await t.dataSource.query<
      { id: string; after: Record<string, unknown>; diff: object | null }[]
    >(
      `SELECT a.entity_id AS id, a.after, a.diff FROM audit_log a JOIN outfall o ON o.id::text = a.entity_id
        WHERE o.name = '导入一号排口' AND a.action = 'create'`,
    );
    const loaded = snapshot(await t.dataSource.getRepository(Outfall).findOneByOrFail({ id: created.id }));
    expect(created.after).toEqual(loaded);
    expect(created.after).toMatchObject({ area: 'key', banCandidate: false, version: 1 });
    // its diff is not stored (it is every field of `after`): the trail derives it when read, over REST
    expect(created.diff).toBeNull();
    const trail = await t.http
      .get('/api/v1/audit-logs')
      .query({ entityType: 'outfall', entityId: created.id, action: 'create' })
      .set(await t.auth('eco_officer'));
    expect(trail.status).toBe(200);
    expect(trail.body.items).toHaveLength(1);
    expect(trail.body.items[0].diff).toEqual(diffSnapshots(null, loaded));
    expect(trail.body.items[0].diff).toMatchObject({ area: { before: null, after: 'key' } });
    const again = await imported(
      await xlsx([
        [
          '导入一号排口',
          '工业排污口',
          '工矿企业排污口',
          '头屯河',
          '六工镇',
          '87.41',
          '44.01',
          '2023-08-01',
          '',
        ],
        ...GOOD_ROWS.slice(1),
      ]),
      '名录.xlsx',
    );
    expect(again).toMatchObject({ created: 0, updated: 3, rejected: 0 });
    expect(await t.count('outfall')).toBe(before + 3);
    const updates = await t.dataSource.query<{ before: object; after: object; diff: object }[]>(
      `SELECT before, after, diff FROM audit_log WHERE entity_id = $1 AND action = 'update' ORDER BY occurred_at`,
      [created.id],
    );
    expect(updates).toHaveLength(1);
    expect(updates[0].before).toEqual(loaded);
    expect(updates[0].after).toEqual(
      snapshot(await t.dataSource.getRepository(Outfall).findOneByOrFail({ id: created.id })),
    );
    expect(updates[0].diff).toEqual({ discoveredOn: { before: '2023-09-01', after: '2023-08-01' } });
  });

  it('numbers generated codes on from the highest in use per prefix, in file order', async () => {
    // {water}-{category}-{seq:4}: 头屯河's industrial prefix; an outfall already holds number 41
    const [{ code }] = await t.dataSource.query<{ code: string }[]>(
      `SELECT code FROM water_body WHERE name = '头屯河'`,
    );
    const prefix = `${code}-GY-`;
    const row = (name: string, lon: string, localCode = '') => [
      name,
      '工业排污口',
      '工矿企业排污口',
      '头屯河',
      '六工镇',
      lon,
      '44.01',
      '2023-09-01',
      '',
      localCode,
    ];
    const build = (rows: string[][]) => (sheet: ExcelJS.Worksheet) => {
      sheet.addRow([...HEADERS, '排污口编码']);
      rows.forEach((r) => sheet.addRow(r));
    };
    const held = await imported(
      await xlsx([], build([row('编码既有排口', '87.400', `${prefix}0041`)])),
      '既有.xlsx',
    );
    expect(held).toMatchObject({ created: 1, rejected: 0, committed: true });
    const [{ max }] = await t.dataSource.query<{ max: number }[]>(
      `SELECT max(substring(local_code from $2::int)::int) AS max FROM outfall
        WHERE local_code LIKE $1 AND substring(local_code from $2::int) ~ '^[0-9]+$'`,
      [`${prefix}%`, prefix.length + 1],
    );
    expect(max).toBeGreaterThanOrEqual(41);
    const result = await imported(
      await xlsx(
        [],
        build([row('编码甲排口', '87.401'), row('编码乙排口', '87.402'), row('编码丙排口', '87.403')]),
      ),
      '编码.xlsx',
    );
    expect(result).toMatchObject({ created: 3, rejected: 0, committed: true });
    const codes = await t.dataSource.query<{ name: string; local_code: string }[]>(
      `SELECT name, local_code FROM outfall WHERE name = ANY($1) ORDER BY local_code`,
      [['编码甲排口', '编码乙排口', '编码丙排口']],
    );
    const seq = (n: number) => `${prefix}${String(max + n).padStart(4, '0')}`;
    expect(codes).toEqual([
      { name: '编码甲排口', local_code: seq(1) },
      { name: '编码乙排口', local_code: seq(2) },
      { name: '编码丙排口', local_code: seq(3) },
    ]);
  });

  it('reports each bad row; valid-only writes the good ones, all-or-nothing writes none', async () => {
    const rows = [
      [
        '坏行甲',
        '工业排污口',
        '规模化畜禽养殖场排污口',
        '头屯河',
        '六工镇',
        '87.41',
        '44.03',
        '2023-09-01',
        '',
      ],
      ['好行乙', '工业排污口', '工矿企业排污口', '头屯河', '六工镇', '87.41', '44.04', '2023-09-01', ''],
      ['坏行丙', '工业排污口', '工矿企业排污口', '黄河', '六工镇', '120', '44.05', '2023-13-01', ''],
    ];
    const before = await t.count('outfall');
    const strict = await imported(await xlsx(rows), 'bad.xlsx', 'all_or_nothing');
    expect(strict).toMatchObject({ committed: false, created: 0, rejected: 2 });
    expect(await t.count('outfall')).toBe(before);
    const lenient = await imported(await xlsx(rows), 'bad.xlsx', 'valid_only');
    expect(lenient).toMatchObject({ committed: true, created: 1, rejected: 2 });
    expect(await t.count('outfall')).toBe(before + 1);
    const byRow = (n: number) =>
      lenient.errors
        .filter((e) => e.row === n)
        .map((e) => e.field)
        .sort();
    // every error of a row, in Chinese
    expect(byRow(2)).toEqual(['排污口类型']);
    expect(byRow(4)).toEqual(['发现日期', '受纳水体', '经度']);
    expect(lenient.errors.filter((e) => e.row === 4).sort((a, b) => a.field.localeCompare(b.field))).toEqual([
      { row: 4, field: '发现日期', message: '发现日期“2023-13-01”不是有效日期，须为 YYYY-MM-DD' },
      { row: 4, field: '受纳水体', message: '未知的受纳水体“黄河”' },
      { row: 4, field: '经度', message: expect.stringMatching(/^坐标（120, 44.05）不在本市范围内/) },
    ]);
    expect(lenient.errors.find((e) => e.row === 2)?.message).toBe(
      '排污口类型“规模化畜禽养殖场排污口”不属于“工业排污口”',
    );
  });

  it('checks a file in slices while still reading it, with the errors of one pass, also when its rows are out of order', async () => {
    // errors in several slices: a wrong type (sheet row 4), an unknown water (row 9), and a name given twice
    // on the same water (rows 3 and 12: a check over the whole file)
    const rows = Array.from({ length: 12 }, (_, i) => [
      `分片排口${i === 10 ? 1 : i}`,
      '工业排污口',
      i === 2 ? '规模化畜禽养殖场排污口' : '工矿企业排污口',
      i === 7 ? '黄河' : '头屯河',
      '六工镇',
      '87.41',
      (44.03 + i * 0.001).toFixed(3),
      '2023-09-01',
      '',
    ]);
    const file = await xlsx(rows);
    // the same rows with sheet row 4 moved after row 11 (the reader keeps each row's number)
    const zip = await JSZip.loadAsync(file);
    const sheetXml = await zip.file('xl/worksheets/sheet1.xml')?.async('string');
    const moved = /<row r="4"[^>]*>.*?<\/row>/.exec(sheetXml ?? '')?.[0];
    expect(moved).toBeDefined();
    zip.file(
      'xl/worksheets/sheet1.xml',
      (sheetXml as string)
        .replace(moved as string, '')
        .replace(/(<row r="11"[^>]*>.*?<\/row>)/, `$1${moved as string}`),
    );
    const shuffled = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const before = await t.count('outfall');
    const onePass = await imported(file, 'slices.xlsx', 'all_or_nothing');
    expect(onePass).toMatchObject({ committed: false, rejected: 3 });
    expect([...new Set(onePass.errors.map((e) => e.row))]).toEqual([4, 9, 12]);
    const defaults = { ...OUTFALL_IMPORT_SLICES };
    // on PostgreSQL: staged 2 rows at a time, checked 3 at a time while the rest is read
    Object.assign(OUTFALL_IMPORT_SLICES, { stageBatch: 2, checkWhileStaging: 3 });
    try {
      expect(await imported(file, 'slices.xlsx', 'all_or_nothing')).toEqual(onePass);
      expect(await imported(shuffled, 'slices.xlsx', 'all_or_nothing')).toEqual(onePass);
      expect(await t.count('outfall')).toBe(before);
      const lenient = await imported(shuffled, 'slices.xlsx', 'valid_only');
      expect(lenient).toMatchObject({ committed: true, created: 9, rejected: 3, errors: onePass.errors });
      expect(await t.count('outfall')).toBe(before + 9);
    } finally {
      Object.assign(OUTFALL_IMPORT_SLICES, defaults);
    }
  });

  it('reads GBK and UTF-8-with-BOM CSV, merged header cells and formulas', async () => {
    const csv = [
      HEADERS.join(','),
      '"国标编码排口,带逗号",工业排污口,工矿企业排污口,头屯河,六工镇,87.405,44.11,2023-09-01,',
    ].join('\r\n');
    const gb18030 = encodeGb18030(csv);
    const fromGbk = await imported(gb18030, '名录-gbk.csv');
    expect(fromGbk).toMatchObject({ created: 1, rejected: 0 });
    expect(await t.count('outfall', `name = '国标编码排口,带逗号'`)).toBe(1);
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(csv.replace('国标编码排口,带逗号', 'BOM排口'), 'utf8'),
    ]);
    expect(await imported(bom, 'bom.csv')).toMatchObject({ created: 1, rejected: 0 });

    const merged = await xlsx([], (sheet) => {
      sheet.addRow(['昌吉市入河排污口名录（2023年）']);
      sheet.mergeCells('A1:I1');
      sheet.addRow([
        '排污口名称',
        '分类',
        '',
        '受纳水体',
        '乡镇（街道）',
        '位置',
        '',
        '发现日期',
        '登记日期',
      ]);
      sheet.addRow(['', '排污口类别', '排污口类型', '', '', '经度', '纬度', '', '']);
      sheet.mergeCells('A2:A3');
      sheet.mergeCells('D2:D3');
      sheet.mergeCells('E2:E3');
      sheet.mergeCells('H2:H3');
      sheet.addRow([
        '合并表头排口',
        '工业排污口',
        '工矿企业排污口',
        '三屯河',
        '三工镇',
        { formula: '87+0.2', result: 87.2 },
        44.12,
        '2023-09-01',
        '',
      ]);
      // a second outfall on the same water in the same township: both cells merged down from the row above
      sheet.addRow([
        '合并单元格排口',
        '工业排污口',
        '工矿企业排污口',
        '',
        '',
        87.21,
        44.13,
        '2023-09-02',
        '',
      ]);
      sheet.mergeCells('D4:D5');
      sheet.mergeCells('E4:E5');
    });
    // the header row is the first that contains 排污口名称 (row 2); its merged cells reach down into row 3
    const result = await imported(merged, 'merged.xlsx');
    expect(result.errors).toEqual([]);
    expect(await t.count('outfall', `name = '合并表头排口' AND longitude = 87.2`)).toBe(1);
    const [both] = await t.dataSource.query<{ waters: number; townships: number; n: number }[]>(
      `SELECT count(DISTINCT water_body_id)::int AS waters, count(DISTINCT division_id)::int AS townships,
              count(*)::int AS n
         FROM outfall WHERE name IN ('合并表头排口', '合并单元格排口')`,
    );
    expect(both).toEqual({ waters: 1, townships: 1, n: 2 });
  });

  it('imports the responsible-entity list, checking credit codes, and updates on re-import', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('责任主体清单');
    sheet.addRow(['责任主体名称', '类型', '统一社会信用代码', '联系电话', '乡镇（街道）', '位于工业园区']);
    sheet.addRow(['导入企业甲', '企业', '91350100M000100Y43', '13800138000', '六工镇', '否']);
    sheet.addRow(['导入养殖场乙', 'farm', '', '', '三工镇', '']);
    sheet.addRow(['坏码企业丙', '企业', '91350100M000100Y44', '123', '不存在镇', '']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const post = async () => {
      const res = await t.http
        .post('/api/v1/responsible-entities/imports')
        .set(await t.auth('eco_officer'))
        .field('mode', 'valid_only')
        .attach('file', file, '责任主体.xlsx');
      expect(res.status).toBe(202);
      return (await t.waitForJob(res.body.id)).result as {
        created: number;
        updated: number;
        rejected: number;
        errors: { row: number; field: string }[];
      };
    };
    const first = await post();
    expect(first).toMatchObject({ created: 2, updated: 0, rejected: 1 });
    expect(
      first.errors
        .filter((e) => e.row === 4)
        .map((e) => e.field)
        .sort(),
    ).toEqual(['乡镇（街道）', '统一社会信用代码', '联系电话']);
    expect(await post()).toMatchObject({ created: 0, updated: 2, rejected: 1 });
    expect(await t.count('responsible_entity', `name IN ('导入企业甲', '导入养殖场乙')`)).toBe(2);
  });

  it('fails the job of every import kind when the file is refused (one rule), writing nothing', async () => {
    const eco = await t.auth('eco_officer');
    const refused = async (path: string, csv: string) => {
      const res = await t.http
        .post(`/api/v1/${path}/imports`)
        .set(eco)
        .field('mode', 'valid_only')
        .attach('file', Buffer.from(csv, 'utf8'), 'refused.csv');
      expect(res.status).toBe(202);
      const job = await t.waitForJob(res.body.id);
      expect(job).toMatchObject({ state: 'failed' });
      return job.error as string;
    };
    const entities = await t.count('responsible_entity');
    const samples = await t.count('sample');
    const audit = await t.count('audit_log');
    // a header row only, missing required columns, no header row at all
    expect(await refused('responsible-entities', '责任主体名称,类型\n')).toMatch(/^文件中没有数据行/);
    expect(await refused('responsible-entities', '责任主体名称,联系电话\n甲,13800138000\n')).toMatch(
      /^文件缺少必填列：类型/,
    );
    expect(await refused('remediation/back-entries', '编码,日期\nTTH-1,2023-10-01\n')).toMatch(
      /^未找到含“排污口编码”列的表头行/,
    );
    // a samples file whose columns name no indicator
    expect(
      await refused('samples', '排污口编码,采样时间,数据来源,备注\nTTH-1,2024-01-01 10:00,人工采样,x\n'),
    ).toMatch(/^文件中没有指标列/);
    expect(await t.count('responsible_entity')).toBe(entities);
    expect(await t.count('sample')).toBe(samples);
    expect(await t.count('audit_log')).toBe(audit);
  });

  describe('jurisdiction: an import touches only records the caller may write', () => {
    const importAs = async (username: string, path: string, csv: string[]) => {
      const res = await t.http
        .post(`/api/v1/${path}/imports`)
        .set(await t.auth(username))
        .field('mode', 'valid_only')
        .attach('file', Buffer.from(csv.join('\n'), 'utf8'), 'rows.csv');
      expect(res.status).toBe(202);
      return (await t.waitForJob(res.body.id)).result as {
        created: number;
        updated: number;
        rejected: number;
        errors: { row: number; field: string; message: string }[];
      };
    };

    it('a township importing another township’s company (by credit code) gets a row error; the company stays', async () => {
      const eco = await t.auth('eco_officer');
      const code = withCreditCodeCheck('91652301MA7700001');
      const [sangong] = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM division WHERE name = '三工镇'`,
      );
      const company = await t.http.post('/api/v1/responsible-entities').set(eco).send({
        name: '三工镇建材有限公司',
        kind: 'enterprise',
        creditCode: code,
        divisionId: sangong.id,
      });
      expect(company.status).toBe(201);
      const result = await importAs('township_liugong', 'responsible-entities', [
        '责任主体名称,类型,统一社会信用代码,乡镇（街道）',
        `六工镇冒名公司,企业,${code},六工镇`,
        '六工镇本地合作社,farm,,六工镇',
      ]);
      expect(result).toMatchObject({ created: 1, updated: 0, rejected: 1 });
      expect(result.errors).toEqual([
        {
          row: 2,
          field: '统一社会信用代码',
          message: expect.stringMatching(
            new RegExp(`^统一社会信用代码 ${code} 属于其他乡镇（街道）的责任主体，不在您的辖区内`),
          ),
        },
      ]);
      const [stays] = await t.dataSource.query<{ name: string; division_id: string; version: number }[]>(
        `SELECT name, division_id, version FROM responsible_entity WHERE id = $1`,
        [company.body.id],
      );
      expect(stays).toEqual({
        name: '三工镇建材有限公司',
        division_id: sangong.id,
        version: company.body.version,
      });
    });

    it('a township’s outfall import matches names only inside its township, and refuses another township’s code', async () => {
      const eco = await t.auth('eco_officer');
      const [sangong] = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM division WHERE name = '三工镇'`,
      );
      const [water] = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM water_body WHERE code = 'TTH'`,
      );
      const theirs = await t.http.post('/api/v1/outfalls').set(eco).send({
        name: '同名排口',
        category: 'industrial',
        subType: 'industrial_enterprise',
        waterBodyId: water.id,
        divisionId: sangong.id,
        longitude: 87.6,
        latitude: 44.6,
        discoveredOn: '2023-09-01',
      });
      expect(theirs.status).toBe(201);
      const header = '排污口编码,排污口名称,排污口类别,排污口类型,受纳水体,乡镇（街道）,经度,纬度,发现日期';
      const result = await importAs('township_liugong', 'outfalls', [
        header,
        ',同名排口,工业排污口,工矿企业排污口,头屯河,六工镇,87.61,44.61,2023-09-02',
        `${theirs.body.localCode},改名排口,工业排污口,工矿企业排污口,头屯河,六工镇,87.6,44.6,2023-09-01`,
      ]);
      expect(result).toMatchObject({ created: 1, updated: 0, rejected: 1 });
      expect(result.errors).toEqual([
        {
          row: 3,
          field: '排污口编码',
          message: expect.stringMatching(
            new RegExp(`^编码 ${theirs.body.localCode} 属于其他乡镇（街道）的排污口，不在您的辖区内`),
          ),
        },
      ]);
      const [stays] = await t.dataSource.query<{ name: string; version: number }[]>(
        `SELECT name, version FROM outfall WHERE id = $1`,
        [theirs.body.id],
      );
      expect(stays).toEqual({ name: '同名排口', version: theirs.body.version });
      expect(await t.count('outfall', `name = '同名排口'`)).toBe(2);
    });
  });

  it('refuses wrong types, empty and huge files before queueing', async () => {
    const jobs = await t.count('job_record');
    expectError(await upload(Buffer.from('hello'), 'notes.txt'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await upload(Buffer.from('not a zip'), 'fake.xlsx'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await upload(Buffer.alloc(0), 'empty.csv'), 400, 'VALIDATION_FAILED');
    expectError(await upload(Buffer.alloc(21 * 1024 * 1024, 0x41), 'huge.csv'), 413, 'PAYLOAD_TOO_LARGE');
    expectError(
      await t.http.post('/api/v1/outfalls/imports').set(await t.auth('eco_officer')),
      400,
      'VALIDATION_FAILED',
    );
    // a refused file fails the job with the reason (never "completed")
    const noRows = await upload(Buffer.from(HEADERS.join(',') + '\n', 'utf8'), 'header-only.csv');
    expect(noRows.status).toBe(202);
    expect(await t.waitForJob(noRows.body.id)).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^文件中没有数据行/),
    });
    const noName = await upload(Buffer.from('排污口类别,经度\n工业排污口,87.4\n', 'utf8'), 'no-name.csv');
    expect(await t.waitForJob(noName.body.id)).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^未找到含“排污口名称”列的表头行/),
    });
    const noColumns = await upload(Buffer.from('排污口名称,经度\n甲,87.4\n', 'utf8'), 'few.csv');
    expect(await t.waitForJob(noColumns.body.id)).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^文件缺少必填列：排污口类别、排污口类型、受纳水体、纬度、发现日期/),
    });
    expect(await t.count('job_record')).toBe(jobs + 3);
    expectError(await upload(await xlsx(GOOD_ROWS), 'x.xlsx', 'sometimes'), 400, 'VALIDATION_FAILED');
    const township = await t.http
      .post('/api/v1/outfalls/imports')
      .set(await t.auth('water_officer'))
      .attach('file', await xlsx(GOOD_ROWS), 'x.xlsx');
    expect(township.status).toBe(202);
  });
});

/** GB18030 encoding for the test (Node has a decoder but no encoder): via iconv-style lookup of each char. */
function encodeGb18030(text: string): Buffer {
  const bytes: number[] = [];
  const decoder = new TextDecoder('gb18030');
  const cache = new Map<string, number[]>();
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) {
      bytes.push(char.charCodeAt(0));
      continue;
    }
    let found = cache.get(char);
    if (!found) {
      for (let hi = 0x81; hi <= 0xfe && !found; hi++) {
        for (let lo = 0x40; lo <= 0xfe; lo++) {
          if (decoder.decode(Uint8Array.from([hi, lo])) === char) {
            found = [hi, lo];
            break;
          }
        }
      }
      if (!found) throw new Error(`cannot encode ${char}`);
      cache.set(char, found);
    }
    bytes.push(...found);
  }
  return Buffer.from(bytes);
}

describe('layer import (GeoJSON / XLSX)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const line = (lon: number) => ({
    type: 'LineString',
    coordinates: [
      [lon, 44.0],
      [lon, 44.2],
    ],
  });
  const collection = (features: object[]) =>
    Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }), 'utf8');
  const importLayer = async (layer: string, buffer: Buffer, name: string, mode = 'all_or_nothing') =>
    t.http
      .post('/api/v1/layers/imports')
      .set(await t.auth('water_officer'))
      .field('layer', layer)
      .field('mode', mode)
      .attach('file', buffer, name);

  it('imports water bodies from GeoJSON, reports bad features and updates on re-import', async () => {
    const features = [
      {
        type: 'Feature',
        properties: { 编码: 'GJA', 名称: '导入河甲', 类型: '河流', 级别: '县市级' },
        geometry: line(87.1),
      },
      {
        type: 'Feature',
        properties: { code: 'gjb', name: '导入河乙', kind: 'canal', level: 'county' },
        geometry: line(87.2),
      },
      {
        type: 'Feature',
        properties: { code: '1BAD', name: '', kind: 'ocean' },
        geometry: { type: 'Point', coordinates: [87, 44] },
      },
    ];
    const rejected = await importLayer('water_bodies', collection(features), 'waters.geojson');
    expect(rejected.status).toBe(201);
    expect(rejected.body).toMatchObject({ committed: false, rows: 3, rejected: 1, created: 0 });
    expect(rejected.body.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)).toEqual(
      expect.arrayContaining(['3:code', '3:name', '3:kind', '3:geometry']),
    );
    expect(await t.count('water_body', `code IN ('GJA', 'GJB')`)).toBe(0);
    const valid = await importLayer('water_bodies', collection(features), 'waters.geojson', 'valid_only');
    expect(valid.body).toMatchObject({ committed: true, created: 2, rejected: 1 });
    const again = await importLayer('water_bodies', collection(features.slice(0, 2)), 'waters.geojson');
    expect(again.body).toMatchObject({ committed: true, created: 0, updated: 2 });
    expect(await t.count('water_body', `code IN ('GJA', 'GJB')`)).toBe(2);
  });

  it('imports protected areas from XLSX with WKT geometry, and refuses other file types', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('保护区');
    sheet.addRow(['名称', '类型', '划定日期', '几何（GeoJSON/WKT）']);
    sheet.addRow([
      '导入水源地',
      '饮用水水源一级保护区',
      '2021-05-01',
      'POLYGON((87.1 44.1, 87.12 44.1, 87.12 44.12, 87.1 44.12, 87.1 44.1))',
    ]);
    sheet.addRow(['坏几何', 'ecological_red_line', '', 'POLYGON((not a polygon))']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await importLayer('protected_areas', buffer, 'areas.xlsx', 'valid_only');
    expect(res.body).toMatchObject({ committed: true, created: 1, rejected: 1 });
    expect(res.body.errors[0]).toMatchObject({ row: 3, field: 'geometry' });
    expect(await t.count('protected_area', `name = '导入水源地' AND designated_on = '2021-05-01'`)).toBe(1);
    expectError(
      await importLayer('protected_areas', Buffer.from('a,b'), 'areas.csv'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(await importLayer('rivers', collection([]), 'x.geojson'), 400, 'VALIDATION_FAILED');
    const forbidden = await t.http
      .post('/api/v1/layers/imports')
      .set(await t.auth('township_liugong'))
      .field('layer', 'water_bodies')
      .attach('file', collection([]), 'x.geojson');
    expectError(forbidden, 403, 'AUTH_PERMISSION_DENIED');
  });
});
