import type { Browser } from 'playwright-core';
import { api } from './support/api';
import { tableRows } from './support/antd';
import { browserTest, launch, screenshot, signIn, url } from './support/browser';

type List = { total: number; items: { name: string; township?: string; divisionName?: string }[] };
type Dashboard = {
  view: string;
  gauges: { deadline: string; metric: string; status: string | null }[] | null;
  stages: { stage: string; count: number }[];
  overdue: { plans: List; untraced: List; patrols: List };
  rankings: { townships: { key: string; label: string }[] } | null;
};

describe('role dashboards (工作台)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());
  const test = (name: string, body: Parameters<typeof browserTest>[2]) =>
    browserTest(() => browser, name, body);

  test('the eco branch sees the target gauges and the trend, and clicks through to filtered lists', async (page) => {
    const figures = await api<Dashboard>('eco_officer', 'GET', '/dashboard');
    await signIn(page, 'eco_officer');
    const gauges = page.getByTestId('dashboard-gauges');
    await gauges.waitFor();
    // one gauge per target (deadline × metric), in the API's order, each with its status
    const links = gauges.locator('a.dashboard-gauge');
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('data-testid')))).toEqual(
      figures.gauges!.map((g) => `dashboard-gauge-${g.deadline}-${g.metric}`),
    );
    const remediation = page.getByTestId('dashboard-gauge-2025-08-31-remediation');
    expect(await remediation.innerText()).toContain('2025 年 整治率');
    // the charts are SVG with a text alternative; the trend also has its table
    await remediation.locator('[role=img] svg').waitFor();
    expect(await remediation.getAttribute('aria-label')).toMatch(/期限 2025-08-31，目标 100\.0%/);
    await page.getByTestId('dashboard-trend').locator('[role=img] svg').waitFor();
    expect(await tableRows(page, 'dashboard-trend-table').first().innerText()).toContain('2023Q3');
    await screenshot(page, 'dashboard-eco-desktop');

    // a gauge opens the progress breakdown on its deadline, weakest townships first
    await remediation.click();
    await page.waitForURL(url('/progress?asOf=2025-08-31&sort=remediation'));
    await page.goBack();

    // a township in the ranking opens the directory filtered to it
    const township = figures.rankings!.townships[0];
    await page.getByTestId('dashboard-ranking-townships').getByRole('link', { name: township.label }).click();
    await page.waitForURL(url(`/outfalls?divisionId=${township.key}`));
    const outfalls = tableRows(page, 'outfalls-table');
    await outfalls.first().waitFor();
    for (const text of await outfalls.allInnerTexts()) expect(text).toContain(township.label);
    await page.goBack();

    // the overdue plans open the remediation list filtered to overdue plans
    const overdue = page.getByTestId('dashboard-overdue-plans');
    await overdue.waitFor();
    if (figures.overdue.plans.total > 0) {
      await overdue.getByTestId('dashboard-overdue-plans-more').click();
      await page.waitForURL(url('/remediation?overdue=true'));
      const plans = tableRows(page, 'plans-table');
      await plans.first().waitFor();
      expect(await plans.count()).toBe(await plans.getByTestId('overdue-tag').count());
    } else {
      await overdue.getByText('没有逾期事项').waitFor();
    }
  });

  test('a township sees only its own figures, and no city-wide charts', async (page) => {
    const mine = await api<Dashboard>('township_liugong', 'GET', '/dashboard');
    const city = await api<Dashboard>('eco_officer', 'GET', '/dashboard');
    expect(mine.view).toBe('local');
    await signIn(page, 'township_liugong');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('dashboard-local').waitFor();
    expect(await page.getByTestId('dashboard-scope').innerText()).toBe('辖区：六工镇');
    expect(await page.getByTestId('dashboard-gauges').count()).toBe(0);
    expect(await page.getByTestId('dashboard-rankings').count()).toBe(0);
    // the stage counts are the township's, not the city's
    const total = (d: Dashboard) => d.stages.reduce((n, s) => n + s.count, 0);
    expect(total(mine)).toBeLessThan(total(city));
    for (const stage of mine.stages)
      expect(await page.getByTestId(`dashboard-stage-${stage.stage}`).innerText()).toMatch(
        new RegExp(`\\s${stage.count}$`),
      );
    // every overdue item shown lies in 六工镇
    for (const testId of ['dashboard-overdue-plans', 'dashboard-untraced', 'dashboard-overdue-patrols']) {
      const items = await page.getByTestId(testId).locator('.ant-list-item-meta-description').allInnerTexts();
      for (const text of items) expect(text.startsWith('六工镇')).toBe(true);
    }
    await page.getByTestId('dashboard-todos').waitFor();
    await screenshot(page, 'dashboard-township-phone');
  });

  test('in English too; a failed load says so and keeps the rest of the page', async (page) => {
    await signIn(page, 'eco_officer');
    await page.getByTestId('language-switch').click();
    await page.getByTestId('dashboard-todos').getByText('To-dos today').waitFor();
    expect(await page.getByTestId('dashboard-gauge-2025-08-31-remediation').innerText()).toContain(
      '2025 Remediation rate',
    );
    await page.getByTestId('language-switch').click();

    await page.route('**/api/v1/dashboard*', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 503, code: 'DATABASE_BUSY', message: 'busy' }),
      }),
    );
    await page.reload();
    await page.getByTestId('dashboard-error').getByText('工作台数据加载失败').waitFor();
    await page.getByTestId('dashboard-directory').getByText('打开排污口名录').waitFor();
  });
});
