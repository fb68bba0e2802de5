import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { loadAppConfig } from '@outfall/config';
import { withCreditCodeCheck } from '@outfall/directory';
import { Division } from '@outfall/org';
import ExcelJS from 'exceljs';
import {
  CommandError,
  createAdminCommand,
  parseCreateAdminArgs,
  readAdminPassword,
} from '../src/create-admin.command';
import { expectError, TestApp } from './support/test-app';

/** Issue 11 §6: input normalization and text rules, 4xx instead of 500, GraphQL cost and time, production rules. */
describe('security hardening', () => {
  let t: TestApp;
  let eco: { Authorization: string };
  let liugong: Division;
  let sangong: Division;
  let waterId: string;
  let waterName: string;

  const outfallBody = (extra: Record<string, unknown> = {}) => ({
    name: '加固测试排口',
    category: 'industrial',
    subType: 'industrial_enterprise',
    waterBodyId: waterId,
    divisionId: liugong.id,
    longitude: 87.41,
    latitude: 44.01,
    discoveredOn: '2023-09-01',
    ...extra,
  });
  /** The same body for GraphQL (enum values are spelled as in REST). */
  const gqlOutfall = (extra: Record<string, unknown> = {}) => outfallBody(extra);
  const createOutfall = (extra: Record<string, unknown> = {}, headers = eco) =>
    t.http.post('/api/v1/outfalls').set(headers).send(outfallBody(extra));
  const details = (res: { body: { details?: { field: string }[] } }) =>
    (res.body.details ?? []).map((d) => d.field);

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    sangong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '三工镇' });
    const [water] = await t.dataSource.query<{ id: string; name: string }[]>(
      `SELECT id, name FROM water_body ORDER BY code LIMIT 1`,
    );
    waterId = water.id;
    waterName = water.name;
  });
  afterAll(() => t.close());

  describe('codes are normalized before uniqueness checks', () => {
    it('a national code with spaces or full-width characters is the same code (REST, GraphQL, API key, import)', async () => {
      const first = await createOutfall({ nationalCode: 'abc-12345' });
      expect(first.status).toBe(201);
      expect(first.body.nationalCode).toBe('ABC-12345');

      // full-width letters, digits and hyphen, an ideographic space, leading and inner spaces
      const fullWidth = await createOutfall({ name: '重复一', nationalCode: ' ＡＢＣ－１２３４５\u3000' });
      expectError(fullWidth, 409, 'OUTFALL_NATIONAL_CODE_TAKEN');
      const spaced = await createOutfall({ name: '重复二', nationalCode: 'ABC- 123 45' });
      expectError(spaced, 409, 'OUTFALL_NATIONAL_CODE_TAKEN');

      const gql = await t.graphql(
        'eco_officer',
        'mutation($input: CreateOutfallInput!) { createOutfall(input: $input) { id nationalCode } }',
        { input: gqlOutfall({ name: '重复三', nationalCode: 'ａｂｃ-12345' }) },
      );
      expect(gql.body.errors[0].extensions.code).toBe('OUTFALL_NATIONAL_CODE_TAKEN');

      // an API key (another system pushing records) goes through the same rule
      const created = await t.http
        .post('/api/v1/api-keys')
        .set(await t.auth('admin'))
        .send({ name: '规范化测试系统', scope: 'read_write' });
      expect(created.status).toBe(201);
      const viaKey = await t.http
        .post('/api/v1/outfalls')
        .set('X-API-Key', created.body.key)
        .send(outfallBody({ name: '重复四', nationalCode: 'Abc－12345' }));
      expectError(viaKey, 409, 'OUTFALL_NATIONAL_CODE_TAKEN');

      // an import row with the full-width code is the same outfall: updated, not a second one
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('名录');
      sheet.addRow([
        '排污口名称',
        '排污口类别',
        '排污口类型',
        '受纳水体',
        '乡镇（街道）',
        '经度',
        '纬度',
        '发现日期',
        '国家统一编码',
      ]);
      sheet.addRow([
        '导入改名',
        '工业排污口',
        '工矿企业排污口',
        waterName,
        '六工镇',
        '87.41',
        '44.01',
        '2023-09-01',
        'ＡＢＣ－１２３４５ ',
      ]);
      const upload = await t.http
        .post('/api/v1/outfalls/imports')
        .set(eco)
        .attach('file', Buffer.from(await workbook.xlsx.writeBuffer()), '名录.xlsx');
      expect(upload.status).toBe(202);
      const job = await t.waitForJob(upload.body.id);
      expect(job.result).toMatchObject({ created: 0, updated: 1, rejected: 0 });
      const codes = await t.dataSource.query<{ national_code: string; name: string }[]>(
        `SELECT national_code, name FROM outfall WHERE national_code IS NOT NULL`,
      );
      expect(codes).toEqual([{ national_code: 'ABC-12345', name: '导入改名' }]);
    });

    it('a credit code in lower case or with spaces is the same code', async () => {
      const code = withCreditCodeCheck('91652301MA7A1B2C3');
      const entity = (creditCode: string, name: string) =>
        t.http
          .post('/api/v1/responsible-entities')
          .set(eco)
          .send({ name, kind: 'enterprise', creditCode, divisionId: liugong.id });
      const first = await entity(code, '规范化企业');
      expect(first.status).toBe(201);
      const spaced = `${code.slice(0, 6)} ${code.slice(6, 12)}\u3000${code.slice(12)}`.toLowerCase();
      const again = await entity(spaced, '规范化企业二');
      expectError(again, 409, 'CONFLICT');
      expect(await t.count('responsible_entity', 'credit_code = $1', [code])).toBe(1);
    });
  });

  describe('text rules in every field', () => {
    it('refuses blank names and control characters with 400 naming the field (REST body and query)', async () => {
      const blank = await createOutfall({ name: ' \u3000 ' });
      expectError(blank, 400, 'VALIDATION_FAILED');
      expect(details(blank)).toEqual(['name']);

      for (const bad of ['\u0007', '\u001b[31m', 'a\u0000b', 'a\u007f']) {
        const res = await createOutfall({ name: `排口${bad}` });
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(details(res)).toEqual(['name']);
      }
      // a field without a DTO rule of its own (the permit number), nested fields name their path
      const permit = await createOutfall({ permitNumber: 'X\u0000' });
      expectError(permit, 400, 'VALIDATION_FAILED');
      expect(details(permit)).toEqual(['permitNumber']);
      const entity = await t.http
        .post('/api/v1/responsible-entities')
        .set(eco)
        .send({ name: '企业', kind: 'enterprise', address: '北京路\u00071号', divisionId: liugong.id });
      expectError(entity, 400, 'VALIDATION_FAILED');
      expect(details(entity)).toEqual(['address']);
      // multi-line text keeps its line breaks
      const multiLine = await t.http.post('/api/v1/responsible-entities').set(eco).send({
        name: '多行地址企业',
        kind: 'enterprise',
        address: '北京路1号\r\n2栋\t3室',
        divisionId: liugong.id,
      });
      expect(multiLine.status).toBe(201);
      // …but a name does not
      const newline = await createOutfall({ name: '第一行\n第二行' });
      expectError(newline, 400, 'VALIDATION_FAILED');

      const query = await t.http.get('/api/v1/outfalls').query({ q: 'a\u0000' }).set(eco);
      expectError(query, 400, 'VALIDATION_FAILED');
      expect(details(query)).toEqual(['q']);
      expect(await t.count('outfall', `name LIKE '排口%'`)).toBe(0);
    });

    it('applies the same rules to GraphQL arguments', async () => {
      const res = await t.graphql(
        'eco_officer',
        'mutation($input: CreateOutfallInput!) { createOutfall(input: $input) { id } }',
        { input: gqlOutfall({ name: '排口\u001b' }) },
      );
      expect(res.body.errors[0].extensions).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'input.name', message: 'input.name must not contain control characters' }],
      });
      const blank = await t.graphql(
        'eco_officer',
        'mutation($input: CreateOutfallInput!) { createOutfall(input: $input) { id } }',
        { input: gqlOutfall({ name: '   ' }) },
      );
      expect(blank.body.errors[0].extensions).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'input.name', message: 'input.name must not be blank' }],
      });
      // a variable GraphQL itself cannot coerce (an enum spelled as the TypeScript key) is the caller's input too
      const coercion = await t.graphql(
        'eco_officer',
        'mutation($input: CreateOutfallInput!) { createOutfall(input: $input) { id } }',
        { input: outfallBody({ category: 'Industrial' }) },
      );
      expect(coercion.status).toBe(400);
      expect(coercion.body.errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: [{ field: 'input.category' }],
      });
    });
  });

  describe('hostile input answers 4xx with a code, never 500', () => {
    it('a NUL byte in a JSON string', async () => {
      const raw = JSON.stringify(outfallBody({ name: '排口' })).replace('排口', '排\\u0000口');
      const res = await t.http
        .post('/api/v1/outfalls')
        .set(eco)
        .set('Content-Type', 'application/json')
        .send(raw);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(details(res)).toEqual(['name']);
    });

    it('JSON nested 5,000 deep (REST and GraphQL variables)', async () => {
      const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const rest = await t.http
        .post('/api/v1/outfalls')
        .set(eco)
        .set('Content-Type', 'application/json')
        .send(`{"name":"x","extra":${deep}}`);
      expectError(rest, 400, 'INPUT_TOO_DEEP');
      const gql = await t.http
        .post('/graphql')
        .set(eco)
        .set('Content-Type', 'application/json')
        .send(`{"query":"query($v: JSON) { me { username } }","variables":{"v":${deep}}}`);
      expectError(gql, 400, 'INPUT_TOO_DEEP');
    });

    it('a GraphQL query over the complexity limit, and circular or unknown fragments', async () => {
      const wide = Array.from({ length: 1100 }, (_, i) => `u${i}: units { total }`).join(' ');
      const complex = await t.graphql('admin', `{ ${wide} }`);
      expect(complex.status).toBe(400);
      expect(complex.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');

      const circular = await t.graphql(
        'admin',
        'query { me { ...A } } fragment A on Me { username ...B } fragment B on Me { role ...A }',
      );
      expect(circular.status).toBe(400);
      expect(circular.body.errors.map((e: { message: string }) => e.message).join(' ')).toMatch(
        /Cannot spread fragment "A" within itself/,
      );
      const unknown = await t.graphql('admin', 'query { me { ...Nope } }');
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors[0].message).toMatch(/Unknown fragment "Nope"/);
    });
  });

  describe('GraphQL cost counts every selection, and one operation cannot stall other users', () => {
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `p${i}: progressAsOf(asOf: "2024-06-30")`).join(' ')} }`;

    it('~1,000 aliases of an expensive field are refused before they run', async () => {
      const started = Date.now();
      const res = await t.graphql('eco_officer', aliases(1000));
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(res.body.errors[0].message).toMatch(/maximum 2000/);
      // refused at planning: nothing ran (compare with one real execution of the same field)
      const refusedIn = Date.now() - started;
      const one = Date.now();
      expect((await t.graphql('eco_officer', aliases(1))).body.errors).toBeUndefined();
      expect(refusedIn).toBeLessThan((Date.now() - one) * 50);
    });

    it("another user's request answers quickly while the largest allowed operation runs", async () => {
      const config = loadAppConfig();
      const allowed = Math.floor(config.GRAPHQL_MAX_COMPLEXITY / (config.GRAPHQL_ROOT_FIELD_COST + 1));
      const township = await t.auth('township_liugong');
      const light = async () => {
        const started = process.hrtime.bigint();
        const res = await t.http.get('/api/v1/units').query({ limit: 5 }).set(township);
        expect(res.status).toBe(200);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
      await light();
      const baseline = median([await light(), await light(), await light(), await light(), await light()]);

      const run = async () => {
        const heavyStarted = Date.now();
        let heavyDone = 0;
        const heavy = t.graphql('eco_officer', aliases(allowed)).then((res) => {
          heavyDone = Date.now();
          return res;
        });
        await new Promise((resolve) => setTimeout(resolve, 50));
        const during: number[] = [];
        while (!heavyDone && during.length < 20) during.push(await light());
        const res = await heavy;
        expect(res.status).toBe(200);
        expect(res.body.errors).toBeUndefined();
        expect(Object.keys(res.body.data)).toHaveLength(allowed);
        return { during, heavyMs: heavyDone - heavyStarted };
      };
      // while the heavy operation ran, the other user's requests were answered: none waited for a large part of
      // it (with all its resolvers at once on the pool, the first one waited about half of it), and their
      // median stayed within a generous multiple of the same request's own baseline. On a fast database the
      // heavy operation takes a few hundred milliseconds, so one scheduling or GC pause of the test process
      // can cross the line: the scenario runs up to three times, and one clean run is required (the stall
      // it guards against happens every time, not once in three).
      const limits = (heavyMs: number) => ({
        longest: heavyMs / 3,
        median: Math.max(baseline * 10, heavyMs / 5),
      });
      const fair = ({ during, heavyMs }: { during: number[]; heavyMs: number }) =>
        during.length > 1 &&
        Math.max(...during) < limits(heavyMs).longest &&
        median(during) < limits(heavyMs).median;
      let result = await run();
      for (let attempt = 1; attempt < 3 && !fair(result); attempt++) result = await run();
      const { during, heavyMs } = result;
      expect(during.length).toBeGreaterThan(1);
      expect(Math.max(...during)).toBeLessThan(limits(heavyMs).longest);
      expect(median(during)).toBeLessThan(limits(heavyMs).median);
    });
  });

  describe('responses never expose where files are stored', () => {
    const PNG = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64, 7),
    ]);

    it('attachments (list, upload, audit) and job results (REST and GraphQL) carry ids and download URLs', async () => {
      const outfall = await createOutfall({ name: '附件排口' });
      expect(outfall.status).toBe(201);
      const uploaded = await t.http
        .post(`/api/v1/outfalls/${outfall.body.id}/attachments`)
        .set(eco)
        .field('kind', 'photo')
        .attach('file', PNG, '现场.png');
      expect(uploaded.status).toBe(201);
      expect(uploaded.body.downloadUrl).toBe(
        `/api/v1/outfalls/${outfall.body.id}/attachments/${uploaded.body.id}`,
      );
      const list = await t.http.get(`/api/v1/outfalls/${outfall.body.id}/attachments`).set(eco);
      const audit = await t.http
        .get('/api/v1/audit-logs')
        .query({ entityType: 'outfall_attachment' })
        .set(await t.auth('admin'));
      expect(audit.body.items.length).toBeGreaterThan(0);
      for (const body of [uploaded.body, list.body, audit.body]) {
        expect(JSON.stringify(body)).not.toMatch(/storageKey|attachments\/[0-9a-f-]{36}\//);
      }
      const download = await t.http.get(uploaded.body.downloadUrl).set(eco);
      expect(download.status).toBe(200);

      const exported = await t.http.post('/api/v1/outfalls/exports').set(eco).send({});
      expect(exported.status).toBe(202);
      await t.waitForJob(exported.body.id);
      const job = await t.http.get(`/api/v1/jobs/${exported.body.id}`).set(eco);
      expect(job.body.result.file).toEqual({
        fileName: expect.stringMatching(/\.xlsx$/),
        contentType: expect.any(String),
        downloadUrl: `/api/v1/jobs/${exported.body.id}/download`,
      });
      const gql = await t.graphql('eco_officer', `{ job(id: "${exported.body.id}") { result } }`);
      expect(gql.body.data.job.result.file).toEqual(job.body.result.file);
      expect(JSON.stringify([job.body, gql.body])).not.toMatch(/storageKey|exports\//);
      expect((await t.download(exported.body.id)).length).toBeGreaterThan(0);
    });
  });

  it('an archive export for an outfall outside the caller’s jurisdiction is 404, not an empty file', async () => {
    const foreign = await createOutfall({
      name: '三工排口',
      divisionId: sangong.id,
      longitude: 87.23,
      latitude: 44.02,
    });
    expect(foreign.status).toBe(201);
    const liugongUser = await t.auth('township_liugong');
    const archive = await t.http
      .post('/api/v1/remediation/ledgers')
      .set(liugongUser)
      .send({ kind: 'archive', outfallId: foreign.body.id });
    expectError(archive, 404, 'NOT_FOUND');
    const monitoring = await t.http
      .post('/api/v1/monitoring/ledgers')
      .set(liugongUser)
      .send({ kind: 'water_quality', outfallId: foreign.body.id });
    expectError(monitoring, 404, 'NOT_FOUND');
    const own = await t.http
      .post('/api/v1/remediation/ledgers')
      .set(await t.auth('eco_officer'))
      .send({ kind: 'archive', outfallId: foreign.body.id });
    expect(own.status).toBe(202);
  });

  describe('cli create-admin', () => {
    it('takes the password from ADMIN_PASSWORD or stdin, never from an argument', async () => {
      expect(parseCreateAdminArgs(['--username', 'ops_admin', '--name', '运维'])).toEqual({
        username: 'ops_admin',
        name: '运维',
        unit: undefined,
      });
      expect(() => parseCreateAdminArgs(['--username', 'a', '--password', 'x'])).toThrow(
        /never taken as an argument/,
      );
      expect(() => parseCreateAdminArgs([])).toThrow(/usage/);
      expect(await readAdminPassword({ ADMIN_PASSWORD: 'From-Env-2026!' })).toBe('From-Env-2026!');
      const stdin = new PassThrough();
      const read = readAdminPassword({}, stdin as unknown as NodeJS.ReadStream);
      stdin.end('From-Stdin-2026!\n');
      expect(await read).toBe('From-Stdin-2026!');
      const empty = new PassThrough();
      const none = readAdminPassword({}, empty as unknown as NodeJS.ReadStream);
      empty.end();
      await expect(none).rejects.toThrow(/ADMIN_PASSWORD/);
    });

    it('creates a system administrator who can sign in; refuses weak passwords and taken usernames', async () => {
      const lines: string[] = [];
      const run = (username: string, password: string) =>
        createAdminCommand(t.app, { username, name: '运维管理员', password }, (line) => lines.push(line));
      await expect(run('ops_admin', 'short')).rejects.toThrow(CommandError);
      await expect(run('ops_admin', 'short')).rejects.toThrow(/at least 10 characters/);
      await expect(run('ops_admin', 'alllowercaseletters')).rejects.toThrow(/three of/);
      await expect(run('admin', 'Strong-Pass-2026')).rejects.toThrow(/"admin" already exists/);
      await expect(run('Bad Name', 'Strong-Pass-2026')).rejects.toThrow(/username must be/);
      expect(await t.count('app_user', `username = 'ops_admin'`)).toBe(0);

      const created = await run('ops_admin', 'Strong-Pass-2026');
      expect(created.unit).toBe('州生态环境局昌吉市分局');
      expect(lines.join('\n')).toMatch(/created administrator ops_admin/);
      const login = await t.http
        .post('/api/v1/auth/login')
        .send({ username: 'ops_admin', password: 'Strong-Pass-2026' });
      expect(login.status).toBe(200);
      const me = await t.http
        .get('/api/v1/auth/me')
        .set({ Authorization: `Bearer ${login.body.accessToken}` });
      expect(me.body).toMatchObject({ username: 'ops_admin', role: 'system_admin' });
    });
  });
});

/** A production-mode app (own configuration, no demo data): what it tells a caller who probes the schema. */
describe('production mode', () => {
  let t: TestApp;

  beforeAll(async () => {
    loadAppConfig(true, {
      NODE_ENV: 'production',
      DEMO_DATA: 'false',
      // generated per run: any secret written in the repository is refused in production
      JWT_SECRET: randomBytes(32).toString('base64url'),
    });
    t = await TestApp.create();
  });
  afterAll(async () => {
    await t.close();
    loadAppConfig(true);
  });

  it('GraphQL gives no "Did you mean" suggestions', async () => {
    const res = await t.http.post('/graphql').send({ query: '{ unitz { total } }' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toBe('Cannot query field "unitz" on type "Query".');
    const arg = await t.http.post('/graphql').send({ query: '{ units(pag: { limit: 1 }) { total } }' });
    expect(JSON.stringify(arg.body)).not.toMatch(/Did you mean/);
  });
});
