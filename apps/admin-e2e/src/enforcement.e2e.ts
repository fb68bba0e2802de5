import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { eventually, tableRows } from './support/antd';
import { api } from './support/api';
import { browserTest, launch, menu, newPage, signIn, url } from './support/browser';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 42, 42]);

interface CaseRow {
  id: string;
  outfallId: string;
  caseNo: string;
  status: string;
  overdue: boolean;
  sampleId: string | null;
  indicatorCode: string | null;
}

describe('enforcement cases (执法)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'the ecology branch opens a case from an exceedance, investigates, decides the penalty and files evidence with its hash',
    async (page) => {
      await signIn(page, 'eco_officer');
      // an exceedance without a case yet (the demo opened one; a re-run against the same server others)
      const [exceedances, linked] = await Promise.all([
        api<{ items: { sampleId: string; indicator: string; outfallCode: string; sampledAt: string }[] }>(
          'eco_officer',
          'GET',
          '/exceedances?sort=-sampledAt&limit=100',
        ),
        api<{ items: CaseRow[] }>('eco_officer', 'GET', '/enforcement/cases?origin=exceedance&limit=100'),
      ]);
      const free = exceedances.items.find(
        (e) => !linked.items.some((c) => c.sampleId === e.sampleId && c.indicatorCode === e.indicator),
      );
      if (!free) throw new Error('no exceedance without a case in the demo data');
      const sampledOn = new Date(free.sampledAt).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
      await page.goto(
        url(`/monitoring/exceedances?indicator=${free.indicator}&from=${sampledOn}&to=${sampledOn}`),
      );
      const rows = tableRows(page, 'exceedances-table');
      await rows.first().waitFor();
      await page.locator('[data-testid=exceedances-table] .ant-spin-spinning').waitFor({ state: 'detached' });
      await rows
        .filter({ hasText: free.outfallCode })
        .first()
        .getByTestId('open-case-from-monitoring')
        .click();
      const form = page.getByTestId('case-open-form');
      await form.waitFor();
      await page.getByTestId('case-open-preset').waitFor();
      await form.getByTestId('case-description').fill('E2E：监测发现超标排放，立案查处');
      await page.getByTestId('case-open-submit').click();

      // the new case opens in its drawer, linked to the sample
      await page.waitForURL(/\/enforcement\?case=/);
      const caseId = new URL(page.url()).searchParams.get('case') ?? '';
      const drawer = page.getByTestId('case-drawer');
      await drawer.getByTestId('case-status').getByText('立案').waitFor();
      const opened = await api<CaseRow>('eco_officer', 'GET', `/enforcement/cases/${caseId}`);
      expect({ sampleId: opened.sampleId, indicator: opened.indicatorCode }).toEqual({
        sampleId: free.sampleId,
        indicator: free.indicator,
      });
      await drawer
        .getByTestId('case-link')
        .getByText(opened.sampleId ?? '-', { exact: false })
        .waitFor();

      // an illegal step is not offered; the legal ones move it on
      expect(await drawer.getByTestId('case-action-close').count()).toBe(0);
      await drawer.getByTestId('case-action-investigate').click();
      await page.getByTestId('case-step-submit').click();
      await drawer.getByTestId('case-status').getByText('调查').waitFor();

      await drawer.getByTestId('case-action-decide_penalty').click();
      const step = page.getByTestId('case-step-form');
      await step.waitFor();
      // a missing field is reported on the field
      await page.getByTestId('case-step-submit').click();
      await step.getByText('请填写罚款金额（元）').waitFor();
      await step.getByTestId('case-legal-basis').fill('《中华人民共和国水污染防治法》第八十三条');
      await step
        .locator('[data-testid=case-penalty-amount] input, input[data-testid=case-penalty-amount]')
        .fill('20000.50');
      await step.getByTestId('case-penalty-doc').fill('昌环罚〔2026〕E2E号');
      await page.getByTestId('case-step-submit').click();
      await drawer.getByTestId('case-status').getByText('处罚决定').waitFor();
      await drawer.getByTestId('case-penalty').getByText('20,000.50').waitFor();

      // evidence: the SHA-256 of the bytes is shown and verified again
      await drawer
        .getByTestId('case-evidence')
        .locator('input[type=file]')
        .setInputFiles({ name: '现场照片.jpg', mimeType: 'image/jpeg', buffer: JPEG });
      const sha256 = createHash('sha256').update(JPEG).digest('hex');
      await drawer.getByTestId('case-evidence-hash').getByText(sha256).waitFor();
      await drawer.getByTestId('case-evidence-check').click();
      await drawer.getByTestId('case-evidence-result').getByText('校验一致').waitFor();
      const events = drawer.getByTestId('case-timeline').getByTestId('case-event');
      expect(
        await eventually(
          () => events.count(),
          (n) => n >= 4,
        ),
      ).toBeGreaterThanOrEqual(4);
      expect((await api<CaseRow>('eco_officer', 'GET', `/enforcement/cases/${caseId}`)).status).toBe(
        'penalty_decided',
      );
    },
  );

  browserTest(
    () => browser,
    'the case list filters overdue cases; a township reads its own cases and cannot open one',
    async (page) => {
      await signIn(page, 'eco_officer');
      await menu(page).getByText('执法监管', { exact: true }).click();
      await page.waitForURL(/\/enforcement/);
      await page.getByTestId('filter-overdue').click();
      await page.waitForURL(/overdue=true/);
      const rows = tableRows(page, 'cases-table');
      const overdue = await api<{ items: CaseRow[]; total: number }>(
        'eco_officer',
        'GET',
        '/enforcement/cases?overdue=true&limit=100',
      );
      expect(overdue.total).toBeGreaterThan(0);
      expect(
        await eventually(
          () => rows.count(),
          (n) => n === Math.min(overdue.total, 20),
        ),
      ).toBe(Math.min(overdue.total, 20));
      expect(await rows.getByTestId('case-overdue').count()).toBe(await rows.count());
      await rows.filter({ hasText: overdue.items[0].caseNo }).getByTestId('case-open').click();
      await page.getByTestId('case-drawer').getByTestId('case-overdue').waitFor();

      // the outfall drawer lists the outfall's cases
      await page.goto(url(`/outfalls?outfall=${overdue.items[0].outfallId}`));
      await page
        .getByTestId('outfall-enforcement')
        .getByTestId('outfall-enforcement-case')
        .filter({ hasText: overdue.items[0].caseNo })
        .waitFor();

      const other = await newPage(browser);
      try {
        await signIn(other, 'township_liugong');
        await other.goto(url('/enforcement'));
        await other.getByTestId('cases-table').waitFor();
        expect(await other.getByTestId('case-new').count()).toBe(0);
        const mine = await api<{ items: { divisionName: string }[] }>(
          'township_liugong',
          'GET',
          '/enforcement/cases?limit=100',
        );
        expect(mine.items.every((c) => c.divisionName === '六工镇')).toBe(true);
      } finally {
        await other.context().close();
      }
    },
  );
});
