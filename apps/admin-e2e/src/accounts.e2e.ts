import type { Browser, Page } from 'playwright-core';
import { api } from './support/api';
import { choose, eventually, searchAndChoose, tableRows } from './support/antd';
import { browserTest, launch, menu, signIn, url } from './support/browser';

interface Page_<T> {
  items: T[];
  total: number;
}

describe('accounts and API keys', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());
  const test = (name: string, body: (page: Page) => Promise<void>) => browserTest(() => browser, name, body);

  test('an administrator creates a user and an API key whose secret is shown once', async (page) => {
    const suffix = Date.now().toString(36);
    const username = `e2e_${suffix}`;
    const keyName = `测试系统${suffix}`;
    const [unit] = (
      await api<Page_<{ id: string; name: string }>>('admin', 'GET', '/units?limit=1&sort=name')
    ).items;

    await signIn(page, 'admin');
    await menu(page).getByText('账号与密钥', { exact: true }).click();
    await page.waitForURL(/\/accounts\/users/);
    await tableRows(page, 'users-table').first().waitFor();

    await page.getByTestId('user-new').click();
    const form = page.getByTestId('user-form');
    await form.getByTestId('user-form-username').fill(username);
    await form.getByTestId('user-form-display').fill('测试用户');
    await form.getByTestId('user-form-password').fill('short');
    await choose(page, form.getByTestId('user-form-role').getByRole('combobox'), '乡镇（街道）');
    await searchAndChoose(page, form.getByTestId('user-form-unit'), unit.name);
    await page.getByTestId('user-form-ok').click();
    // the password policy is the API's: its message shows under the password field
    await form
      .locator('.ant-form-item-has-error')
      .filter({ has: page.getByTestId('user-form-password') })
      .waitFor();
    await form.getByTestId('user-form-password').fill('Strong#Pass2026');
    await page.getByTestId('user-form-ok').click();
    await form.waitFor({ state: 'hidden' });

    await page.getByTestId('user-filter-q').fill(username);
    await page.getByTestId('user-filter-q').press('Enter');
    const rows = await eventually(
      () => tableRows(page, 'users-table').allInnerTexts(),
      (texts) => texts.length === 1 && texts[0].includes(username),
    );
    expect(rows[0]).toContain('乡镇（街道）');
    expect(rows[0]).toContain(unit.name);

    await page.getByTestId('accounts-tabs').getByText('API 密钥').click();
    await page.waitForURL(/\/accounts\/api-keys/);
    await page.getByTestId('key-new').click();
    await page.getByTestId('key-form-name').fill(keyName);
    await choose(page, page.getByTestId('key-form-scope'), '读写');
    await page.getByTestId('key-form-ok').click();
    const secret = await page.getByTestId('key-secret-value').inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await page.getByTestId('key-secret').getByRole('button', { name: '我已保存' }).click();
    await page.getByTestId('key-secret').waitFor({ state: 'hidden' });

    const row = tableRows(page, 'keys-table').filter({ hasText: keyName });
    await row.waitFor();
    const keys = await api<Page_<{ name: string; prefix: string }>>('admin', 'GET', '/api-keys?limit=100');
    const listed = keys.items.find((key) => key.name === keyName);
    expect(secret).toContain(`_${listed?.prefix ?? '?'}_`);
    expect(await row.innerText()).toContain(listed?.prefix);
    // the secret is not shown again
    await page.reload();
    await row.waitFor();
    expect(await page.getByTestId('key-secret').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain(secret);

    // the key works for reading
    const me = await fetch(url('/api/v1/auth/me'), { headers: { 'X-API-Key': secret } });
    expect(me.status).toBe(200);
  });

  test('a township account does not see 账号与密钥', async (page) => {
    await signIn(page, 'township_liugong');
    await menu(page).getByText('工作台', { exact: true }).waitFor();
    expect(await menu(page).getByText('账号与密钥', { exact: true }).count()).toBe(0);
    await page.goto(url('/accounts/users'));
    await page.waitForURL((u) => !u.pathname.startsWith('/accounts'));
  });
});
