import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { browserTest, launch, signIn, url } from './support/browser';

/**
 * Issue 16: Chinese all the way, forms that help, accessible pages. Walks the main pages in zh-CN (the
 * default locale) and checks (a) no English words in view, (b) axe finds no serious or critical violation,
 * (c) each route has its own document title; then the keyboard and form behaviours.
 */

/** ASCII words allowed in Chinese mode: codes, units, standards, formats, brand names. */
const ALLOWED = new Set(
  [
    'pH', 'COD', 'NH3', 'TP', 'TN', 'mg', 'mm', 'km', 'XLSX', 'CSV', 'PDF', 'ID', 'QR', 'GB', 'HJ', 'API', 'Demo',
    'data', 'synthetic', 'admin', 'English', 'OpenStreetMap', 'Leaflet', 'WGS', 'CGCS', 'DW', 'GIS', 'WWTP', 'L',
  ].map((word) => word.toLowerCase()),
);

/** The English words in the visible text (letters-only runs of 3+, outside codes such as OF-2023-001). */
async function englishWords(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  const words = text.match(/(?<![\w-])[A-Za-z]{3,}(?![\w-])/g) ?? [];
  return [...new Set(words.filter((word) => !ALLOWED.has(word.toLowerCase())))];
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(' | ')}`,
    );
}

/** Main pages, each with something to wait for once it has loaded its data. */
const PAGES: ReadonlyArray<{ path: string; ready: (page: Page) => Promise<unknown> }> = [
  { path: '/', ready: (page) => page.getByTestId('dashboard-directory').waitFor() },
  { path: '/outfalls', ready: (page) => page.getByTestId('outfall-code').first().waitFor() },
  { path: '/monitoring', ready: (page) => page.getByTestId('sample-outfall').first().waitFor() },
  { path: '/remediation', ready: (page) => page.getByTestId('remediation-tabs').waitFor() },
  { path: '/progress', ready: (page) => page.getByTestId('progress-tabs').waitFor() },
  { path: '/audit', ready: (page) => page.getByTestId('audit-table').locator('tbody tr').first().waitFor() },
];

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
}

describe('issue 16: Chinese, helpful forms, accessibility', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());
  const test = (name: string, body: Parameters<typeof browserTest>[2], timeout?: number) =>
    browserTest(() => browser, name, body, timeout);

  test('the login page and the public site: Chinese only, no serious axe violations, their own titles', async (page) => {
    await page.goto(url('/login'));
    await page.getByTestId('login-submit').waitFor();
    expect(await page.title()).toBe('账号登录 · 入河排污口排查整治平台');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(url('/public'));
    await page.getByTestId('public-outfall-item').first().waitFor();
    await settle(page);
    expect(await page.title()).toContain('排污口公开信息');
    expect(await englishWords(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test(
    'the main pages in zh-CN show no English words, pass axe (serious/critical) and have distinct titles',
    async (page) => {
      await signIn(page, 'admin');
      const titles = new Set<string>();
      const problems: string[] = [];
      for (const { path, ready } of PAGES) {
        await page.goto(url(path));
        await ready(page);
        await settle(page);
        titles.add(await page.title());
        const words = await englishWords(page);
        if (words.length) problems.push(`${path}: English words ${words.join(', ')}`);
        for (const violation of await seriousViolations(page)) problems.push(`${path}: ${violation}`);
      }
      expect(problems).toEqual([]);
      expect(titles.size).toBe(PAGES.length);
    },
    300_000,
  );

  test('an outfall opens from its table row with the keyboard; its detail is Chinese-only and passes axe', async (page) => {
    await signIn(page, 'admin');
    await page.goto(url('/outfalls'));
    const row = page.getByTestId('outfalls-table').locator('tbody tr.row-openable').first();
    await row.waitFor();
    const code = (await row.getByTestId('outfall-code').innerText()).trim();
    await row.focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByTestId('outfall-drawer');
    await drawer.getByTestId('outfall-title').getByText(code).waitFor();
    await settle(page);
    expect(await englishWords(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('filter controls have accessible names', async (page) => {
    await signIn(page, 'admin');
    await page.goto(url('/outfalls'));
    await page.getByTestId('outfall-code').first().waitFor();
    await page.getByRole('combobox', { name: '全部类别' }).waitFor();
    await page.getByRole('textbox', { name: /搜索|名称|编码/ }).first().waitFor();
  });

  test('an API error in Chinese mode shows no English; the API text is folded away', async (page) => {
    await page.goto(url('/login'));
    await page.locator('#login_username').fill('admin');
    await page.locator('#login_password').fill('Wrong@2023!');
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await error.getByText('用户名或密码错误').waitFor();
    expect(await englishWords(page)).toEqual([]);
    const original = error.getByTestId('error-original');
    expect(await original.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(false);
    await original.locator('summary').click();
    expect(await original.innerText()).toContain('Wrong username or password');
  });

  test('the milestone date picker names the days that satisfy the order rule', async (page) => {
    await signIn(page, 'admin');
    await page.goto(url('/outfalls'));
    await page.getByTestId('outfall-code').first().click();
    const drawer = page.getByTestId('outfall-drawer');
    await drawer.getByTestId('milestone-registered').waitFor();
    const registered = (await drawer.getByTestId('milestone-registered').locator('.milestone-date').innerText()).trim();
    const enter = drawer.getByTestId('set-milestone');
    await enter.click();
    const modal = page.getByTestId('milestone-modal');
    const hint = modal.getByTestId('milestone-bounds');
    await hint.waitFor();
    // the next hand-set milestone follows 登记: its earliest day is the registration date (or a later milestone)
    expect(await hint.innerText()).toMatch(/^可选 \d{4}-\d{2}-\d{2}（.+）至 \d{4}-\d{2}-\d{2}（.+）之间的日期$/);
    if (/^\d{4}-\d{2}-\d{2}$/.test(registered)) expect(await hint.innerText()).toContain(registered);
  });

  test('a new outfall says what its empty registration date becomes', async (page) => {
    await signIn(page, 'admin');
    await page.goto(url('/outfalls'));
    await page.getByTestId('outfall-code').first().waitFor();
    await page.getByTestId('outfalls-create').click();
    await page.getByText('留空则与发现日期相同；现场排查等后续节点不能早于登记日期').waitFor();
  });
});
