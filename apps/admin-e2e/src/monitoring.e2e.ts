import type { Browser, Page } from 'playwright-core';
import { choose, eventually, searchAndChoose, tableRows, typeDate } from './support/antd';
import { browserTest, launch, menu, signIn } from './support/browser';

const samples = (page: Page) => tableRows(page, 'samples-table');

async function openMonitoring(page: Page): Promise<void> {
  await menu(page).getByText('监测', { exact: true }).click();
  await samples(page).first().waitFor();
}

/** Yesterday in Beijing, YYYY-MM-DD (a sampling time that is surely in the past). */
function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

describe('monitoring', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());
  const test = (name: string, body: (page: Page) => Promise<void>) => browserTest(() => browser, name, body);

  test('filters samples, expands one to its readings, and lists exceedances by multiple and chronic outfalls', async (page) => {
    await signIn(page, 'eco_officer');
    await openMonitoring(page);

    await choose(page, page.getByTestId('monitoring-source').getByRole('combobox'), '监督性监测');
    await choose(page, page.getByTestId('monitoring-exceeding').getByRole('combobox'), '仅超标');
    await page.waitForURL(/source=supervisory/);
    await page.waitForURL(/exceeding=true/);
    const results = await eventually(
      () => samples(page).evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText)),
      (texts) =>
        texts.length > 0 && texts.every((text) => text.includes('监督性监测') && text.includes('超标')),
    );
    expect(results.filter((text) => !text.includes('监督性监测') || !/超标 \d+ 项/.test(text))).toEqual([]);

    // a row expands to its readings: limit, 达标 / 超标 and the multiple
    await samples(page).first().locator('.ant-table-row-expand-icon').click();
    const readings = page.getByTestId('sample-readings').first();
    await readings.waitFor();
    await readings
      .getByTestId('exceeding-tag')
      .first()
      .getByText(/超标 · \d+\.\d{2} 倍/)
      .waitFor();
    expect(await readings.innerText()).toMatch(/≤ \d/);

    // the exceedance tab keeps the filters and sorts by multiple, largest first
    await page.getByTestId('monitoring-tabs').getByText('超标记录').click();
    await page.waitForURL(/\/monitoring\/exceedances\?.*source=supervisory/);
    const multiples = await eventually(
      () => page.getByTestId('exceedance-multiple').allInnerTexts(),
      (texts) => texts.length > 1,
    );
    const numbers = multiples.map((text) => Number.parseFloat(text));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(await tableRows(page, 'exceedances-table').first().innerText()).toContain('监督性监测');

    await page.getByTestId('monitoring-tabs').getByText('长期超标').click();
    await page.waitForURL(/\/monitoring\/chronic/);
    await tableRows(page, 'chronic-table')
      .first()
      .getByTestId('chronic-count')
      .getByText(/最近 \d+ 次中 \d+ 次超标/)
      .waitFor();
  });

  test('entering a sample shows the API’s error under an impossible pH, then saves the corrected one', async (page) => {
    await signIn(page, 'eco_officer');
    await openMonitoring(page);
    await page.getByTestId('sample-create').click();
    const dialog = page.getByRole('dialog', { name: '录入监测数据' });
    await searchAndChoose(page, dialog.getByTestId('sample-outfall-picker'), 'JTH-WS-0015');
    await typeDate(dialog.getByLabel('采样时间'), `${yesterday()} 10:30`);
    const rows = dialog.getByTestId('reading-row');
    // the form starts with pH, COD, NH3-N and TP
    await rows.nth(0).getByTestId('reading-value').fill('15');
    await rows.nth(1).getByTestId('reading-value').fill('12.5');
    await dialog.locator('.ant-btn-primary').click();
    const phValue = rows.nth(0).locator('.ant-form-item', { has: page.getByTestId('reading-value') });
    await phValue.getByText('不能大于 14').waitFor();
    // the COD row has no error
    expect(await rows.nth(1).locator('.ant-form-item-explain-error').count()).toBe(0);

    await rows.nth(0).getByTestId('reading-value').fill('7.2');
    await dialog.locator('.ant-btn-primary').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('监测数据已保存', { exact: false }).waitFor();
    // newest first: the sample heads the list
    const first = await eventually(
      () => samples(page).first().innerText(),
      (text) => text.includes('JTH-WS-0015') && text.includes(yesterday().replace(/-/g, '/')),
    );
    expect(first).toContain('JTH-WS-0015');
    expect(first).toContain(`${yesterday()} 10:30`.replace(/-/g, '/'));
  });
});

describe('an outfall’s monitoring and tracing', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'the drawer explains the standard and the chronic flag, lists tracing and adds a completed record',
    async (page) => {
      await signIn(page, 'eco_officer');
      await menu(page).getByText('监测', { exact: true }).click();
      await page.getByTestId('monitoring-tabs').getByText('长期超标').click();
      const first = tableRows(page, 'chronic-table').first();
      await first.waitFor();
      await first.locator('a').first().click();
      const drawer = page.getByTestId('outfall-drawer');
      const status = drawer.getByTestId('monitoring-status');
      await status
        .getByTestId('chronic-alert')
        .getByText(/长期超标：最近 \d+ 次采样中 \d+ 次超标/)
        .waitFor();
      expect((await status.getByTestId('standard-explanation').innerText()).length).toBeGreaterThan(4);
      expect(await status.getByTestId('latest-readings').locator('tr.ant-table-row').count()).toBeGreaterThan(
        0,
      );

      const records = drawer.getByTestId('tracing-record');
      await records.first().waitFor();
      const before = await records.count();
      await drawer.getByTestId('add-tracing').click();
      const dialog = page.getByRole('dialog', { name: /新增溯源记录/ });
      const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
      const source = `E2E 北侧支管 ${Date.now()}`;
      await dialog.getByLabel('污染来源（文字描述）').fill(source);
      await dialog.getByLabel('污染来源（文字描述）').press('Enter');
      await dialog.getByLabel('溯源结论').fill('E2E：示踪确认来自北侧支管。');
      // (picked once the dialog has finished opening: an option clicked during the animation can miss)
      await choose(page, dialog.getByLabel('溯源方法'), '示踪试验');
      await dialog
        .getByLabel('溯源方法')
        .locator('xpath=ancestor::div[contains(@class,"ant-select")][1]')
        .getByText('示踪试验')
        .waitFor();
      await dialog.getByLabel('溯源已完成').click();
      await typeDate(dialog.getByLabel('完成日期'), today);
      await dialog.locator('.ant-btn-primary').click();
      await dialog.waitFor({ state: 'hidden' });
      const added = records.filter({ hasText: source });
      await added.waitFor();
      expect(await added.innerText()).toContain(`已完成 ${today}`);
      expect(await records.count()).toBe(before + 1);
      // a completed tracing means the outfall has its traced milestone (the first completion date stays)
      expect(await drawer.getByTestId('milestone-traced').getAttribute('data-done')).toBe('true');
    },
  );
});
