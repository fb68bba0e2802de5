import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { eventually, tableRows, typeDate } from './support/antd';
import { browserTest, launch, menu, signIn, url } from './support/browser';
import { api } from './support/api';

interface Group {
  dimension: string;
  key: string;
  label: string;
  metrics: Record<string, { numerator: number; denominator: number; rate: number | null }>;
}

/** A JSON GET as `username` (to compare what the page shows with what the API answers). */
const apiGet = <T>(username: string, path: string): Promise<T> => api<T>(username, 'GET', path);

/** "238 / 300 个" on a metric card. */
async function count(card: Locator): Promise<{ numerator: number; denominator: number }> {
  const text = await card.getByTestId('metric-count').innerText();
  const match = /(\d+)\s*\/\s*(\d+)/.exec(text);
  if (!match) throw new Error(`no count in "${text}"`);
  return { numerator: Number(match[1]), denominator: Number(match[2]) };
}

/** "79.3%" → 0.793 */
function rateOf(text: string): number {
  const match = /(\d+(?:\.\d)?)%/.exec(text);
  if (!match) throw new Error(`no rate in "${text}"`);
  return Number(match[1]) / 100;
}

/** The (numerator, denominator) in a breakdown cell: "79.3% (238/300) 未达标". */
function cellCount(text: string): { numerator: number; denominator: number; rate: number } {
  const match = /(\d+(?:\.\d)?)%\s*\((\d+)\/(\d+)\)/.exec(text);
  if (!match) throw new Error(`no count in "${text}"`);
  return { rate: Number(match[1]) / 100, numerator: Number(match[2]), denominator: Number(match[3]) };
}

async function openProgress(page: Page): Promise<void> {
  await menu(page).getByText('进度调度', { exact: true }).click();
  await page.waitForURL(url('/progress'));
}

const breakdownRows = (page: Page) => tableRows(page, 'breakdown-table');

