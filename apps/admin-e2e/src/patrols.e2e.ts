import type { Browser } from 'playwright-core';
import { choose, eventually, searchAndChoose, tableRows } from './support/antd';
import { api } from './support/api';
import {
  browserTest,
  DEMO_PASSWORD,
  launch,
  menu,
  screenshot,
  signIn,
  submitLogin,
  url,
} from './support/browser';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1]);

/** DELETE as the ecology branch (the JSON helper expects a body back). */
async function fetchDelete(path: string): Promise<void> {
  const login = await fetch(url('/api/v1/auth/login'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'eco_officer', password: DEMO_PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const response = await fetch(url(`/api/v1${path}`), {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  if (!response.ok) throw new Error(`DELETE ${path}: ${response.status}`);
}

interface OutfallRow {
  id: string;
  localCode: string;
  longitude: number;
  latitude: number;
}

describe('patrols', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'the ecology branch reads patrols, the flagged distance, the overdue units and edits the frequency rules',
    async (page) => {
      await signIn(page, 'eco_officer');
      await menu(page).getByText('长效巡查', { exact: true }).click();
      await page.waitForURL(/\/patrols$/);
      const rows = tableRows(page, 'patrol-table');
      await rows.first().waitFor();

      // only the patrols whose GPS point is beyond the limit: the demo has one (about 350 m away)
      await choose(page, page.getByTestId('patrol-filter-distance'), '定位超距：是');
      const flagged = await eventually(
        () => rows.count(),
        (n) => n === 1,
      );
      expect(flagged).toBe(1);
      await rows.first().getByTestId('patrol-distance-flag').waitFor();
      await rows.first().getByTestId('patrol-open').click();
      await page.waitForURL(/\/patrols\/[0-9a-f-]{36}$/);
      await page
        .getByTestId('patrol-detail')
        .getByTestId('patrol-distance-flag')
        .getByText('超出 200 米阈值')
        .waitFor();
      await page.getByTestId('patrol-finding').first().waitFor();

      // schedules: overdue counted per responsible unit
      await page.goto(url('/patrols/schedules'));
      const units = tableRows(page, 'patrol-overdue-table');
      await units.first().waitFor();
      expect(await units.count()).toBeGreaterThan(0);
      await tableRows(page, 'schedule-table').first().waitFor();

      // rules: add one, then a duplicate is refused with the reason (a rerun first removes the one it added)
      const rules = await api<
        { id: string; category: string | null; area: string | null; keyRiver: boolean | null }[]
      >('eco_officer', 'GET', '/patrols/rules');
      for (const rule of rules.filter(
        (r) => r.category === 'other' && r.area === 'general' && r.keyRiver === false,
      ))
        await fetchDelete(`/patrols/rules/${rule.id}`);
      await page.goto(url('/patrols/rules'));
      const ruleRows = tableRows(page, 'rule-table');
      await ruleRows.first().waitFor();
      const before = await ruleRows.count();
      const addRule = async () => {
        await page.getByTestId('rule-add').click();
        const dialog = page.getByTestId('rule-form');
        await choose(page, dialog.getByTestId('rule-category'), '其他排污口');
        await choose(page, dialog.getByTestId('rule-area'), '一般区域');
        await choose(page, dialog.getByTestId('rule-key-river'), '否');
        await dialog.getByTestId('rule-interval-input').fill('20');
        await page.getByTestId('rule-ok').click();
        return dialog;
      };
      const first = await addRule();
      await first.waitFor({ state: 'hidden' });
      expect(
        await eventually(
          () => ruleRows.count(),
          (n) => n === before + 1,
        ),
      ).toBe(before + 1);
      const second = await addRule();
      await second.getByText(/已有相同类别/).waitFor();
      await page.keyboard.press('Escape');
    },
  );

  it('a township records a patrol on a 390 px phone: location from the device, checklist, a finding and a photo', async () => {
    const [outfall] = (
      await api<{ items: OutfallRow[] }>(
        'township_liugong',
        'GET',
        '/outfalls?limit=1&status=active&sort=localCode',
      )
    ).items;
    const context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      geolocation: { longitude: outfall.longitude, latitude: outfall.latitude, accuracy: 5 },
      permissions: ['geolocation'],
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    try {
      // on a phone the side menu is folded away: wait for the shell to leave the login page
      await submitLogin(page, 'township_liugong');
      await page.waitForURL((address) => !address.pathname.startsWith('/login'));
      await page.goto(url('/patrols/new'));
      await page.getByTestId('patrol-form').waitFor();
      // one column: the form fits the phone's width
      const fits = async (testId: string) => {
        const box = await page.getByTestId(testId).boundingBox();
        return box !== null && box.x >= 0 && box.x + box.width <= 390;
      };
      expect(await fits('patrol-form')).toBe(true);
      expect(await fits('patrol-form-submit')).toBe(true);

      await searchAndChoose(page, page.getByTestId('patrol-form-outfall'), outfall.localCode);
      await page.getByTestId('patrol-form-people').fill('赵工、钱工');
      await page.getByTestId('patrol-form-locate').click();
      const lon = await eventually(
        () => page.getByTestId('patrol-form-lon').inputValue(),
        (value) => value !== '',
      );
      expect(Number(lon)).toBeCloseTo(outfall.longitude, 5);
      expect(await page.getByTestId('patrol-form-photos').getAttribute('accept')).toBe('image/*');
      expect(await page.getByTestId('patrol-form-photos').getAttribute('capture')).not.toBeNull();

      await page.getByTestId('patrol-form-signIntact').uncheck();
      await page.getByTestId('patrol-form-add-finding').click();
      await choose(page, page.getByTestId('patrol-form-finding-kind'), '标识牌缺失或损坏');
      await page.getByTestId('patrol-form-finding-text').fill('E2E：标识牌缺失');
      await page.getByTestId('patrol-form-photos').setInputFiles({
        name: 'site.jpg',
        mimeType: 'image/jpeg',
        buffer: JPEG,
      });
      await page.getByTestId('patrol-form-photo').waitFor();
      await page.getByTestId('patrol-form-submit').click();

      await page.waitForURL(/\/patrols\/[0-9a-f-]{36}$/);
      const detail = page.getByTestId('patrol-detail');
      await detail.getByTestId('patrol-distance').getByText('0 米').waitFor();
      expect(await detail.getByTestId('patrol-distance-flag').count()).toBe(0);
      await detail.getByTestId('patrol-finding').getByText('E2E：标识牌缺失').waitFor();
      await detail.getByTestId('patrol-photo').waitFor();
    } catch (error) {
      await screenshot(page, 'patrols-mobile').catch(() => undefined);
      throw error;
    } finally {
      await context.close();
    }
  });

  browserTest(
    () => browser,
    'the outfall drawer shows the next patrol due and the last patrols',
    async (page) => {
      const recent = await api<{ items: { outfallId: string; outfall: { localCode: string } }[] }>(
        'eco_officer',
        'GET',
        '/patrols?limit=1&sort=-patrolledAt',
      );
      const code = recent.items[0].outfall.localCode;
      await signIn(page, 'eco_officer');
      await page.goto(url(`/outfalls?outfall=${recent.items[0].outfallId}`));
      const section = page.getByTestId('outfall-patrols');
      await section.waitFor();
      await section.getByTestId('outfall-patrol').first().waitFor();
      expect(await page.getByTestId('outfall-title').innerText()).toContain(code);
    },
  );
});
