import { Division, Unit } from '@outfall/org';
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { expectError, TestApp } from './support/test-app';

type Headers = { Authorization: string };

/**
 * The dispatch report fit for the meeting: numbers with formats and Chinese labels in the XLSX, A4 print settings
 * on every sheet, a narrative from the figures, the tasks / sign-off workflow and the frozen issued version.
 * Fixture: 2024Q3 with three outfalls of 六工镇 on the key river, none traced (六工镇 is behind on tracing),
 * one plan past its deadline, and one outfall with 3 exceeding samples of 3 (a chronic exceeder).
 */
describe('dispatch report', () => {
  let t: TestApp;
  let eco: Headers;
  let admin: Headers;
  let snapshotId: string;
  const ids: string[] = [];

  const binary = (res: { body: unknown; text?: string }) => res.body as Buffer;
  const getBinary = (path: string, headers: Headers) =>
    t.http
      .get(path)
      .set(headers)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  async function draftFile(format: 'xlsx' | 'html', id = snapshotId): Promise<Buffer> {
    const queued = await t.http.post(`/api/v1/progress/snapshots/${id}/report`).set(eco).send({ format });
    expect(queued.status).toBe(202);
    return t.download(queued.body.id);
  }

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    admin = await t.auth('admin');
    const liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    const [water] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM water_body WHERE code = 'TTH'`,
    );
    for (const [i, category, subType] of [
      [0, 'industrial', 'industrial_enterprise'],
      [1, 'agricultural', 'livestock_farm'],
      [2, 'industrial', 'industrial_enterprise'],
    ] as const) {
      const res = await t.http
        .post('/api/v1/outfalls')
        .set(eco)
        .send({
          name: `调度测试口${i + 1}`,
          category,
          subType,
          waterBodyId: water.id,
          divisionId: liugong.id,
          longitude: 87.4 + i / 100,
          latitude: 44.3,
          discoveredOn: '2024-01-10',
          registeredOn: '2024-01-10',
        });
      expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
        status: 201,
        body: null,
      });
      ids.push(res.body.id);
      const inv = await t.http
        .put(`/api/v1/outfalls/${res.body.id}/milestones/investigated`)
        .set(eco)
        .send({ effectiveOn: '2024-02-01' });
      expect(inv.status).toBe(200);
    }
    // a plan past its deadline (2024-08-31) on 2024-09-30
    const decided = await t.http
      .put(`/api/v1/outfalls/${ids[0]}/disposition`)
      .set(eco)
      .send({ disposition: 'standardise', decidedOn: '2024-03-01', reason: '测试数据' });
    expect(decided.status).toBe(200);
    const unit = await t.dataSource.getRepository(Unit).findOneByOrFail({ name: '六工镇人民政府' });
    const plan = await t.http.post('/api/v1/remediation/plans').set(eco).send({
      outfallId: ids[0],
      measures: '规范整治',
      targetState: 'closed_restored',
      responsibleUnitId: unit.id,
      responsiblePerson: '李四',
      responsiblePhone: '13900000000',
      deadline: '2024-08-31',
    });
    expect(plan.status).toBe(201);
    // three exceeding samples in 2024Q3 on the second outfall: a chronic exceeder (3 of the last 5)
    for (const day of ['2024-07-10', '2024-08-10', '2024-09-10'])
      await t.dataSource.query(
        `INSERT INTO sample (outfall_id, sampled_at, source, exceeding, exceeding_count, version)
         VALUES ($1, ($2::date + time '10:00') AT TIME ZONE 'Asia/Shanghai', 'manual', true, 1, 1)`,
        [ids[1], day],
      );
    const closed = await t.http.post('/api/v1/progress/quarters/2024Q3/close').set(eco).send({});
    expect(closed.status).toBe(202);
    snapshotId = ((await t.waitForJob(closed.body.job.id, 60_000)).result as { snapshotId: string })
      .snapshotId;
  });
  afterAll(() => t.close());

  it('writes rates and counts as numbers with formats, Chinese labels only, A4 print settings on every sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await draftFile('xlsx')) as never);
    const names = workbook.worksheets.map((w) => w.name);
    expect(names.slice(0, 9)).toEqual([
      '调度摘要',
      '总体进度',
      '分组进度',
      '进度预测',
      '落后单位',
      '逾期方案',
      '逾期未溯源',
      '四项台账',
      '历史补录',
    ]);
    expect(names).toEqual(expect.arrayContaining(['监测超标（按乡镇和类别）', '长期超标排污口']));
    /** The header row of a sheet: the row whose first cell is the given header. */
    const header = (sheet: ExcelJS.Worksheet, first: string) => {
      for (let r = 1; r <= 6; r++) if (sheet.getCell(r, 1).value === first) return r;
      throw new Error(`${sheet.name}: no header ${first}`);
    };
    const column = (sheet: ExcelJS.Worksheet, row: number, title: string) => {
      const values = sheet.getRow(row).values as unknown[];
      const index = values.indexOf(title);
      expect(index).toBeGreaterThan(0);
      return index;
    };
    const body = (sheet: ExcelJS.Worksheet, headerRow: number) =>
      Array.from({ length: sheet.rowCount - headerRow }, (_, i) => sheet.getRow(headerRow + 1 + i));

    // 总体进度: counts integers, rates fractions with 0.0%
    const head = workbook.getWorksheet('总体进度') as ExcelJS.Worksheet;
    const hr = header(head, '范围');
    const rateCol = column(head, hr, '完成率');
    const countCol = column(head, hr, '完成数');
    const cityInvestigation = body(head, hr).find(
      (r) => r.getCell(1).value === '全市' && r.getCell(2).value === '排查率',
    ) as ExcelJS.Row;
    expect(cityInvestigation.getCell(rateCol).type).toBe(ExcelJS.ValueType.Number);
    expect(cityInvestigation.getCell(rateCol).numFmt).toBe('0.0%');
    expect(cityInvestigation.getCell(rateCol).value).toBeGreaterThan(0);
    expect(cityInvestigation.getCell(rateCol).value).toBeLessThanOrEqual(1);
    expect(cityInvestigation.getCell(countCol).type).toBe(ExcelJS.ValueType.Number);
    expect(cityInvestigation.getCell(countCol).numFmt).toBe('0');
    expect(cityInvestigation.getCell(column(head, hr, '目标')).numFmt).toBe('0.0%');

    // 分组进度: category and area rows carry Chinese labels, not codes
    const groups = workbook.getWorksheet('分组进度') as ExcelJS.Worksheet;
    const gr = header(groups, '维度');
    const labels = body(groups, gr).map((r) => String(r.getCell(2).value));
    expect(labels).toEqual(expect.arrayContaining(['工业排污口', '农业排污口']));
    const tracingRate = column(groups, gr, '溯源率');
    expect(body(groups, gr).every((r) => r.getCell(tracingRate).numFmt === '0.0%')).toBe(true);

    // no sheet has an ASCII enum code in a text cell (labels, categories, areas, statuses)
    const CODE = /^[a-z]+(_[a-z]+)*$/;
    for (const sheet of workbook.worksheets)
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (typeof cell.value === 'string' && CODE.test(cell.value))
            throw new Error(`${sheet.name}!${cell.address} holds the code "${cell.value}"`);
          // nothing that looks like a rate is left as text
          if (typeof cell.value === 'string' && /^-?\d+(\.\d+)?%$/.test(cell.value))
            throw new Error(`${sheet.name}!${cell.address} holds the text rate "${cell.value}"`);
        }),
      );

    // the ledger counts state their period
    const ledgers = workbook.getWorksheet('四项台账') as ExcelJS.Worksheet;
    const lr = header(ledgers, '台账');
    expect(String(ledgers.getCell(1, 1).value)).toContain('截至 2024-09-30');
    expect(ledgers.getRow(lr).values).toEqual(
      expect.arrayContaining(['累计条数（截至 2024-09-30）', '本季度新增条数']),
    );
    expect(ledgers.getCell(lr + 1, 2).type).toBe(ExcelJS.ValueType.Number);

    // the contributed monitoring section: numbers and labels the same way
    const monitoring = workbook.getWorksheet('监测超标（按乡镇和类别）') as ExcelJS.Worksheet;
    const mr = header(monitoring, '乡镇（街道）');
    const row = body(monitoring, mr).find((r) => r.getCell(2).value === '农业排污口') as ExcelJS.Row;
    expect(row.getCell(column(monitoring, mr, '超标样品数')).value).toBe(3);
    expect(row.getCell(column(monitoring, mr, '样品超标率')).value).toBe(1);
    expect(row.getCell(column(monitoring, mr, '样品超标率')).numFmt).toBe('0.0%');

    // A4, fit to one page wide, header row repeated, margins — every sheet
    for (const sheet of workbook.worksheets) {
      expect({ sheet: sheet.name, ...sheet.pageSetup }).toMatchObject({
        sheet: sheet.name,
        paperSize: 9,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        margins: { left: 0.6, right: 0.6, top: 0.8, bottom: 0.8 },
      });
      expect(['portrait', 'landscape']).toContain(sheet.pageSetup.orientation);
      expect(sheet.pageSetup.printTitlesRow).toMatch(/^\d+:\d+$/);
    }
    expect((workbook.getWorksheet('分组进度') as ExcelJS.Worksheet).pageSetup.orientation).toBe('landscape');
    expect((workbook.getWorksheet('调度摘要') as ExcelJS.Worksheet).pageSetup.orientation).toBe('portrait');
  });

  it('summarises the quarter from the figures: targets, problems and the units behind', async () => {
    const res = await t.http.get(`/api/v1/progress/snapshots/${snapshotId}/dispatch-report`).set(eco);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: null, status: 'draft', statusLabel: '草稿', quarter: '2024Q3' });
    const { achievement, problems, behind } = res.body.narrative as Record<string, string[]>;
    expect(achievement.join('')).toContain('截至 2024-09-30');
    expect(achievement.join('')).toMatch(/未达标 \d+ 项/);
    expect(problems.join('')).toContain('逾期未完成整治方案 1 个');
    expect(problems.join('')).toContain('长期超标排污口');
    expect(problems.join('')).toContain('调度测试口2');
    expect(behind.join('')).toMatch(/六工镇（乡镇（街道））：溯源率 0\.0%/);
    // deterministic: the same snapshot gives the same text
    const again = await t.http.get(`/api/v1/progress/snapshots/${snapshotId}/dispatch-report`).set(eco);
    expect(again.body.narrative).toEqual(res.body.narrative);
    // at the top of the HTML and in the first sheet
    const html = (await draftFile('html')).toString('utf8');
    expect(html.indexOf('达标情况')).toBeGreaterThan(0);
    expect(html.indexOf('达标情况')).toBeLessThan(html.indexOf('总体进度'));
    expect(html).toContain('六工镇（乡镇（街道））');
    expect(html).toContain('监测超标情况');
  });

  it('edits tasks in draft, signs off by two people, freezes the issued files across a recompute', async () => {
    const base = `/api/v1/progress/snapshots/${snapshotId}/dispatch-report`;
    // permissions: reading needs a city-wide account, writing report:issue
    expectError(await t.http.get(base).set(await t.auth('township_liugong')), 403, 'FORBIDDEN');
    const tasks = [
      { content: '六工镇加快推进溯源工作', leadUnit: '六工镇人民政府', dueOn: '2024-12-31' },
      { content: '督促逾期整治方案按期完成', leadUnit: '生态环境分局' },
    ];
    expectError(
      await t.http
        .put(base)
        .set(await t.auth('water_officer'))
        .send({ tasks }),
      403,
      'AUTH_PERMISSION_DENIED',
    );
    expectError(
      await t.http
        .put(base)
        .set(eco)
        .send({ tasks: [{ content: ' ' }] }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await t.http
        .put(base)
        .set(eco)
        .send({ tasks: [{ content: 'x', dueOn: '2024-13-01' }] }),
      400,
      'VALIDATION_FAILED',
    );
    const saved = await t.http.put(base).set(eco).send({ tasks });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ status: 'draft', tasks: [tasks[0], { ...tasks[1], dueOn: null }] });
    expectError(
      await t.http
        .put(base)
        .set(eco)
        .send({ tasks, version: saved.body.version - 1 }),
      409,
      'VERSION_CONFLICT',
    );
    // issuing a draft is refused; the preparer submits, cannot issue it himself
    expectError(await t.http.post(`${base}/issue`).set(admin), 409, 'DISPATCH_REPORT_INVALID_TRANSITION');
    const submitted = await t.http.post(`${base}/submit`).set(eco);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', preparedByName: expect.any(String) });
    const notEditable = await t.http.put(base).set(eco).send({ tasks: [] });
    expectError(notEditable, 409, 'DISPATCH_REPORT_NOT_EDITABLE');
    expect(notEditable.body.message).toContain('已提交签发');
    const self = await t.http.post(`${base}/issue`).set(eco);
    expectError(self, 409, 'DISPATCH_REPORT_SAME_PERSON');
    expect(self.body.message).toContain('签发人不能与编制人为同一人');
    // returned, edited again, resubmitted, issued by the admin
    expect(
      (await t.http.post(`${base}/return`).set(admin).send({ reason: '请补充牵头单位' })).body,
    ).toMatchObject({ status: 'draft', returnReason: '请补充牵头单位' });
    expect((await t.http.put(base).set(eco).send({ tasks })).status).toBe(200);
    expect((await t.http.post(`${base}/submit`).set(eco)).status).toBe(200);
    expectError(await t.http.get(`${base}/download?format=xlsx`).set(eco), 409, 'DISPATCH_REPORT_NOT_ISSUED');
    const issued = await t.http.post(`${base}/issue`).set(admin);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ status: 'issued', statusLabel: '已签发', actions: ['download'] });
    expect(issued.body.xlsxSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(issued.body.htmlSha256).toMatch(/^[0-9a-f]{64}$/);

    const xlsx = await getBinary(`${base}/download?format=xlsx`, eco);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['x-content-sha256']).toBe(issued.body.xlsxSha256);
    expect(createHash('sha256').update(binary(xlsx)).digest('hex')).toBe(issued.body.xlsxSha256);
    const html = await getBinary(`${base}/download?format=html`, eco);
    expect(createHash('sha256').update(binary(html)).digest('hex')).toBe(issued.body.htmlSha256);
    const page = binary(html).toString('utf8');
    expect(page).toContain('六工镇加快推进溯源工作');
    expect(page).toContain(`审核/签发：${issued.body.issuedByName}`);
    expect(page).not.toContain('未签发');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(binary(xlsx) as never);
    const summary = workbook.getWorksheet('调度摘要') as ExcelJS.Worksheet;
    const texts: string[] = [];
    summary.eachRow((row) => texts.push((row.values as unknown[]).join('|')));
    expect(texts.join('\n')).toContain(
      '1. 六工镇加快推进溯源工作（牵头：六工镇人民政府），2024-12-31 前完成',
    );
    expect(texts.join('\n')).toContain(`审核/签发|${issued.body.issuedByName}`);

    // edits after issue are refused, in Chinese
    const late = await t.http.put(base).set(eco).send({ tasks: [] });
    expectError(late, 409, 'DISPATCH_REPORT_NOT_EDITABLE');
    expect(late.body.message).toContain('签发后的报告不可修改');
    expectError(await t.http.post(`${base}/issue`).set(admin), 409, 'DISPATCH_REPORT_INVALID_TRANSITION');

    // new data and a recompute: a new version with its own draft; the issued bytes do not change
    await t.dataSource.query(
      `INSERT INTO sample (outfall_id, sampled_at, source, exceeding, exceeding_count, version)
       VALUES ($1, '2024-09-20T02:00:00Z', 'manual', true, 1, 1)`,
      [ids[2]],
    );
    const recompute = await t.http
      .post('/api/v1/progress/snapshots/recompute')
      .set(admin)
      .send({ quarter: '2024Q3', reason: '补录监测数据' });
    expect(recompute.status).toBe(202);
    const v2 = (await t.waitForJob(recompute.body.id, 60_000)).result as {
      snapshotId: string;
      version: number;
    };
    expect(v2.version).toBe(2);
    const again = await getBinary(`${base}/download?format=xlsx`, eco);
    expect(Buffer.compare(binary(again), binary(xlsx))).toBe(0);
    const againHtml = await getBinary(`${base}/download?format=html`, eco);
    expect(Buffer.compare(binary(againHtml), binary(html))).toBe(0);
    const fresh = await t.http.get(`/api/v1/progress/snapshots/${v2.snapshotId}/dispatch-report`).set(eco);
    expect(fresh.body).toMatchObject({
      status: 'draft',
      snapshotVersion: 2,
      snapshotCurrent: true,
      tasks: [],
    });
    const old = await t.http.get(base).set(eco);
    expect(old.body).toMatchObject({ status: 'issued', snapshotVersion: 1, snapshotCurrent: false });

    // every transition is audited
    const audits = await t.dataSource.query<{ after: { transition?: string } }[]>(
      `SELECT after FROM audit_log WHERE entity_type = 'dispatch_report' AND entity_id = $1 ORDER BY occurred_at`,
      [issued.body.id],
    );
    expect(audits.map((a) => a.after.transition ?? 'edit')).toEqual([
      'edit',
      'submit',
      'return',
      'edit',
      'submit',
      'issue',
    ]);
  });

  it('offers the same reads and writes over GraphQL', async () => {
    const rest = await t.http.get(`/api/v1/progress/snapshots/${snapshotId}/dispatch-report`).set(eco);
    const gql = await t.graphql(
      'eco_officer',
      `query($id: ID!) { dispatchReport(snapshotId: $id) { id status statusLabel tasks { content leadUnit dueOn }
        narrative { achievement problems behind } preparedByName issuedByName xlsxSha256 actions } }`,
      { id: snapshotId },
    );
    expect(gql.body.errors).toBeUndefined();
    // GraphQL and REST spell enum values alike (issued)
    expect({
      ...gql.body.data.dispatchReport,
      status: gql.body.data.dispatchReport.status.toLowerCase(),
    }).toEqual({
      id: rest.body.id,
      status: rest.body.status,
      statusLabel: rest.body.statusLabel,
      tasks: rest.body.tasks,
      narrative: rest.body.narrative,
      preparedByName: rest.body.preparedByName,
      issuedByName: rest.body.issuedByName,
      xlsxSha256: rest.body.xlsxSha256,
      actions: rest.body.actions,
    });
    const refused = await t.graphql(
      'eco_officer',
      `mutation($id: ID!) { updateDispatchReport(snapshotId: $id, input: { tasks: [] }) { status } }`,
      { id: snapshotId },
    );
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('DISPATCH_REPORT_NOT_EDITABLE');
    const denied = await t.graphql(
      'water_officer',
      `mutation($id: ID!) { submitDispatchReport(snapshotId: $id) { status } }`,
      { id: snapshotId },
    );
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('AUTH_PERMISSION_DENIED');
    // a new version's report goes through the whole workflow over GraphQL
    const [{ id: v2 }] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM progress_snapshot WHERE quarter = '2024Q3' AND current`,
    );
    const edit = await t.graphql(
      'eco_officer',
      `mutation($id: ID!) { updateDispatchReport(snapshotId: $id, input: { tasks: [{ content: "复核新增监测数据" }] }) { status tasks { content } } }`,
      { id: v2 },
    );
    expect(edit.body.data.updateDispatchReport).toEqual({
      status: 'draft',
      tasks: [{ content: '复核新增监测数据' }],
    });
    const submit = await t.graphql(
      'eco_officer',
      `mutation($id: ID!) { submitDispatchReport(snapshotId: $id) { status } }`,
      {
        id: v2,
      },
    );
    expect(submit.body.data.submitDispatchReport.status).toBe('submitted');
    const issue = await t.graphql(
      'admin',
      `mutation($id: ID!) { issueDispatchReport(snapshotId: $id) { status xlsxSha256 } }`,
      {
        id: v2,
      },
    );
    expect(issue.body.errors).toBeUndefined();
    expect(issue.body.data.issueDispatchReport.status).toBe('issued');
    const list = await t.graphql('eco_officer', `{ dispatchReports { quarter snapshotVersion status } }`);
    expect(list.body.data.dispatchReports).toEqual([
      { quarter: '2024Q3', snapshotVersion: 2, status: 'issued' },
      { quarter: '2024Q3', snapshotVersion: 1, status: 'issued' },
    ]);
  });
});