describe('progress (一季一调度)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'the ecology branch sees the headline rates and the breakdown by township, sorts it, and moves the as-of day through the URL',
    async (page) => {
      await signIn(page, 'eco_officer');
      await openProgress(page);
      const api = await apiGet<{ asOf: string; groups: Group[] }>('eco_officer', '/progress');

      // headline: the city and both scope groups, each rate = numerator / denominator, as the API counts
      const city = page.getByTestId('headline-city-city');
      const investigation = city.getByTestId('metric-investigation');
      await investigation.getByTestId('metric-rate').waitFor();
      const cityCount = await count(investigation);
      const apiCity = api.groups.find((g) => g.dimension === 'city');
      expect(cityCount).toEqual({
        numerator: apiCity?.metrics['investigation'].numerator,
        denominator: apiCity?.metrics['investigation'].denominator,
      });
      expect(cityCount.denominator).toBeGreaterThan(100);
      expect(rateOf(await investigation.getByTestId('metric-rate').innerText())).toBeCloseTo(
        cityCount.numerator / cityCount.denominator,
        3,
      );
      expect(await city.getByTestId('met-tag').allInnerTexts()).toHaveLength(4);
      for (const metric of ['investigation', 'plan', 'tracing', 'remediation']) {
        expect(await city.getByTestId(`metric-${metric}`).getByTestId('metric-rate').innerText()).toMatch(
          /^\d{1,3}\.\d%$/,
        );
      }
      const key = page.getByTestId('headline-scope-key_rivers');
      const other = page.getByTestId('headline-scope-other_rivers');
      expect(await key.innerText()).toContain('重点河流（头屯河、三屯河）');
      expect(await other.innerText()).toContain('其他县市级河流');
      const keyCount = await count(key.getByTestId('metric-tracing'));
      const otherCount = await count(other.getByTestId('metric-tracing'));
      const cityTracing = await count(city.getByTestId('metric-tracing'));
      expect(keyCount.denominator + otherCount.denominator).toBe(cityTracing.denominator);
      expect(keyCount.numerator + otherCount.numerator).toBe(cityTracing.numerator);

      // breakdown by township: one row per township the API counts, adding up to the city
      const townships = api.groups.filter((g) => g.dimension === 'township');
      expect(townships.length).toBeGreaterThan(10);
      await eventually(
        () => breakdownRows(page).count(),
        (n) => n === townships.length,
      );
      expect(await breakdownRows(page).count()).toBe(townships.length);
      expect(await page.getByTestId('breakdown-table').getByTestId('breakdown-name').allInnerTexts()).toEqual(
        expect.arrayContaining(['六工镇', '三工镇', '榆树沟镇']),
      );
      const investigationCells = (
        await page.getByTestId('breakdown-table').getByTestId('cell-investigation').allInnerTexts()
      ).map(cellCount);
      expect(investigationCells.reduce((sum, cell) => sum + cell.denominator, 0)).toBe(cityCount.denominator);
      expect(investigationCells.reduce((sum, cell) => sum + cell.numerator, 0)).toBe(cityCount.numerator);

      // sorting by the tracing rate goes to the URL and orders the rows
      await page.getByTestId('breakdown-table').getByRole('columnheader', { name: '溯源率' }).click();
      await page.waitForURL(/[?&]sort=tracing/);
      const tracingRates = async () =>
        (await page.getByTestId('breakdown-table').getByTestId('cell-tracing').allInnerTexts()).map(
          (text) => cellCount(text).rate,
        );
      const ascending = await eventually(tracingRates, (rates) =>
        rates.every((rate, i) => i === 0 || rates[i - 1] <= rate),
      );
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
      expect(ascending[0]).toBeLessThan(ascending[ascending.length - 1]);

      // by river: the four demo rivers
      await page.getByTestId('breakdown-by').getByText('河流', { exact: true }).click();
      await page.waitForURL(/[?&]by=river/);
      await eventually(
        () => breakdownRows(page).count(),
        (n) => n === 4,
      );
      expect(
        (await page.getByTestId('breakdown-table').getByTestId('breakdown-name').allInnerTexts()).sort(),
      ).toEqual(['三屯河', '军塘湖河', '头屯河', '洛克伦河'].sort());

      // overdue lists: totals in the titles, the first page of rows below
      const plansTitle = await page.getByTestId('overdue-plans-title').innerText();
      const overduePlans = Number(/（(\d+)）/.exec(plansTitle)?.[1]);
      expect(overduePlans).toBeGreaterThan(0);
      expect(await tableRows(page, 'overdue-plans-table').count()).toBe(Math.min(10, overduePlans));
      const untraced = Number(/（(\d+)）/.exec(await page.getByTestId('untraced-title').innerText())?.[1]);
      expect(untraced).toBeGreaterThan(0);
      expect(await tableRows(page, 'untraced-table').count()).toBe(Math.min(10, untraced));

      // an earlier as-of day: the URL follows, the counts are those of that day and a forecast appears (typed
      // once: the picker's value keeps its identity across re-renders, so figures landing while the day is
      // typed no longer swallow it or put today back, use-day-value.ts)
      await typeDate(page.getByTestId('as-of').locator('input'), '2024-06-30');
      await page.waitForURL(/[?&]asOf=2024-06-30/, { timeout: 5_000 });
      expect(page.url()).toContain('by=river');
      const earlier = await apiGet<{ groups: Group[] }>('eco_officer', '/progress?asOf=2024-06-30');
      const earlierCity = earlier.groups.find((g) => g.dimension === 'city')?.metrics['investigation'];
      expect(earlierCity?.denominator).toBeLessThanOrEqual(cityCount.denominator);
      const shown = await eventually(
        () => count(page.getByTestId('headline-city-city').getByTestId('metric-investigation')),
        // both figures: the denominator can be the same on both days, and the page shows today's until the
        // earlier day's answer lands
        (value) =>
          value.numerator === earlierCity?.numerator && value.denominator === earlierCity?.denominator,
      );
      expect(shown).toEqual({ numerator: earlierCity?.numerator, denominator: earlierCity?.denominator });
      const forecastRows = tableRows(page, 'forecast-table');
      await forecastRows.first().waitFor();
      expect(await forecastRows.count()).toBeGreaterThan(0);
      for (const status of await page
        .getByTestId('forecast-table')
        .getByTestId('forecast-status')
        .allInnerTexts())
        expect(['已达标', '进度正常', '存在风险', '进度滞后', '未达标']).toContain(status.trim());
      expect(await forecastRows.first().innerText()).toMatch(/\d{4}-\d{2}-\d{2}/);

      // the shared link opens the same view (the day is still in it: nothing put today back)
      expect(new URL(page.url()).searchParams.get('asOf')).toBe('2024-06-30');
      await page.reload();
      await page.getByTestId('headline-city-city').getByTestId('metric-count').first().waitFor();
      expect(await page.getByTestId('as-of').locator('input').inputValue()).toBe('2024-06-30');
      expect(await count(page.getByTestId('headline-city-city').getByTestId('metric-investigation'))).toEqual(
        shown,
      );
      await eventually(
        () => breakdownRows(page).count(),
        (n) => n === 4,
      );
      expect(await breakdownRows(page).count()).toBe(4);
    },
  );

  browserTest(
    () => browser,
    'the ecology branch opens a quarterly snapshot and downloads its dispatch report as XLSX and HTML',
    async (page) => {
      // a new database freezes no past quarter: the city closes the five latest (their snapshots are made now)
      const quarters = await apiGet<{ quarter: string; closed: unknown }[]>(
        'eco_officer',
        '/progress/quarters',
      );
      for (const { quarter } of quarters.filter((q) => !q.closed).slice(0, 5))
        await api('eco_officer', 'POST', `/progress/quarters/${quarter}/close`, {});
      const listed = await eventually(
        () => apiGet<{ total: number; items: { quarter: string }[] }>('eco_officer', '/progress/snapshots'),
        (list) => list.total >= 5,
      );
      await signIn(page, 'eco_officer');
      await openProgress(page);
      await page.getByTestId('progress-tabs').getByText('季度快照').click();
      await page.waitForURL(/\/progress\/snapshots/);

      // newest first
      const rows = tableRows(page, 'snapshots-table');
      await rows.first().waitFor();
      expect(listed.total).toBeGreaterThan(4);
      expect(await rows.count()).toBe(Math.min(20, listed.total));
      const quarter = (await rows.first().getByTestId('snapshot-open').innerText()).trim();
      expect(quarter).toBe(listed.items[0].quarter);
      expect(await rows.first().getByTestId('snapshot-status').innerText()).toBe('现行');
      // no progress-manager actions for the ecology branch
      expect(await page.getByTestId('snapshot-create').count()).toBe(0);
      expect(await page.getByTestId('snapshot-recompute').count()).toBe(0);

      // the frozen figures
      await rows.first().getByTestId('snapshot-open').click();
      await page.waitForURL(/[?&]snapshot=[0-9a-f-]{36}/);
      const drawer = page.getByTestId('snapshot-drawer');
      await drawer.getByTestId('snapshot-fields').getByText(quarter).waitFor();
      const frozen = await count(drawer.getByTestId('headline-city-city').getByTestId('metric-tracing'));
      expect(frozen.denominator).toBeGreaterThan(100);
      expect(await tableRows(page, 'snapshot-breakdown-table').count()).toBeGreaterThan(10);
      expect(await drawer.getByTestId('snapshot-ledgers').innerText()).toMatch(/现场排查\D{0,3}\d+/);

      /**
       * Queues the report from the drawer's menu. A click that lands while the menu is still sliding in is lost
       * and leaves the menu open: the next attempt clicks its item again (Escape would close the drawer too).
       */
      const queueReport = async (format: 'xlsx' | 'html') => {
        const item = page.getByTestId(`report-${format}`);
        for (let attempt = 1; ; attempt++) {
          if (!(await item.isVisible())) await drawer.getByTestId('report').click();
          await item.click();
          try {
            await drawer
              .locator(`[data-testid=report-job][data-format=${format}]`)
              .waitFor({ timeout: 10_000 });
            return;
          } catch (error) {
            if (attempt === 3) throw error;
          }
        }
      };

      // the dispatch report: queued, its progress, then the XLSX
      await queueReport('xlsx');
      const xlsxJob = drawer.locator('[data-testid=report-job][data-format=xlsx]');
      const download = xlsxJob.getByTestId('job-download');
      await download.waitFor({ timeout: 60_000 });
      expect(await xlsxJob.getByTestId('job-progress').getAttribute('data-state')).toBe('completed');
      const [xlsx] = await Promise.all([page.waitForEvent('download'), download.click()]);
      expect(xlsx.suggestedFilename()).toBe(`季度调度报告-${quarter}-v1.xlsx`);
      expect(
        readFileSync(await xlsx.path())
          .subarray(0, 2)
          .toString(),
      ).toBe('PK');

      // and the printable HTML
      await queueReport('html');
      const htmlJob = drawer.locator('[data-testid=report-job][data-format=html]');
      await htmlJob.getByTestId('job-download').waitFor({ timeout: 60_000 });
      const [html] = await Promise.all([
        page.waitForEvent('download'),
        htmlJob.getByTestId('job-download').click(),
      ]);
      expect(html.suggestedFilename()).toBe(`季度调度报告-${quarter}-v1.html`);
      const text = readFileSync(await html.path(), 'utf8');
      expect(text).toContain('季度调度报告');
      expect(text).toContain('<table');
    },
  );

  browserTest(
    () => browser,
    'a system administrator creates missing snapshots, force-recomputes a quarter with a reason, sees both versions and edits a target',
    async (page) => {
      await signIn(page, 'admin');
      await page.goto(url('/progress/snapshots'));
      const rows = tableRows(page, 'snapshots-table');
      await rows.first().waitFor();

      // every ended quarter already has one
      await page.getByTestId('snapshot-create').click();
      await page.getByText('所有已结束的季度都已有快照').waitFor();

      // a forced recompute asks for a reason and keeps the old version
      const quarter = (await rows.nth(1).getByTestId('snapshot-open').innerText()).trim();
      await rows.nth(1).getByTestId('snapshot-recompute').click();
      const dialog = page.getByTestId('recompute-modal');
      expect(await dialog.locator('input').first().inputValue()).toBe(quarter);
      await dialog.locator('.ant-btn-primary').click();
      await dialog.getByText('请填写重算原因').waitFor();
      await dialog.locator('textarea').fill('演示：补录了溯源日期');
      await dialog.locator('.ant-btn-primary').click();
      await dialog.waitFor({ state: 'hidden' });
      await eventually(
        () => page.getByTestId('job-progress').first().getAttribute('data-state'),
        (state) => state === 'completed',
        60_000,
      );

      await page.getByTestId('snapshots-all').click();
      await page.waitForURL(/[?&]all=true/);
      const versions = rows.filter({ hasText: quarter });
      await eventually(
        () => versions.count(),
        (n) => n === 2,
      );
      const texts = await versions.allInnerTexts();
      expect(texts).toHaveLength(2);
      expect(texts.find((text) => text.includes('现行'))).toContain('演示：补录了溯源日期');
      expect(texts.find((text) => text.includes('已被替代'))).toBeDefined();

      // targets: the plan's twelve, editable here
      await page.getByTestId('progress-tabs').getByText('目标').click();
      await page.waitForURL(/\/progress\/targets/);
      await tableRows(page, 'targets-table').first().waitFor();
      expect(await tableRows(page, 'targets-table').count()).toBe(12);
      expect(await page.getByTestId('target-edit').count()).toBe(12);
      expect(await page.getByTestId('target-threshold').allInnerTexts()).toEqual(
        expect.arrayContaining(['80.0%', '30.0%', '100.0%']),
      );

      // edit a threshold (key rivers' remediation ≥ 30 % by 2023) and put it back
      const setThreshold = async (from: string, to: string) => {
        const row = tableRows(page, 'targets-table').filter({ hasText: from }).first();
        await row.getByTestId('target-edit').click();
        const modal = page.getByTestId('target-modal');
        const threshold = modal.locator('.ant-input-number-input');
        await threshold.fill(to);
        await modal.locator('.ant-btn-primary').click();
        await modal.waitFor({ state: 'hidden' });
        await tableRows(page, 'targets-table')
          .filter({ hasText: `${to}.0%` })
          .first()
          .waitFor();
      };
      await setThreshold('整治不低于30%', '45');
      expect(await page.getByTestId('target-threshold').allInnerTexts()).toContain('45.0%');
      expect(await page.getByTestId('target-threshold').allInnerTexts()).not.toContain('30.0%');
      await setThreshold('整治不低于30%', '30');
      expect(await page.getByTestId('target-threshold').allInnerTexts()).not.toContain('45.0%');
    },
  );

  browserTest(
    () => browser,
    'a township account sees only its own township in the breakdown and no report or target editing',
    async (page) => {
      await signIn(page, 'township_liugong');
      await openProgress(page);
      await eventually(
        () => breakdownRows(page).count(),
        (n) => n === 1,
      );
      expect(await page.getByTestId('breakdown-table').getByTestId('breakdown-name').allInnerTexts()).toEqual(
        ['六工镇'],
      );
      // the township row carries the same counts as the headline for its jurisdiction
      const own = cellCount(
        await page.getByTestId('breakdown-table').getByTestId('cell-investigation').innerText(),
      );
      expect(await count(page.getByTestId('headline-city-city').getByTestId('metric-investigation'))).toEqual(
        {
          numerator: own.numerator,
          denominator: own.denominator,
        },
      );
      expect(own.denominator).toBeGreaterThan(0);

      await page.getByTestId('breakdown-by').getByText('责任单位', { exact: true }).click();
      await page.waitForURL(/[?&]by=unit/);
      await eventually(
        () => page.getByTestId('breakdown-table').getByTestId('breakdown-name').allInnerTexts(),
        (names) => names.length === 1 && names[0] === '六工镇人民政府',
      );
      expect(await page.getByTestId('breakdown-table').getByTestId('breakdown-name').allInnerTexts()).toEqual(
        ['六工镇人民政府'],
      );

      await page.getByTestId('progress-tabs').getByText('季度快照').click();
      await tableRows(page, 'snapshots-table').first().waitFor();
      expect(await page.getByTestId('report').count()).toBe(0);
      await page.getByTestId('progress-tabs').getByText('目标').click();
      await tableRows(page, 'targets-table').first().waitFor();
      expect(await page.getByTestId('target-edit').count()).toBe(0);
    },
  );
});
