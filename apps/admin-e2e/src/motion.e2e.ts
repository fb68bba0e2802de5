import type { Browser, Page } from 'playwright-core';
import { launch, newPage, screenshot, signIn } from './support/browser';

/**
 * The classes of a running animation: a pop-up opening or closing (ant-zoom-big-appear-active), a button's
 * click wave (wave-motion-appear-active). (A pop-up is given `…-appear-prepare` for a moment even without
 * motion, while it is measured and placed.)
 */
const MOTION_CLASS = /\b[\w-]+-(appear|enter|leave)-active\b/;

/** Records, from the first paint on, every motion class any element of the page is given. */
async function recordMotion(page: Page): Promise<void> {
  await page.addInitScript((source: string) => {
    const seen: string[] = [];
    (window as unknown as { motionSeen: string[] }).motionSeen = seen;
    const pattern = new RegExp(source);
    new MutationObserver((records) => {
      for (const record of records) {
        const target = record.target as Element;
        const match = typeof target.className === 'string' ? pattern.exec(target.className) : null;
        if (match) seen.push(match[0]);
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'] });
  }, MOTION_CLASS.source);
}

/** Signs in, opens and cancels the "sign out everywhere" confirmation; the motion classes seen on the way. */
async function openAndCancelPopup(page: Page): Promise<string[]> {
  await recordMotion(page);
  await signIn(page, 'admin');
  await page.getByTestId('logout-everywhere').click();
  const confirm = page.locator('.ant-popconfirm:not(.ant-popover-hidden)');
  await confirm.waitFor();
  await confirm.locator('.ant-btn').first().click();
  await confirm.waitFor({ state: 'hidden' });
  return page.evaluate(() => (window as unknown as { motionSeen: string[] }).motionSeen);
}

/** Reduced motion (WCAG 2.3.3): pop-ups open without animation when the system asks for it, else with. */
describe('motion follows the system setting', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  for (const setting of ['reduce', 'no-preference'] as const) {
    it(`prefers-reduced-motion: ${setting}`, async () => {
      const page = await newPage(browser, setting);
      try {
        const seen = await openAndCancelPopup(page);
        if (setting === 'reduce') expect(seen).toEqual([]);
        else expect(seen).toEqual(expect.arrayContaining(['ant-zoom-big-appear-active']));
      } catch (error) {
        await screenshot(page, `motion ${setting}`).catch(() => undefined);
        throw error;
      } finally {
        await page.context().close();
      }
    });
  }
});
