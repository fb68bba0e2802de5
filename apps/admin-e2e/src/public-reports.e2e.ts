import type { Browser, Page } from 'playwright-core';
import { choose, searchAndChoose, tableRows } from './support/antd';
import { api } from './support/api';
import { browserTest, launch, signIn, url } from './support/browser';

/** A small JPEG whose APP1 segment carries EXIF with a GPS tag (removed by the server before storage). */
function jpegWithGps(): Buffer {
  const exif = Buffer.concat([
    Buffer.from('Exif\0\0II*\0', 'latin1'),
    Buffer.from('GPSLatitude 44/1', 'latin1'),
  ]);
  const len = exif.length + 2;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    Buffer.from([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    Buffer.from([0xff, 0xe1, len >> 8, len & 0xff]),
    exif,
    Buffer.from([0xff, 0xda, 0, 2, 0x12, 0x34, 0xff, 0xd9]),
  ]);
}

interface OutfallRow {
  id: string;
  localCode: string;
  longitude: number;
  latitude: number;
}

describe('public reports (公众举报)', () => {
  let browser: Browser;
  let outfall: OutfallRow;
  let tracking: { number: string; secret: string };

  beforeAll(async () => {
    browser = await launch();
    const page = await api<{ items: OutfallRow[] }>(
      'eco_officer',
      'GET',
      '/outfalls?limit=1&status=active&sort=localCode',
    );
    outfall = page.items[0];
  });
  afterAll(() => browser.close());

  /** A phone (390×844, touch) that shares its location: right next to the demo outfall. */
  async function phone(): Promise<Page> {
    const context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      geolocation: { longitude: outfall.longitude + 0.0004, latitude: outfall.latitude + 0.0002 },
      permissions: ['geolocation'],
    });
    context.setDefaultTimeout(20_000);
    return context.newPage();
  }

  it('a phone submits a report without login (proof of work in the browser) and tracks it', async () => {
    const page = await phone();
    try {
      await page.goto(url('/public/report'));
      const form = page.getByTestId('report-form');
      await form.waitFor();
      expect(await page.getByTestId('main-menu').count()).toBe(0);
      await page.getByTestId('report-my-location').click();
      await page.waitForFunction(() => {
        const el = document.querySelector('[data-testid=report-longitude]');
        const input = (el?.tagName === 'INPUT' ? el : el?.querySelector('input')) as HTMLInputElement | null;
        return !!input?.value;
      });
      await page.getByTestId('report-description').fill('E2E：河边一根管子在排黑水，气味很重');
      await form
        .locator('input[type=file]')
        .setInputFiles({ name: 'river.jpg', mimeType: 'image/jpeg', buffer: jpegWithGps() });
      await page.getByTestId('report-contact').fill('13900000000');
      const started = Date.now();
      await page.getByTestId('report-submit').click();
      const number = (await page.getByTestId('report-number').textContent({ timeout: 60_000 }))?.trim() ?? '';
      console.log(`proof of work + submission in the browser: ${Date.now() - started} ms`);
      const secret = (await page.getByTestId('report-secret').textContent())?.trim() ?? '';
      expect(number).toMatch(/^JB-\d{8}-\d{4}$/);
      expect(secret.length).toBeGreaterThanOrEqual(20);
      tracking = { number, secret };
      // nothing overflows the phone's width
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      await page.getByTestId('report-track-link').click();
      await page.getByTestId('track-secret').fill('wrong-secret-wrong-secret');
      await page.getByTestId('track-submit').click();
      await page.getByText('未找到该举报').first().waitFor();
      await page.getByTestId('track-secret').fill(secret);
      await page.getByTestId('track-submit').click();
      await page.getByTestId('track-status').getByText('已受理').waitFor();
    } finally {
      await page.context().close();
    }
  });

  browserTest(
    () => browser,
    'the ecology branch triages it: candidates, assignment, outcome with an enforcement case; the reporter sees the reply',
    async (page) => {
      expect(tracking).toBeDefined();
      await signIn(page, 'eco_officer');
      await page.goto(url(`/public-reports?q=${tracking.number}`));
      const rows = tableRows(page, 'report-table');
      await rows.filter({ hasText: tracking.number }).first().waitFor();
      await rows.filter({ hasText: tracking.number }).first().getByTestId('report-open').click();
      const drawer = page.getByTestId('report-drawer');
      await drawer.getByTestId('report-status').getByText('已受理').waitFor();
      // the demo outfall next to it is a candidate for the same place
      await drawer.getByTestId('report-candidates').getByText(outfall.localCode).waitFor();

      await searchAndChoose(page, drawer.getByTestId('assign-unit'), '三工镇');
      await drawer.getByTestId('assign-submit').click();
      await drawer.getByTestId('report-status').getByText('办理中').waitFor();

      await drawer.getByRole('tab', { name: '办结' }).click();
      await choose(page, drawer.getByTestId('outcome-select'), '属实');
      await drawer.getByTestId('outcome-outfall').click();
      await page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
        .filter({ hasText: outfall.localCode })
        .first()
        .click();
      await drawer.getByTestId('outcome-open-case').click();
      await choose(page, drawer.getByTestId('outcome-case-kind'), '私设暗管/未经批准设置排污口');
      await drawer.getByTestId('outcome-reply').fill('经核查举报属实，已立案查处，感谢您的监督');
      await drawer.getByTestId('outcome-submit').click();
      await drawer.getByTestId('report-status').getByText('已办结').waitFor();
      await drawer.getByTestId('report-case-link').waitFor();

      const found = await api<{ items: { id: string; enforcementCaseId: string | null }[] }>(
        'eco_officer',
        'GET',
        `/public-reports?q=${tracking.number}`,
      );
      const kase = await api<{ publicReportId: string; origin: string }>(
        'eco_officer',
        'GET',
        `/enforcement/cases/${found.items[0].enforcementCaseId}`,
      );
      expect(kase).toEqual(
        expect.objectContaining({ origin: 'public_report', publicReportId: found.items[0].id }),
      );

      // back on the phone: the outcome and the reply, nothing internal
      const mobile = await phone();
      try {
        await mobile.goto(url(`/public/report/track?number=${tracking.number}`));
        await mobile.getByTestId('track-secret').fill(tracking.secret);
        await mobile.getByTestId('track-submit').click();
        await mobile.getByTestId('track-status').getByText('已办结').waitFor();
        await mobile.getByTestId('track-reply').getByText('经核查举报属实').waitFor();
        const text = (await mobile.getByTestId('track-result').textContent()) ?? '';
        expect(text).not.toMatch(/三工镇|eco_officer|ZF\d{4}/);
      } finally {
        await mobile.context().close();
      }
    },
  );
});
