import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, launch, screenshot, url } from './support/browser';

/** The console on a phone (390×844): a drawer menu, and no page wider than the screen. */
describe('console at 390 px', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launch();
    const context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  });
  afterAll(() => browser.close());

  /** How far the document reaches beyond the viewport (0 when it fits). */
  const overflow = () =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  async function check(name: string): Promise<void> {
    // settle: data loaded (no skeleton or spinner left) before measuring
    await page.waitForLoadState('networkidle');
    const extra = await overflow();
    if (extra > 0) await screenshot(page, `390px ${name}`);
    expect({ page: name, overflow: extra }).toEqual({ page: name, overflow: 0 });
  }

  it('signs in, opens pages from the drawer menu, and nothing overflows horizontally', async () => {
    await page.goto(url('/login'));
    await check('/login');
    await page.locator('#login_username').fill('admin');
    await page.locator('#login_password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('menu-toggle').waitFor();
    await check('/');

    // the menu is a drawer: opened from the header, closed by navigating
    await page.getByTestId('menu-toggle').click();
    const menu = page.getByTestId('main-menu');
    await menu.getByText('排污口名录').click();
    await page.waitForURL(url('/outfalls'));
    await menu.waitFor({ state: 'hidden' });
    await check('/outfalls');

    for (const path of ['/monitoring', '/remediation', '/progress', '/units', '/audit', '/jobs']) {
      await page.goto(url(path));
      await page.getByTestId('menu-toggle').waitFor();
      await check(path);
    }
  });
});
