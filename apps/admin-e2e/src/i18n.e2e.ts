import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { api } from './support/api';
import { browserTest, launch, signIn, url } from './support/browser';

/**
 * Issue 16: Chinese all the way, forms that help, accessible pages. Walks the main pages in zh-CN (the
 * default locale) and checks (a) no English words in view, (b) axe finds no serious or critical violation,
 * (c) each route has its own document title; then the keyboard and form behaviours.
 */

/** ASCII words allowed in Chinese mode: codes, units, standards, formats, brand names. */
const ALLOWED = new Set(
  [
    'pH',
    'COD',
    'NH3',
    'TP',
    'TN',
    'mg',
    'mm',
    'km',
    'XLSX',
    'CSV',
    'PDF',
    'ID',
    'QR',
    'GB',
    'HJ',
    'API',
    'Demo',
    'data',
    'synthetic',
    'admin',
    'English',
    'OpenStreetMap',
    'Leaflet',
    'WGS',
    'CGCS',
    'DW',
    'GIS',
    'WWTP',
    'L',
  ].map((word) => word.toLowerCase()),
);

/** The English words in the visible text (letters-only runs of 3+, outside codes such as OF-2023-001). */
async function englishWords(page: Page): Promise<string[]> {
  // links and addresses (a QR payload, a public URL) are not prose
  const text = (await page.locator('body').innerText()).replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ');
  const words = text.match(/(?<![\w-])[A-Za-z]{3,}(?![\w-])/g) ?? [];
  // all-capital runs are codes and abbreviations (water-body prefixes such as TTH, COD), not prose
  // … and record ids are shown by their first 8 hex digits, which can happen to be letters only (ddfcdbec)
  const prose = words.filter(
    (word) => !/^[A-Z0-9]+$/.test(word) && !/^[a-f]{8}$/.test(word) && !ALLOWED.has(word.toLowerCase()),
  );
  return [...new Set(prose)];
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
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

/** The rest of the menu and the main pages' other tabs (the map tab belongs to another change). */
const MORE_PAGES = [
  '/entities',
  '/monitoring/exceedances',
  '/monitoring/chronic',
  '/remediation/dispositions',
  '/remediation/overdue',
  '/progress/snapshots',
  '/progress/targets',
  '/supervision/setup-review',
  '/permits',
  '/enforcement',
  '/patrols',
  '/signage',
  '/source-lists',
  '/required-indicators',
  '/tasks',
  '/river-chiefs',
  '/accountability',
  '/public-portal',
  '/public-reports',
  '/base-data',
  '/units',
  '/accounts',
  '/jobs',
];

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
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

  test('the main pages in zh-CN show no English words, pass axe (serious/critical) and have distinct titles', async (page) => {
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
  }, 300_000);

  test('every other page of the menu (and the tabs) shows no English words in zh-CN', async (page) => {
    await signIn(page, 'admin');
    const problems: string[] = [];
    for (const path of MORE_PAGES) {
      await page.goto(url(path));
      await page.getByTestId('main-menu').waitFor();
      await settle(page);
      const words = await englishWords(page);
      if (words.length) problems.push(`${path}: ${words.join(', ')}`);
    }
    expect(problems).toEqual([]);
  }, 600_000);

  test('English mode names codes in English too (no raw snake_case codes)', async (page) => {
    await signIn(page, 'admin');
    await page.getByTestId('language-switch').click();
    const problems: string[] = [];
    for (const { path, ready } of PAGES) {
      await page.goto(url(path));
      await ready(page);
      await settle(page);
      const text = await page.locator('body').innerText();
      const codes = [...new Set(text.match(/\b[a-z]+(?:_[a-z]+)+\b/g) ?? [])];
      if (codes.length) problems.push(`${path}: ${codes.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });

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
    await page.getByRole('combobox', { name: '全部乡镇（街道）' }).waitFor();
    expect(await page.getByTestId('outfalls-search').getAttribute('aria-label')).toBe('按名称或编码搜索');
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
    const registered = (
      await drawer.getByTestId('milestone-registered').locator('.milestone-date').innerText()
    ).trim();
    const enter = drawer.getByTestId('set-milestone');
    await enter.click();
    const modal = page.getByTestId('milestone-modal');
    const hint = modal.getByTestId('milestone-bounds');
    await hint.waitFor();
    // the next hand-set milestone follows 登记: its earliest day is the registration date (or a later milestone)
    expect(await hint.innerText()).toMatch(
      /^可选 \d{4}-\d{2}-\d{2}（.+）至 \d{4}-\d{2}-\d{2}（.+）之间的日期$/,
    );
    if (/^\d{4}-\d{2}-\d{2}$/.test(registered)) expect(await hint.innerText()).toContain(registered);
  });

  test('a new outfall says what its empty registration date becomes', async (page) => {
    await signIn(page, 'admin');
    await page.goto(url('/outfalls'));
    await page.getByTestId('outfall-code').first().waitFor();
    await page.getByTestId('outfalls-create').click();
    await page.getByText('留空则与发现日期相同；现场排查等后续节点不能早于登记日期').waitFor();
  });

  test('the verify dialog names the sample that qualifies, and why the others do not', async (page) => {
    type Plans = {
      items: { id: string; targetState: string; completedOn: string; outfall: { localCode: string } }[];
    };
    const completed = await api<Plans>('admin', 'GET', '/remediation/plans?status=completed&limit=50');
    const plan = completed.items.find((item) => item.targetState === 'compliant_discharge');
    if (!plan) throw new Error('the demo data has no completed plan that keeps discharging');
    await signIn(page, 'admin');
    await page.goto(url(`/remediation?plan=${plan.id}`));
    const drawer = page.getByTestId('plan-drawer');
    await drawer.getByTestId('plan-title').getByText(plan.outfall.localCode).waitFor();
    await drawer.getByTestId('plan-action-verify').click();
    const dialog = page.getByTestId('transition-modal');
    const summary = dialog.getByTestId('verify-samples-summary');
    await summary.waitFor();
    // the rule, with the plan's completion day, is spelt out whatever the samples say
    expect(await summary.innerText()).toContain(`在整治完成日期 ${plan.completedOn} 当天或之后采样`);
    const verdicts = await dialog
      .getByTestId('verify-sample')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-verdict')));
    const first = verdicts.indexOf('qualifies');
    if (first >= 0) {
      expect(await summary.innerText()).toMatch(/将以 \d{4}-\d{2}-\d{2} 的监测记录作为达标证据/);
      expect(await dialog.getByTestId('verify-sample').nth(first).innerText()).toContain(
        '合格，可作为达标证据',
      );
    } else {
      expect(await summary.innerText()).toContain('尚无合格的监测记录');
    }
    for (const [index, verdict] of verdicts.entries()) {
      if (verdict !== 'qualifies')
        expect(await dialog.getByTestId('verify-sample').nth(index).innerText()).toContain('不合格：');
    }
    expect(await englishWords(page)).toEqual([]);
  });

  test('a new plan from an outfall has its township unit prefilled as 责任单位, with a hint', async (page) => {
    type Rows = { items: { outfallId: string; localCode: string; suggestion: { disposition: string } }[] };
    type Outfall = { divisionId: string };
    type Units = { items: { id: string; name: string; kind: string; division: { id: string } | null }[] };
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const undecided = await api<Rows>('admin', 'GET', '/remediation/dispositions?decided=false&limit=200');
    const units = await api<Units>('admin', 'GET', '/units?limit=200&offset=0');
    let target: { outfallId: string; localCode: string; disposition: string; unit: string } | undefined;
    for (const row of undecided.items.filter((item) => item.suggestion.disposition !== 'keep')) {
      const outfall = await api<Outfall>('admin', 'GET', `/outfalls/${row.outfallId}`);
      const unit = units.items.find((u) => u.kind === 'township' && u.division?.id === outfall.divisionId);
      if (unit) {
        target = { ...row, disposition: row.suggestion.disposition, unit: unit.name };
        break;
      }
    }
    if (!target) throw new Error('no undecided outfall needing remediation in a township with a unit');
    await api('eco_officer', 'PUT', `/outfalls/${target.outfallId}/disposition`, {
      disposition: target.disposition,
      decidedOn: today,
    });
    // the list is sorted by code, 20 a page
    const decided = await api<Rows>('admin', 'GET', '/remediation/dispositions?decided=true&limit=200');
    const code = target.localCode;
    const pageNo = Math.floor(decided.items.findIndex((row) => row.localCode === code) / 20) + 1;
    await signIn(page, 'admin');
    await page.goto(url(`/remediation/dispositions?decided=true&page=${pageNo}`));
    const search = page.getByTestId('dispositions-table').locator('tbody tr').filter({ hasText: code });
    await search.waitFor();
    await search.getByTestId('draft-plan').click();
    const form = page.getByTestId('plan-form');
    await form.getByTestId('plan-form-unit-hint').waitFor();
    expect(await form.getByTestId('plan-form-unit-hint').innerText()).toBe(
      `已按排污口所在乡镇（街道）预填为 ${target.unit}，可修改`,
    );
    expect(await form.getByTestId('plan-form-unit').innerText()).toContain(target.unit);
  });
});
