import type { Browser, Page } from 'playwright-core';
import { eventually, tableRows } from './support/antd';
import { browserTest, DEMO_PASSWORD, launch, menu, signIn, url } from './support/browser';

/** A JSON call to the API as `username` (the test sets up what the UI has no form for yet). */
async function api<T>(username: string, method: string, path: string, body?: unknown): Promise<T> {
  const login = await fetch(url('/api/v1/auth/login'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const response = await fetch(url(`/api/v1${path}`), {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

function beijingDay(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString('sv-SE', {
    timeZone: 'Asia/Shanghai',
  });
}

/** Takes a workflow step (by its action code) in the open plan drawer and waits for the new status. */
async function step(page: Page, action: string, status: string): Promise<void> {
  const drawer = page.getByTestId('plan-drawer');
  await drawer.getByTestId(`plan-action-${action}`).click();
  const dialog = page.getByTestId('transition-modal');
  await dialog.getByTestId('transition-ok').click();
  await dialog.waitFor({ state: 'hidden' });
  await drawer.getByTestId('plan-fields').getByTestId('plan-status').getByText(status).waitFor();
}

describe('remediation', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'the ecology branch decides a disposition, then moves a plan through submit and approve and sees why completion is refused',
    async (page) => {
      await signIn(page, 'eco_officer');
      await menu(page).getByText('整治', { exact: true }).click();
      await page.getByTestId('remediation-tabs').getByText('三个一批').click();
      await page.waitForURL(/\/remediation\/dispositions/);

      // an undecided outfall whose suggestion needs remediation: confirm the suggestion
      const rows = tableRows(page, 'dispositions-table');
      await rows.first().waitFor();
      const row = rows
        .filter({ hasNot: page.getByTestId('disposition-decision') })
        .filter({ hasNotText: '保留' })
        .first();
      const code = (await row.locator('a').first().innerText()).trim();
      const suggestion = (
        await row.getByTestId('disposition-suggestion').locator('.ant-tag').first().innerText()
      ).trim();
      await row.getByTestId('decide').click();
      const dialog = page.getByTestId('decide-modal');
      await dialog.locator('.ant-btn-primary').click();
      await dialog.waitFor({ state: 'hidden' });
      const decided = rows.filter({ hasText: code });
      await decided.getByTestId('disposition-decision').getByText(suggestion).waitFor();

      // a plan for it, drafted through the API, due yesterday (so overdue)
      const outfallId = (
        await api<{ items: { outfallId: string; localCode: string }[] }>(
          'eco_officer',
          'GET',
          `/remediation/dispositions?decided=true&limit=200`,
        )
      ).items.find((item) => item.localCode === code)?.outfallId;
      const unit = (await api<{ items: { id: string }[] }>('eco_officer', 'GET', '/units?limit=1')).items[0];
      await api('eco_officer', 'POST', '/remediation/plans', {
        outfallId,
        problems: ['no_signage'],
        measures: 'E2E：设立标志牌，规范排口。',
        targetState: 'compliant_discharge',
        responsibleUnitId: unit.id,
        responsiblePerson: '测试员',
        responsiblePhone: '13800000000',
        deadline: beijingDay(-1),
        milestones: [{ name: '设立标志牌', plannedOn: beijingDay(-2) }],
      });

      // (a fresh load: the list read before the plan existed is still within its cache time). The list is
      // sorted by deadline and the demo plans' deadlines fill the first pages, so narrow it to drafts.
      await page.goto(url('/remediation?status=draft'));
      const plans = tableRows(page, 'plans-table');
      const plan = plans.filter({ hasText: code });
      await plan.waitFor();
      // overdue: highlighted with a tag
      expect(await plan.getAttribute('class')).toContain('row-overdue');
      await plan.getByTestId('overdue-tag').waitFor();
      await plan.getByTestId('plan-open').click();

      const drawer = page.getByTestId('plan-drawer');
      await drawer.getByTestId('plan-title').getByText(code).waitFor();
      expect(await drawer.getByTestId('plan-milestones').innerText()).toContain('设立标志牌');
      await step(page, 'submit', '已提交');
      await step(page, 'approve', '已审核');
      await step(page, 'start', '整治中');
      const versions = await eventually(
        () => drawer.getByTestId('plan-version').count(),
        (count) => count === 4,
      );
      expect(versions).toBe(4);

      // completion without after photos: the API's 422 is shown in Chinese, the plan stays in progress
      await drawer.getByTestId('plan-action-complete').click();
      const transition = page.getByTestId('transition-modal');
      await transition.getByTestId('transition-ok').click();
      await transition
        .getByTestId('transition-error')
        .getByText('缺少整治后照片', { exact: false })
        .waitFor();
      await transition.getByRole('button', { name: /取\s*消/ }).click();
      await drawer.getByTestId('plan-fields').getByText('整治中').waitFor();
    },
  );

  browserTest(
    () => browser,
    'a township account sees the dispositions but no decide action',
    async (page) => {
      await signIn(page, 'township_liugong');
      await page.goto(url('/remediation/dispositions'));
      await tableRows(page, 'dispositions-table').first().waitFor();
      expect(await page.getByTestId('decide').count()).toBe(0);
    },
  );
});
