import type { Browser } from 'playwright-core';
import { api } from './support/api';
import { choose, dropdown, eventually, tableRows } from './support/antd';
import { browserTest, launch, menu, signIn, url } from './support/browser';

interface Item {
  id: string;
  name: string;
  creditCode: string | null;
  matched: boolean;
}

describe('department base lists (部门基础清单)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'the industry bureau adds an enterprise (the API’s Chinese field error first) and finds it in its list',
    async (page) => {
      const name = `E2E 测试企业 ${Date.now()}`;
      await signIn(page, 'industry_officer');
      await menu(page).getByText('部门基础清单').click();
      // the demo list is there, with matched and unmatched enterprises
      await tableRows(page, 'source-list-table').first().waitFor();
      expect(await page.getByTestId('source-matched').count()).toBeGreaterThan(0);

      await page.getByTestId('source-item-add').click();
      const dialog = page.getByTestId('source-item-form');
      await dialog.getByTestId('source-item-name').fill(name);
      await dialog.getByTestId('source-item-longitude').fill('87.31');
      await dialog.getByTestId('source-item-latitude').fill('44.02');
      await dialog.getByTestId('source-item-industry-code').fill('X1');
      await dialog.locator('.ant-btn-primary').click();
      // every problem at once: the missing credit code and the malformed industry code, in Chinese
      await dialog.getByText('规模以上工业企业的统一社会信用代码必填').waitFor();
      await dialog.getByText(/行业代码“X1”格式不正确/).waitFor();

      await dialog.getByTestId('source-item-credit-code').fill('91652301MA7E2E0017');
      await dialog.getByTestId('source-item-industry-code').fill('3021');
      await dialog.locator('.ant-btn-primary').click();
      const codeError = dialog.getByText(/统一社会信用代码“91652301MA7E2E0017”无效/);
      // a wrong check character is refused too
      await codeError.waitFor();
      await dialog.getByTestId('source-item-credit-code').fill('');
      await dialog.getByTestId('source-item-credit-code').fill(validCode());
      await dialog.locator('.ant-btn-primary').click();
      await dialog.waitFor({ state: 'hidden' });

      const search = page.getByPlaceholder('名称、信用代码或地址');
      await search.fill(name);
      await search.press('Enter');
      const rows = tableRows(page, 'source-list-table');
      expect(
        await eventually(
          () => rows.count(),
          (count) => count === 1,
        ),
      ).toBe(1);
      expect(await rows.first().innerText()).toContain('3021');
      expect(await rows.first().innerText()).toContain('昌吉市商务和工业信息化局');
    },
  );

  browserTest(
    () => browser,
    'the outfall drawer lists candidate sources nearest first, and tracing picks one',
    async (page) => {
      const outfalls = await api<{ items: { id: string; localCode: string }[] }>(
        'eco_officer',
        'GET',
        '/outfalls?category=industrial&sort=localCode&limit=1',
      );
      const [outfall] = outfalls.items;
      const candidates = await api<{ items: Item[] }>(
        'eco_officer',
        'GET',
        `/outfalls/${outfall.id}/candidate-sources`,
      );
      expect(candidates.items.length).toBeGreaterThan(0);
      await signIn(page, 'eco_officer');
      await page.goto(url(`/outfalls?outfall=${outfall.id}`));
      const section = page.getByTestId('candidate-sources');
      const rows = section.locator('tr.ant-table-row');
      // the drawer loads many sections at once: give the list its time on a busy machine
      await section.scrollIntoViewIfNeeded({ timeout: 30_000 });
      await rows.first().waitFor({ timeout: 30_000 });
      expect(await rows.count()).toBe(candidates.items.length);
      expect(await rows.first().innerText()).toContain(candidates.items[0].name);

      // tracing picks a candidate: the record lists it as a source
      const drawer = page.getByTestId('outfall-drawer');
      await drawer.getByTestId('add-tracing').click();
      const dialog = page.getByRole('dialog', { name: /新增溯源记录/ });
      const picker = dialog.getByLabel('从周边候选污染源选择');
      await picker.click();
      await dropdown(page)
        .locator('.ant-select-item-option')
        .filter({ hasText: candidates.items[0].name })
        .click();
      await dialog.getByLabel('溯源结论').click();
      await choose(page, dialog.getByLabel('溯源方法'), '现场踏勘');
      await dialog
        .getByLabel('溯源方法')
        .locator('xpath=ancestor::div[contains(@class,"ant-select")][1]')
        .getByText('现场踏勘')
        .waitFor();
      await dialog.locator('.ant-btn-primary').click();
      await dialog.waitFor({ state: 'hidden' });
      await drawer
        .getByTestId('tracing-record')
        .filter({ hasText: candidates.items[0].name })
        .first()
        .waitFor();
    },
  );

  browserTest(
    () => browser,
    'the water bureau edits a river’s basin area and river length',
    async (page) => {
      await signIn(page, 'water_officer');
      await page.goto(url('/source-lists/waters'));
      const river = tableRows(page, 'basin-table').filter({ hasText: 'LKL' });
      await river.waitFor();
      await river.getByTestId('basin-edit').click();
      const dialog = page.getByTestId('basin-form');
      await dialog.getByTestId('river-length').fill('87.5');
      await dialog.locator('.ant-btn-primary').click();
      await dialog.waitFor({ state: 'hidden' });
      await river.getByText('87.5').waitFor();
    },
  );
});

/** A valid unified social credit code (GB 32100-2015 check character) that no demo record uses. */
function validCode(): string {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `91652301MA7E2E${String(Date.now() % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((total, c, i) => total + charset.indexOf(c) * weights[i], 0);
  return body + charset[(31 - (sum % 31)) % 31];
}
