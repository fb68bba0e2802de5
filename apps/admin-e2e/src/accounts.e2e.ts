import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  test('an administrator edits and rotates a key, subscribes it to events and reads the delivery log', async (page) => {
    const suffix = Date.now().toString(36);
    const keyName = `推送系统${suffix}`;
    await api('admin', 'POST', '/api-keys', { name: keyName, scope: 'read' });
    // the receiver: answers 200 and keeps what it was sent
    const received: { signature: string | undefined; body: string }[] = [];
    const receiver: Server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ signature: request.headers['x-outfall-signature'] as string | undefined, body });
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/${suffix}`;
    try {
      await signIn(page, 'admin');
      await page.goto(url('/accounts/api-keys'));
      const row = tableRows(page, 'keys-table').filter({ hasText: keyName });
      await row.waitFor();

      // edit: an added scope and a rate limit
      await row.getByTestId('key-edit').click();
      await choose(page, page.getByTestId('key-form-scopes'), '查看审计日志');
      await page.locator('.ant-modal-title').last().click(); // closes the multiple choice's dropdown
      await page.getByTestId('key-form-rate').fill('120');
      await page.getByTestId('key-form-ok').click();
      await page.getByTestId('key-form').waitFor({ state: 'hidden' });
      const edited = await eventually(
        () => row.innerText(),
        (text) => text.includes('查看审计日志') && text.includes('120 次/分钟'),
      );
      expect(edited).toContain('120 次/分钟');

      // rotate: a new secret shown once, the previous one valid for the grace period
      await row.getByTestId('key-rotate').click();
      await page.getByTestId('key-rotate-form-ok').click();
      const secret = await page.getByTestId('key-secret-value').inputValue();
      expect(await page.getByTestId('key-secret-previous').innerText()).toContain('旧密钥有效至');
      await page.getByTestId('key-secret').getByRole('button', { name: '我已保存' }).click();
      await row.getByTestId('key-previous').waitFor();
      const me = await fetch(url('/api/v1/auth/me'), { headers: { 'X-API-Key': secret } });
      expect(me.status).toBe(200);
      await row.getByTestId('key-revoke-previous').click();
      await page.getByRole('button', { name: '停用旧密钥' }).last().click();
      await row.getByTestId('key-previous').waitFor({ state: 'detached' });

      // subscribe the key to outfall updates
      await page.getByTestId('accounts-tabs').getByText('事件推送').click();
      await page.waitForURL(/\/accounts\/webhooks/);
      await page.getByTestId('webhook-new').click();
      await searchAndChoose(page, page.getByTestId('webhook-form-key'), keyName);
      await page.getByTestId('webhook-form-url').fill('not a url');
      await choose(page, page.getByTestId('webhook-form-events'), '排污口修改');
      await page.locator('.ant-modal-title').last().click(); // closes the multiple choice's dropdown
      await page.getByTestId('webhook-form-ok').click();
      await page
        .getByTestId('webhook-form')
        .locator('.ant-form-item-explain-error')
        .filter({ hasText: '请输入完整的 http(s) 地址' })
        .waitFor();
      await page.getByTestId('webhook-form-url').fill(receiverUrl);
      await page.getByTestId('webhook-form-ok').click();
      const signing = await page.getByTestId('webhook-secret-value').inputValue();
      expect(signing.length).toBeGreaterThan(20);
      await page.getByTestId('webhook-secret').getByRole('button', { name: '我已保存' }).click();
      const subscription = tableRows(page, 'webhooks-table').filter({ hasText: receiverUrl });
      expect(await subscription.innerText()).toContain('推送中');

      // an outfall changes: the event is delivered, signed, and listed in the log
      const [outfall] = (
        await api<Page_<{ id: string; name: string; version: number }>>(
          'admin',
          'GET',
          '/outfalls?limit=1&sort=name',
        )
      ).items;
      await api('admin', 'PATCH', `/outfalls/${outfall.id}`, {
        name: `${outfall.name}（改）`,
        version: outfall.version,
      });
      expect(
        await eventually(
          async () => received.length,
          (count) => count > 0,
        ),
      ).toBeGreaterThan(0);
      expect(received[0].signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(JSON.parse(received[0].body)).toMatchObject({ type: 'outfall_updated' });
      await subscription.getByTestId('webhook-log').click();
      const drawer = page.getByTestId('webhook-deliveries');
      // the log shows it delivered (reopened until the runner has recorded the answer)
      const firstStatus = drawer.getByTestId('delivery-status').first();
      await firstStatus.waitFor();
      expect(
        await eventually(
          () => firstStatus.innerText(),
          (text) => text === '已送达',
        ),
      ).toBe('已送达');
      await drawer.locator('.ant-table-row-expand-icon').first().click();
      await drawer.getByTestId('webhook-attempts').getByText('200').waitFor();

      // a replay sends it again
      await drawer.getByTestId('delivery-replay').first().click();
      expect(
        await eventually(
          async () => received.length,
          (count) => count > 1,
        ),
      ).toBeGreaterThan(1);
      expect(JSON.parse(received[1].body).id).toBe(JSON.parse(received[0].body).id);
    } finally {
      receiver.close();
    }
  });

  test('a township account does not see 账号与密钥', async (page) => {
    await signIn(page, 'township_liugong');
    await menu(page).getByText('工作台', { exact: true }).waitFor();
    expect(await menu(page).getByText('账号与密钥', { exact: true }).count()).toBe(0);
    await page.goto(url('/accounts/users'));
    await page.waitForURL((u) => !u.pathname.startsWith('/accounts'));
  });
});
