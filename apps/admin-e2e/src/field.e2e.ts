import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually } from './support/antd';
import { api } from './support/api';
import { launch, screenshot, submitLogin, url } from './support/browser';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1]);
const WIDTH = 390;

interface OutfallRow {
  id: string;
  localCode: string;
  longitude: number;
  latitude: number;
}

/** Nothing on the page is wider than the phone's screen. */
async function fitsThePhone(page: Page): Promise<boolean> {
  return page.evaluate((width) => document.documentElement.scrollWidth <= width, WIDTH);
}

/** The draft is written 400 ms after the last change: wait until the browser holds one. */
async function draftKept(page: Page, key: string): Promise<void> {
  await eventually(
    () =>
      page.evaluate(
        (wanted) =>
          new Promise<boolean>((resolve) => {
            const open = indexedDB.open('outfall-field', 1);
            open.onupgradeneeded = () => open.result.createObjectStore('drafts');
            open.onsuccess = () => {
              const get = open.result.transaction('drafts').objectStore('drafts').get(wanted);
              get.onsuccess = () => resolve(get.result !== undefined);
              get.onerror = () => resolve(false);
            };
            open.onerror = () => resolve(false);
          }),
        key,
      ),
    (kept) => kept,
  );
}

describe('field mode on a phone (390 px)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let target: OutfallRow;

  beforeAll(async () => {
    browser = await launch();
    // the township's outfall that the phone stands about 55 m north of
    [target] = (
      await api<{ items: OutfallRow[] }>(
        'township_liugong',
        'GET',
        '/outfalls?limit=1&status=active&sort=-localCode',
      )
    ).items;
    context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: WIDTH, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      geolocation: { longitude: target.longitude, latitude: target.latitude + 0.0005, accuracy: 8 },
      permissions: ['geolocation'],
    });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    await submitLogin(page, 'township_liugong');
    await page.waitForURL((address) => !address.pathname.startsWith('/login'));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('lists my outfalls nearest first from the phone’s position', async () => {
    try {
      await page.goto(url('/field'));
      await page.getByTestId('field-item').first().waitFor();
      expect(await fitsThePhone(page)).toBe(true);
      await page.getByTestId('field-locate').click();
      await page.getByTestId('field-located').waitFor();
      const metres = await page
        .getByTestId('field-item-distance')
        .evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-metres'))));
      expect(metres.length).toBeGreaterThan(1);
      expect(metres).toEqual([...metres].sort((a, b) => a - b));
      // the nearest is at most the ~55 m to the target (another outfall may stand as close)
      expect(metres[0]).toBeLessThanOrEqual(56);
      expect(await page.getByTestId('field-item-code').allInnerTexts()).toContain(target.localCode);
      await page.getByTestId('field-search').fill(target.localCode);
      expect(await page.getByTestId('field-item-code').first().innerText()).toBe(target.localCode);
      await screenshot(page, 'field-home');
    } catch (error) {
      await screenshot(page, 'field-home-failed').catch(() => undefined);
      throw error;
    }
  });

  it('records a patrol whose draft, photo included, survives a reload', async () => {
    try {
      await page.goto(url(`/field/outfalls/${target.id}`));
      await page.getByTestId('field-outfall').getByText(target.localCode).waitFor();
      expect(await fitsThePhone(page)).toBe(true);
      await page.getByTestId('field-record-patrol').click();
      await page.waitForURL(/\/field\/patrol\?outfall=/);
      await page.getByTestId('patrol-form').waitFor();
      expect(await fitsThePhone(page)).toBe(true);

      await page.getByTestId('patrol-form-people').fill('外业测试员');
      await page.getByTestId('patrol-form-locate').click();
      await eventually(
        () => page.getByTestId('patrol-form-lon').inputValue(),
        (value) => value !== '',
      );
      await page.getByTestId('patrol-form-photos').setInputFiles({
        name: 'field.jpg',
        mimeType: 'image/jpeg',
        buffer: JPEG,
      });
      await page.getByTestId('patrol-form-photo').waitFor();
      await page.getByTestId('patrol-form-discharging').check();
      await draftKept(page, `patrol:${target.id}`);

      // the signal drops, the page reloads: nothing entered is lost
      await page.reload();
      await page.getByTestId('patrol-form-draft').waitFor();
      expect(await page.getByTestId('patrol-form-people').inputValue()).toBe('外业测试员');
      expect(Number(await page.getByTestId('patrol-form-lat').inputValue())).toBeCloseTo(
        target.latitude + 0.0005,
        5,
      );
      expect(await page.getByTestId('patrol-form-discharging').isChecked()).toBe(true);
      await page.getByTestId('patrol-form-photo').getByText('field.jpg').waitFor();

      await page.getByTestId('patrol-form-submit').click();
      await page.waitForURL(new RegExp(`/field/outfalls/${target.id}$`));
      const saved = await api<{ items: { id: string; patrollerNames: string; discharging: boolean }[] }>(
        'township_liugong',
        'GET',
        `/patrols?outfallId=${target.id}&sort=-patrolledAt&limit=5`,
      );
      const patrol = saved.items.find((item) => item.patrollerNames === '外业测试员');
      expect(patrol?.discharging).toBe(true);
      const photos = await api<{ photos?: unknown[] }>('township_liugong', 'GET', `/patrols/${patrol?.id}`);
      expect(photos.photos?.length).toBe(1);

      // submitted: the draft is gone
      await page.goto(url(`/field/patrol?outfall=${target.id}`));
      await page.getByTestId('patrol-form').waitFor();
      await page.waitForTimeout(500);
      expect(await page.getByTestId('patrol-form-draft').count()).toBe(0);
      expect(await page.getByTestId('patrol-form-people').inputValue()).toBe('');
    } catch (error) {
      await screenshot(page, 'field-patrol-failed').catch(() => undefined);
      throw error;
    }
  });

  it('keeps a half-entered sample as a draft across a reload', async () => {
    try {
      await page.goto(url(`/field/outfalls/${target.id}`));
      await page.getByTestId('field-record-sample').click();
      const dialog = page.getByTestId('sample-form');
      const rows = page.getByTestId('reading-row');
      await rows.first().waitFor();
      await rows.nth(1).getByTestId('reading-value').fill('23.5');
      await draftKept(page, `sample:${target.id}`);
      await page.reload();
      await page.getByTestId('field-record-sample').click();
      await page.getByTestId('sample-form-draft').waitFor();
      expect(await rows.nth(1).getByTestId('reading-value').inputValue()).toBe('23.5');
      expect(await fitsThePhone(page)).toBe(true);
      await page.getByTestId('sample-form-draft').getByRole('button').click();
      expect(await rows.nth(1).getByTestId('reading-value').inputValue()).toBe('');
      expect(await dialog.count()).toBeGreaterThan(0);
    } catch (error) {
      await screenshot(page, 'field-sample-failed').catch(() => undefined);
      throw error;
    }
  });
});
