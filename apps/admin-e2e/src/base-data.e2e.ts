import type { Browser, Page } from 'playwright-core';
import { api } from './support/api';
import { choose, eventually, searchAndChoose, tableRows } from './support/antd';
import { browserTest, launch, menu, signIn } from './support/browser';

interface Page_<T> {
  items: T[];
  total: number;
}

type Link = { isMain: boolean; isFallback: boolean; entity: { name: string } };
const linksOf = async (outfallId: string) =>
  (await api<{ entities: Link[] }>('admin', 'GET', `/outfalls/${outfallId}`)).entities;

describe('base data and entities', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());
  const test = (name: string, body: (page: Page) => Promise<void>) => browserTest(() => browser, name, body);

  test('a new water body: a bad code is refused on its field, then the water body is saved and listed', async (page) => {
    const code = `E${Date.now().toString(36).toUpperCase().slice(-8)}`;
    await signIn(page, 'admin');
    await menu(page).getByText('基础数据', { exact: true }).click();
    await page.waitForURL(/\/base-data\/water-bodies/);
    await tableRows(page, 'water-table').first().waitFor();

    await page.getByTestId('water-new').click();
    const form = page.getByTestId('water-form');
    await form.getByTestId('water-form-code').fill('1BAD');
    await form.getByTestId('water-form-name').fill(`测试河${code}`);
    await choose(page, form.getByTestId('water-form-kind').getByRole('combobox'), '河流');
    await choose(page, form.getByTestId('water-form-level').getByRole('combobox'), '县市级');
    await page.getByTestId('water-form-ok').click();
    // the API's validation message shows under the code field, in Chinese
    await form
      .locator('.ant-form-item-has-error')
      .filter({ hasText: '应为 2–16 位大写字母或数字，以字母开头' })
      .waitFor();

    await form.getByTestId('water-form-code').fill(code);
    await page.getByTestId('water-form-ok').click();
    await form.waitFor({ state: 'hidden' });

    await page.getByTestId('water-filter-q').fill(code);
    await page.getByTestId('water-filter-q').press('Enter');
    await page.waitForURL(new RegExp(`q=${code}`));
    const rows = await eventually(
      () => tableRows(page, 'water-table').allInnerTexts(),
      (texts) => texts.length === 1 && texts[0].includes(code),
    );
    expect(rows[0]).toContain('河流');
    expect(rows[0]).toContain('县市级');
    const saved = await api<Page_<{ code: string; kind: string }>>('admin', 'GET', `/water-bodies?q=${code}`);
    expect(saved.items).toEqual([expect.objectContaining({ code, kind: 'river' })]);

    // tabs are addressable: another tab has its own URL
    await page.getByTestId('base-data-tabs').getByText('标准与指标').click();
    await page.waitForURL(/\/base-data\/standards/);
    await tableRows(page, 'indicator-table').first().waitFor();
  });

  test('a new responsible entity is linked to an outfall, keeping its main entity', async (page) => {
    const name = `测试主体${Date.now().toString(36)}`;
    const [township] = (
      await api<Page_<{ id: string; name: string }>>(
        'admin',
        'GET',
        '/divisions?level=township&limit=1&sort=code',
      )
    ).items;
    const [outfall] = (
      await api<Page_<{ id: string; localCode: string }>>(
        'admin',
        'GET',
        '/outfalls?status=active&limit=1&sort=-localCode',
      )
    ).items;

    const before = await linksOf(outfall.id);

    await signIn(page, 'admin');
    await menu(page).getByText('责任主体清单', { exact: true }).click();
    await page.waitForURL(/\/entities/);
    await page.getByTestId('entity-new').click();
    const form = page.getByTestId('entity-form');
    await form.getByTestId('entity-form-name').fill(name);
    await choose(page, form.getByTestId('entity-form-division').getByRole('combobox'), township.name);
    await form.getByTestId('entity-form-phone').fill('12345');
    await page.getByTestId('entity-form-ok').click();
    await form.locator('.ant-form-item-has-error').filter({ hasText: '请输入正确的电话号码' }).waitFor();
    await form.getByTestId('entity-form-phone').fill('13912345678');
    await page.getByTestId('entity-form-ok').click();
    await form.waitFor({ state: 'hidden' });

    const search = page.getByPlaceholder('按名称或统一社会信用代码搜索');
    await search.fill(name);
    await search.press('Enter');
    const row = tableRows(page, 'entities-table').filter({ hasText: name });
    await row.waitFor();
    await row.getByTestId('entity-link-open').click();
    const link = page.getByTestId('entity-link');
    await searchAndChoose(page, link.getByTestId('entity-link-outfall'), outfall.localCode);
    // as a cooperating entity: the outfall's main entity stays (a township fallback would give way)
    await link.getByTestId('entity-link-main').uncheck();
    await page.getByTestId('entity-link-ok').click();
    await link.waitFor({ state: 'hidden' });

    await row.getByTestId('entity-outfalls').filter({ hasText: '1' }).waitFor();
    const after = await linksOf(outfall.id);
    expect(after.map((l) => l.entity.name)).toContain(name);
    const realMain = before.find((l) => l.isMain && !l.isFallback);
    expect(after.find((l) => l.isMain)?.entity.name).toBe(realMain ? realMain.entity.name : name);
  });
});
