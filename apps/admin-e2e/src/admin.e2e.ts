import type { Browser, Page } from 'playwright-core';
import { BASE_URL, launch, login, newPage, withScreenshot } from './support/browser';

describe('admin SPA in chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());
  beforeEach(async () => {
    page = await newPage(browser);
  });
  afterEach(() => page.context().close());

  /** A browser test that leaves a screenshot in tmp/e2e-screenshots when it fails. */
  const test = (name: string, body: () => Promise<void>) =>
    it(
      name,
      withScreenshot(() => page, name, body),
    );

  test('refuses a wrong password with the API’s message', async () => {
    await login(page, 'admin', 'Wrong@2023!');
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain(
      'Wrong username or password',
    );
    expect(page.url()).toBe(`${BASE_URL}/login`);
  });

  test('shows the demo hint, signs in and lands on the shell with the menu and the synthetic-data tag', async () => {
    await page.goto(BASE_URL);
    await page.waitForURL(`${BASE_URL}/login`);
    await page.getByText('演示数据（合成）：管理员 admin').waitFor();
    await login(page, 'admin');
    await page.getByTestId('demo-tag').waitFor();
    await expect(page.getByTestId('demo-tag').textContent()).resolves.toBe('演示数据（合成）');
    const menu = await page.getByTestId('main-menu').innerText();
    for (const item of ['工作台', '组织机构', '审计日志', '后台任务']) expect(menu).toContain(item);
    await expect(page.getByTestId('user-name').textContent()).resolves.toBe('系统管理员（演示）');
  });

  test('switches to English', async () => {
    await login(page, 'admin');
    await page.getByTestId('main-menu').waitFor();
    await page.getByTestId('language-switch').click();
    await page.getByTestId('main-menu').getByText('Organisation').waitFor();
    const menu = await page.getByTestId('main-menu').innerText();
    expect(menu).toContain('Audit trail');
    expect(menu).not.toContain('审计日志');
  });

  test('a township account sees no audit menu and only its own unit', async () => {
    await login(page, 'township_liugong');
    await page.getByTestId('main-menu').waitFor();
    expect(await page.getByTestId('main-menu').innerText()).not.toContain('审计日志');
    await page.getByTestId('main-menu').getByText('组织机构').click();
    await page.locator('[data-testid=units-table] tbody tr').first().waitFor();
    const rows = await page.locator('[data-testid=units-table] tbody tr.ant-table-row').allInnerTexts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('六工镇人民政府');
  });

  test('an admin edits a liaison, sees it in the table and in the audit trail, and exports the trail', async () => {
    await login(page, 'admin');
    await page.getByTestId('main-menu').getByText('组织机构').click();
    await page.getByPlaceholder('搜索单位名称').fill('农业农村');
    await page.getByPlaceholder('搜索单位名称').press('Enter');
    await page.locator('tr.ant-table-row', { hasText: '昌吉市农业农村局' }).waitFor();
    expect(await page.locator('tr.ant-table-row').count()).toBe(1);
    await page.getByRole('button', { name: '设置联络员' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('#phone').fill('123');
    await dialog.locator('#name').fill('测试联络员');
    await dialog.locator('#position').fill('科长');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('phone must be a mainland mobile or landline number').waitFor();
    await dialog.locator('#phone').fill('13912345678');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('liaison').filter({ hasText: '测试联络员' }).waitFor();

    await page.getByTestId('main-menu').getByText('审计日志').click();
    await page
      .locator('[data-testid=audit-table] tr.ant-table-row', { hasText: '测试联络员' })
      .first()
      .waitFor();

    await page.getByTestId('audit-export').click();
    await page.getByTestId('job-download').waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('job-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^审计日志-.*\.xlsx$/);
  });
});
