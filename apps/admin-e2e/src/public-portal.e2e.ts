import type { Browser } from 'playwright-core';
import { eventually } from './support/antd';
import { browserTest, launch, signIn, url } from './support/browser';

interface PublicPage {
  items: { code: string; name?: string; receivingWater?: string }[];
  total: number;
}

const publicJson = async <T>(path: string): Promise<T> => {
  const response = await fetch(url(`/api/v1/public${path}`));
  if (!response.ok) throw new Error(`GET /public${path}: ${response.status}`);
  return (await response.json()) as T;
};

describe('public portal (信息公开)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'on a phone (390×844), without login, the QR page /o/<code> shows the published fields only, and the list and an unknown code work',
    async (page) => {
      await page.setViewportSize({ width: 390, height: 844 });
      const first = (await publicJson<PublicPage>('/outfalls?limit=1')).items[0];
      expect(first).toBeDefined();
      await page.goto(url(`/o/${encodeURIComponent(first.code)}`));
      const card = page.getByTestId('public-outfall');
      await card.waitFor();
      await card.getByText(first.code, { exact: true }).waitFor();
      if (first.name) await card.getByText(first.name).first().waitFor();
      await card.getByText('受纳水体').waitFor();
      // the demo configuration does not publish the latest compliance (the city chooses)
      expect(await card.getByText('最近一次监测达标情况').count()).toBe(0);
      // no login screen, no admin shell, nothing wider than the phone
      expect(await page.getByTestId('main-menu').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      await page.goto(url('/o/NO-SUCH-OUTFALL'));
      await page.getByTestId('public-outfall-not-found').waitFor();

      await page.goto(url('/public'));
      await page.getByTestId('public-outfall-item').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.getByTestId('public-outfall-item').first().locator('a').first().click();
      await page.getByTestId('public-outfall').waitFor();
      expect(page.url()).toContain('/o/');
    },
  );

  browserTest(
    () => browser,
    'the eco branch publishes the latest compliance: draft, submit, approve; the public page shows it only then',
    async (page) => {
      const code = (await publicJson<PublicPage>('/outfalls?limit=1')).items[0].code;
      await signIn(page, 'eco_officer');
      await page.goto(url('/public-portal'));
      await page.getByTestId('publication-effective').getByText('第 1 版').waitFor();
      await page.getByTestId('publication-edit').click();
      await page.getByTestId('publication-field-options').getByText('最近一次监测达标情况').click();
      await page.getByTestId('publication-save').click();
      await page.getByTestId('publication-open-status').getByText('草稿').waitFor();
      // a draft changes nothing on the public side
      const before = await publicJson<Record<string, unknown>>(`/outfalls/${encodeURIComponent(code)}`);
      expect(before).not.toHaveProperty('latestCompliance');

      await page.getByTestId('publication-submit').click();
      await page.getByTestId('publication-open-status').getByText('待审核').waitFor();
      await page.getByTestId('publication-review-note').fill('同意公开监测达标情况');
      await page.getByTestId('publication-approve').click();
      await page.getByTestId('publication-effective').getByText('第 2 版').waitFor();
      await page.getByTestId('publication-fields-effective').getByText('最近一次监测达标情况').waitFor();
      await page.getByTestId('publication-history').getByText('已被替代').waitFor();

      const after = await eventually(
        () => publicJson<Record<string, unknown>>(`/outfalls/${encodeURIComponent(code)}`),
        (body) => 'latestCompliance' in body,
      );
      expect(after).toHaveProperty('latestCompliance');
      await page.goto(url(`/o/${encodeURIComponent(code)}`));
      await page.getByTestId('public-outfall').getByText('最近一次监测达标情况').waitFor();
    },
  );
});
