import type { Browser, Page } from 'playwright-core';
import { api } from './support/api';
import { choose, eventually, searchAndChoose, tableRows, typeDate } from './support/antd';
import { browserTest, launch, menu, signIn } from './support/browser';

interface Page_<T> {
  items: T[];
  total: number;
}

async function openPermits(page: Page): Promise<void> {
  await menu(page).getByText('排污许可与监测计划', { exact: true }).click();
  await page.waitForURL(/\/permits/);
  await tableRows(page, 'permits-table').first().waitFor();
}

describe('permits', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());
  const test = (name: string, body: (page: Page) => Promise<void>) => browserTest(() => browser, name, body);

  test('lists permits with the expiry flag, opens one with its duty, and lists the non-receipt findings', async (page) => {
    await signIn(page, 'eco_officer');
    await openPermits(page);
    await choose(page, page.getByTestId('permits-expiry').getByRole('combobox'), '即将到期');
    await page.waitForURL(/expiry=expiring/);
    const expected = await api<Page_<{ permitNumber: string }>>(
      'eco_officer',
      'GET',
      '/permits?expiry=expiring&limit=200',
    );
    expect(expected.total).toBeGreaterThan(0);
    const texts = await eventually(
      () => tableRows(page, 'permits-table').allInnerTexts(),
      (rows) => rows.length === expected.items.length && rows.every((row) => row.includes('即将到期')),
    );
    expect(texts.map((row) => row.split(/\s/)[0]).sort()).toEqual(
      expected.items.map((p) => p.permitNumber).sort(),
    );

    await tableRows(page, 'permits-table').first().getByTestId('permit-open').click();
    const drawer = page.getByTestId('permit-drawer');
    await drawer.getByTestId('permit-duty').first().waitFor();
    expect(await drawer.getByTestId('permit-outlets').innerText()).toContain('DW001');
    await drawer.locator('.ant-drawer-close').first().click();

    await page.getByTestId('permits-tabs').getByText('监测缺失').click();
    await page.waitForURL(/\/permits\/findings/);
    await choose(page, page.getByTestId('findings-kind').getByRole('combobox'), '未按要求自行监测');
    await page.waitForURL(/kind=non_receipt/);
    const findings = await api<Page_<unknown>>(
      'eco_officer',
      'GET',
      '/monitoring-findings?kind=non_receipt&limit=1',
    );
    expect(findings.total).toBeGreaterThan(0);
    await page.getByText(`共 ${findings.total} 条`).waitFor();
    const kinds = await tableRows(page, 'findings-table').getByTestId('finding-kind').allInnerTexts();
    expect(new Set(kinds)).toEqual(new Set(['未按要求自行监测']));

    // the outfall drawer shows the permit status and the missing data
    await tableRows(page, 'findings-table').first().getByTestId('finding-outfall').click();
    const section = page.getByTestId('outfall-permit-section');
    await section.getByTestId('outfall-permit-outlet').first().waitFor();
    await section.getByTestId('outfall-non-receipt').waitFor();
  });

  test('a new permit: the number is checked on its field, then the permit is saved with its duty matrix', async (page) => {
    // a holder with a credit code, linked to an outfall, without a permit yet (demo data)
    const permits = await api<Page_<{ entityId: string }>>('eco_officer', 'GET', '/permits?limit=200');
    const taken = new Set(permits.items.map((p) => p.entityId));
    const entities = await api<Page_<{ id: string; name: string; creditCode: string | null }>>(
      'eco_officer',
      'GET',
      '/responsible-entities?kind=enterprise&limit=200&sort=name',
    );
    let holder: { id: string; name: string; creditCode: string } | undefined;
    let outfall: { localCode: string } | undefined;
    for (const entity of entities.items) {
      if (!entity.creditCode || taken.has(entity.id)) continue;
      const linked = await api<Page_<{ localCode: string }>>(
        'eco_officer',
        'GET',
        `/outfalls?entityId=${entity.id}&status=active&limit=1`,
      );
      if (linked.items.length) {
        holder = { ...entity, creditCode: entity.creditCode };
        outfall = linked.items[0];
        break;
      }
    }
    expect(holder && outfall).toBeTruthy();
    if (!holder || !outfall) return;

    await signIn(page, 'eco_officer');
    await openPermits(page);
    await page.getByTestId('permit-new').click();
    const dialog = page.getByTestId('permit-form');
    await searchAndChoose(page, dialog.getByTestId('permit-form-entity'), holder.name);
    await dialog.getByTestId('permit-form-authority').fill('昌吉州生态环境局');
    await typeDate(dialog.getByLabel('有效期起'), '2024-01-01');
    await typeDate(dialog.getByLabel('有效期至'), '2029-12-31');
    await searchAndChoose(page, dialog.getByTestId('permit-form-outlet-outfall'), outfall.localCode);
    await choose(page, dialog.getByTestId('permit-duty-cod').getByRole('combobox'), '每季度');

    // another holder's credit code: the API refuses it on the number's field
    const other = entities.items.find((e) => e.creditCode && e.id !== holder?.id)?.creditCode as string;
    await dialog.getByTestId('permit-form-number').fill(`${other}001P`);
    await dialog.getByTestId('permit-form-ok').click();
    await dialog.getByText('持证单位的统一社会信用代码').first().waitFor();

    await dialog.getByTestId('permit-form-number').fill(`${holder.creditCode}001P`);
    await dialog.getByTestId('permit-form-ok').click();
    const drawer = page.getByTestId('permit-drawer');
    await drawer.getByText(`${holder.creditCode}001P`).first().waitFor();
    expect(await drawer.getByTestId('permit-duty').allInnerTexts()).toEqual([
      expect.stringContaining('每季度'),
    ]);
  });
});
