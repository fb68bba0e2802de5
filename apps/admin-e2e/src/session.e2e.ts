import type { Browser, Page } from 'playwright-core';
import { launch, menu, newPage, screenshot, signIn, url } from './support/browser';

/** One session for all tabs of a browser; the warning before expiry; logout everywhere. */
describe('session across tabs', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  /** Two tabs of one browser (one context: shared localStorage); a screenshot of each on failure. */
  async function twoTabs(body: (a: Page, b: Page) => Promise<void>): Promise<void> {
    const a = await newPage(browser);
    const b = await a.context().newPage();
    try {
      await body(a, b);
    } catch (error) {
      const name = expect.getState().currentTestName ?? 'session';
      await screenshot(a, `${name} tab A`).catch(() => undefined);
      await screenshot(b, `${name} tab B`).catch(() => undefined);
      throw error;
    } finally {
      await a.context().close();
    }
  }

  const stored = (page: Page) =>
    page.evaluate(
      () => JSON.parse(localStorage.getItem('outfall.session') ?? 'null') as { expiresAt: number } | null,
    );

  it('a second tab is signed in already; signing out in one signs out the other', async () => {
    await twoTabs(async (a, b) => {
      await signIn(a, 'admin');
      await b.goto(url('/audit'));
      await menu(b).waitFor();
      expect(await b.getByTestId('user-name').innerText()).toBe(await a.getByTestId('user-name').innerText());

      await a.getByTestId('logout').click();
      await a.waitForURL(url('/login'));
      // the other tab follows without being touched
      await b.waitForURL(/\/login$/);
      await b.locator('#login_username').waitFor();

      // and signing in again in one tab brings the other back
      await signIn(b, 'eco_officer');
      await a.goto(url('/'));
      await menu(a).waitFor();
    });
  });

  it('warns before an idle session expires; 继续 renews it for every tab', async () => {
    await twoTabs(async (a, b) => {
      await signIn(a, 'admin');
      await b.goto(url('/'));
      await menu(b).waitFor();
      // make the session 2 minutes from its end (inside the 5-minute warning span), as if idle since
      await a.evaluate(() => {
        const key = 'outfall.session';
        const session = JSON.parse(localStorage.getItem(key) ?? '{}') as { expiresAt: number };
        localStorage.setItem(key, JSON.stringify({ ...session, expiresAt: Date.now() + 120_000 }));
      });
      await a.reload();
      const modal = a.getByRole('dialog');
      await modal.getByText('会话即将过期').waitFor();
      await modal.getByText(/登录将在 \d:\d\d 后失效/).waitFor();
      // tab B saw the shortened expiry too (storage event) and warns as well
      await b.getByRole('dialog').getByText('会话即将过期').waitFor();

      await a.getByTestId('session-continue').click();
      await modal.waitFor({ state: 'detached' });
      const renewed = await stored(a);
      expect(renewed?.expiresAt ?? 0).toBeGreaterThan(Date.now() + 30 * 60_000);
      // the renewal reached the other tab: its warning closes, its calls still work
      await b.getByRole('dialog').waitFor({ state: 'detached' });
      await menu(b).getByText('审计日志').click();
      await b.waitForURL(url('/audit'));
    });
  });

  it('退出 in the warning signs out', async () => {
    await twoTabs(async (a) => {
      await signIn(a, 'admin');
      await a.evaluate(() => {
        const key = 'outfall.session';
        const session = JSON.parse(localStorage.getItem(key) ?? '{}') as { expiresAt: number };
        localStorage.setItem(key, JSON.stringify({ ...session, expiresAt: Date.now() + 120_000 }));
      });
      await a.reload();
      await a.getByTestId('session-logout').click();
      await a.waitForURL(url('/login'));
      expect(await stored(a)).toBeNull();
    });
  });

  it('logout everywhere ends the session in another browser too', async () => {
    const elsewhere = await newPage(browser);
    try {
      await twoTabs(async (a) => {
        await signIn(a, 'water_officer');
        await signIn(elsewhere, 'water_officer');
        await a.getByTestId('logout-everywhere').click();
        await a.locator('#logout-everywhere-confirm').click();
        await a.waitForURL(url('/login'));
        // the other browser's token now answers 401: its next call (here: a reload) returns it to the login page
        await elsewhere.reload();
        await elsewhere.waitForURL(/\/login/);
        await elsewhere.getByText('登录已失效，请重新登录').waitFor();
      });
    } finally {
      await elsewhere.context().close();
    }
  });
});
