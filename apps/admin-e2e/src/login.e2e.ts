import type { Browser } from 'playwright-core';
import { browserTest, launch, menu, signIn, submitLogin, url } from './support/browser';

describe('login, shell and language', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());
  const test = (name: string, body: Parameters<typeof browserTest>[2]) =>
    browserTest(() => browser, name, body);

  test('a wrong password shows the API’s error and stays on the login page', async (page) => {
    await submitLogin(page, 'admin', 'Wrong@2023!');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('用户名或密码错误');
    expect(await error.getByTestId('error-original').innerText()).toBe('原始信息（供技术支持）');
    expect(page.url()).toBe(url('/login'));
  });

  test('the required fields are checked before anything is sent', async (page) => {
    await page.goto(url('/login'));
    await page.getByTestId('login-submit').click();
    await page.getByText('请输入用户名').waitFor();
    await page.getByText('请输入密码').waitFor();
  });

  test('too many attempts (429) says so', async (page) => {
    // the limit is per address and username: use a name of our own so the other tests are not locked out
    // (the browser suite's API allows LOGIN_RATE_LIMIT=100 a minute: support/api-process.ts)
    const attempts = Array.from({ length: 110 }, () =>
      fetch(url('/api/v1/auth/login'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'e2e_locked_out', password: 'nope-nope' }),
      }).then((response) => response.status),
    );
    expect(await Promise.all(attempts)).toContain(429);
    await submitLogin(page, 'e2e_locked_out', 'nope-nope');
    await page.getByTestId('login-error').getByText('登录尝试次数过多').waitFor();
  });

  test('admin signs in from a deep link and lands on the shell with the menu and the synthetic-data tag', async (page) => {
    await page.goto(url('/units'));
    await page.waitForURL(url('/login'));
    await page
      .getByTestId('demo-hint')
      .getByText('演示数据（合成）Demo data (synthetic): admin / Demo@2023!')
      .waitFor();
    await signIn(page, 'admin');
    await page.waitForURL(url('/units'));
    expect(await page.getByTestId('demo-tag').innerText()).toBe('演示数据（合成）');
    expect(await page.getByTestId('user-name').innerText()).toBe('系统管理员（演示）');
    expect(await page.getByTestId('user-role').innerText()).toBe('系统管理员');
    const items = await menu(page).getByRole('menuitem').allInnerTexts();
    expect(items.map((text) => text.trim())).toEqual([
      '工作台',
      '排污口名录',
      '责任主体清单',
      '监测',
      '整治',
      '进度调度',
      '设置审核',
      '排污许可与监测计划',
      '执法监管',
      '长效巡查',
      '树标立牌',
      '部门基础清单',
      '必测指标要求',
      '任务分工',
      '河湖长制',
      '督办与报送',
      '信息公开',
      '公众举报',
      '基础数据',
      '组织机构',
      '账号与密钥',
      '审计日志',
      '后台任务',
    ]);

    await menu(page).getByText('工作台').click();
    await page.getByTestId('dashboard-directory').getByText('打开排污口名录').click();
    await page.waitForURL(url('/outfalls'));
  });

  test('switching to English changes the menu, and the choice survives a reload', async (page) => {
    await signIn(page, 'admin');
    await page.getByTestId('language-switch').click();
    await menu(page).getByText('Organisation').waitFor();
    const items = await menu(page).getByRole('menuitem').allInnerTexts();
    expect(items.map((text) => text.trim())).toEqual([
      'Dashboard',
      'Outfall directory',
      'Responsible entities',
      'Monitoring',
      'Remediation',
      'Progress',
      'Setup review',
      'Permits & schedules',
      'Enforcement',
      'Patrols',
      'Signage',
      'Department lists',
      'Required indicators',
      'Tasks',
      'River chiefs',
      'Notices & submissions',
      'Publication',
      'Public reports',
      'Base data',
      'Organisation',
      'Accounts & keys',
      'Audit trail',
      'Jobs',
    ]);
    expect(await page.getByTestId('demo-tag').innerText()).toBe('Demo data (synthetic)');

    await page.reload();
    await menu(page).getByText('Audit trail').waitFor();
    await page.getByTestId('language-switch').click();
    await menu(page).getByText('审计日志').waitFor();
  });

  test('a session the API no longer accepts (401) returns to the login page', async (page) => {
    await signIn(page, 'admin');
    // the dashboard (a lazy route) has loaded and asked its questions with the good token
    await page.getByTestId('dashboard-as-of').waitFor();
    await page.evaluate(() => {
      const key = 'outfall.session';
      const stored = JSON.parse(localStorage.getItem(key) ?? '{}') as { expiresAt: number };
      localStorage.setItem(key, JSON.stringify({ ...stored, token: 'not-a-valid-token' }));
    });
    await menu(page).getByText('组织机构').click();
    await page.waitForURL(url('/login'));
    await page.getByText('登录已失效，请重新登录').waitFor();
  });

  test('signing out clears the session', async (page) => {
    await signIn(page, 'admin');
    await page.getByTestId('logout').click();
    await page.waitForURL(url('/login'));
    expect(await page.evaluate(() => localStorage.getItem('outfall.session'))).toBeNull();
    await page.goto(url('/audit'));
    await page.waitForURL(url('/login'));
  });
});
