import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { choose, eventually, tableRows, typeDate } from './support/antd';
import { api } from './support/api';
import { browserTest, launch, menu, signIn, url } from './support/browser';

const rows = (page: Page) => tableRows(page, 'outfalls-table');

/** Columns of the directory table (0-based). */
const COLUMN = { code: 0, name: 1, category: 2, water: 3, township: 4 } as const;

async function columnTexts(page: Page, column: number): Promise<string[]> {
  return rows(page).evaluateAll(
    (trs, index) => trs.map((tr) => (tr as HTMLTableRowElement).cells[index]?.innerText.trim() ?? ''),
    column,
  );
}

async function openDirectory(page: Page): Promise<void> {
  await menu(page).getByText('排污口名录').click();
  await rows(page).first().waitFor();
}

describe('outfall directory', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());
  const test = (name: string, body: (page: Page) => Promise<void>) => browserTest(() => browser, name, body);

  test('admin filters the directory by category, exports what is filtered and opens a record with its milestones', async (page) => {
    await signIn(page, 'admin');
    await openDirectory(page);
    // the synthetic-data tag on demo rows
    await rows(page).first().locator('.demo-tag-compact').getByText('演示').waitFor();

    await choose(page, page.getByTestId('outfalls-category').getByRole('combobox'), '农业排污口');
    await page.waitForURL(/category=agricultural/);
    const categories = await eventually(
      () => columnTexts(page, COLUMN.category),
      (texts) => texts.length > 0 && texts.every((text) => text.startsWith('农业排污口')),
    );
    expect(categories.length).toBeGreaterThan(0);
    expect(categories.filter((text) => !text.startsWith('农业排污口'))).toEqual([]);
    // the sub-type select now offers only agricultural sub-types
    await page.getByTestId('outfalls-sub-type').getByRole('combobox').click();
    const subTypes = page.locator(
      '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option',
    );
    expect(await subTypes.allInnerTexts()).toEqual(['规模化畜禽养殖场排污口', '规模化水产养殖场排污口']);
    await page.keyboard.press('Escape');

    // the filtered list exports to XLSX through a queued job
    await page.getByTestId('outfalls-export').click();
    const downloadButton = page.getByTestId('job-download');
    await downloadButton.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('job-progress').getAttribute('data-state')).toBe('completed');
    const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
    expect(download.suggestedFilename()).toMatch(/^入河排污口名录-.+\.xlsx$/);
    expect(
      readFileSync(await download.path())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    const first = rows(page).first();
    const code = (await first.getByTestId('outfall-code').innerText()).trim();
    await first.getByTestId('outfall-code').click();
    const drawer = page.getByTestId('outfall-drawer');
    await drawer.getByTestId('outfall-title').getByText(code).waitFor();
    expect(await drawer.getByTestId('outfall-fields').innerText()).toContain('农业排污口');
    // the milestones, in order: registration is always there, with its date and when it was entered
    const registered = drawer.getByTestId('milestone-registered');
    expect(await registered.getAttribute('data-done')).toBe('true');
    expect(await registered.innerText()).toMatch(/登记\s*\d{4}-\d{2}-\d{2}[\s\S]*录入于/);
    const order = await drawer
      .getByTestId('milestones')
      .locator('[data-testid^=milestone-]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')));
    expect(order).toEqual([
      'milestone-registered',
      'milestone-investigated',
      'milestone-monitored',
      'milestone-traced',
      'milestone-remediation_decided',
      'milestone-remediation_completed',
      'milestone-verified',
    ]);
    // every outfall has a main responsible entity (the township stands in when none is known)
    await drawer.getByTestId('outfall-entity').getByText('主要责任主体').first().waitFor();
  });

  test('a suspected duplicate links to its twin, and a milestone can be entered', async (page) => {
    await signIn(page, 'admin');
    await openDirectory(page);
    await page.getByTestId('outfalls-duplicate').click();
    await page.waitForURL(/duplicate=true/);
    await rows(page).first().getByTestId('duplicate-tag').waitFor();
    await rows(page).first().getByTestId('outfall-code').click();
    const drawer = page.getByTestId('outfall-drawer');
    const twin = drawer.getByTestId('duplicate-link').first();
    const twinCode = (await twin.innerText()).trim();
    await twin.click();
    await drawer.getByTestId('outfall-title').getByText(twinCode).waitFor();

    // only "registered" and "investigated" are entered by hand; the others say which workflow sets them
    await drawer.getByTestId('owned-by-verified').getByText('一口一策').waitFor();
    const registeredOn = (
      await drawer.getByTestId('milestone-registered').locator('.milestone-date').innerText()
    ).trim();
    await drawer.getByTestId('set-milestone').click();
    const dialog = page.getByRole('dialog', { name: /填报节点/ });
    await dialog.getByTestId('milestone-workflow-hint').waitFor();
    // the form offers "investigated" (registration is already there)
    await dialog.getByTitle(/现场排查/).waitFor();
    // the days the order rule allows are named under the date (from registration to today or the next
    // milestone); the calendar offers no others, so a future day cannot be picked
    expect(await dialog.getByTestId('milestone-bounds').innerText()).toMatch(
      new RegExp(`^可选 ${registeredOn}（登记）至 \\d{4}-\\d{2}-\\d{2}（.+）之间的日期$`),
    );

    // the registration day is always in order with the milestones the workflows set later
    await typeDate(dialog.getByLabel('发生日期'), registeredOn);
    await dialog.locator('.ant-btn-primary').click();
    await dialog.waitFor({ state: 'hidden' });
    const entered = drawer.getByTestId('milestone-investigated');
    await entered.getByText(registeredOn).waitFor();
    expect(await entered.getAttribute('data-done')).toBe('true');
  });

  test('the ecology branch back-enters remediation finished before the platform: its milestones carry a 补录 tag', async (page) => {
    // set-up: an outfall needing remediation with no decision (so no plan) yet
    const undecided = await api<{
      items: { outfallId: string; localCode: string; suggestion: { disposition: string } }[];
    }>('eco_officer', 'GET', '/remediation/dispositions?decided=false&limit=200');
    const target = undecided.items.find((row) => row.suggestion.disposition !== 'keep');
    if (!target) throw new Error('no undecided outfall needing remediation in the demo data');
    const detail = await api<{ discoveredOn: string; events: { effectiveOn: string }[] }>(
      'eco_officer',
      'GET',
      `/outfalls/${target.outfallId}`,
    );
    // in order with every milestone already there
    const day = [detail.discoveredOn, ...detail.events.map((e) => e.effectiveOn)].sort().at(-1) as string;
    const DISPOSITION_ZH: Record<string, string> = {
      ban: '依法取缔',
      merge: '清理合并',
      standardise: '规范整治',
    };

    await signIn(page, 'eco_officer');
    await page.goto(url(`/outfalls?outfall=${target.outfallId}`));
    const drawer = page.getByTestId('outfall-drawer');
    await drawer.getByTestId('outfall-title').getByText(target.localCode).waitFor();
    await drawer.getByTestId('back-entry').click();
    const dialog = page.getByTestId('back-entry-modal');
    await typeDate(dialog.getByLabel('整治完成日期'), day);
    await typeDate(dialog.getByLabel(/核查销号日期/), day);
    await dialog.getByLabel('补录原因').fill('平台上线前已完成整治（浏览器测试）');
    await dialog.getByLabel(/依据文件/).fill('昌环发〔2023〕99号');
    await choose(page, dialog.getByLabel(/整治方式/), DISPOSITION_ZH[target.suggestion.disposition]);
    await typeDate(dialog.getByLabel('认定日期'), day);
    await dialog.locator('.ant-btn-primary').click();
    await dialog.waitFor({ state: 'hidden' });
    for (const type of ['remediation_completed', 'verified']) {
      const milestone = drawer.getByTestId(`milestone-${type}`);
      await milestone.getByTestId(`back-entered-${type}`).getByText('补录').waitFor();
      await milestone.getByText(day).waitFor();
    }
  });

  test('registering an outfall shows the API’s field error for a wrong sub-type, then the valid one is listed', async (page) => {
    const name = `E2E 测试雨洪排口 ${Date.now()}`;
    await signIn(page, 'admin');
    await openDirectory(page);
    await page.getByTestId('outfalls-create').click();
    const dialog = page.getByRole('dialog', { name: '新增排污口' });
    await dialog.getByLabel('名称', { exact: true }).fill(name);
    await choose(page, dialog.getByLabel('排污口类别'), '工业排污口');
    await choose(page, dialog.getByLabel('排污口子类'), '工矿企业雨洪排口');
    await dialog.getByLabel('经度').fill('87.2912');
    await dialog.getByLabel('纬度').fill('44.0523');
    await choose(page, dialog.getByLabel('受纳水体'), '三屯河');
    await choose(page, dialog.getByLabel('所在乡镇（街道）'), '六工镇');
    await typeDate(dialog.getByLabel('发现日期'), '2024-05-06');

    // The form cascades category → sub-type, so a user cannot pick a mismatched pair; stand in for a client
    // whose list is out of date by swapping the sub-type in the request, and see the API's verdict placed
    // under the field.
    await page.route('**/api/v1/outfalls', async (route) => {
      const request = route.request();
      if (request.method() !== 'POST') return route.continue();
      const body = { ...(request.postDataJSON() as Record<string, unknown>), subType: 'urban_wwtp' };
      return route.continue({ postData: JSON.stringify(body) });
    });
    await dialog.locator('.ant-btn-primary').click();
    const subTypeItem = dialog.locator('.ant-form-item', { has: page.getByLabel('排污口子类') });
    // in Chinese mode only the Chinese verdict; the API's English stays out of view
    await subTypeItem.getByText('子类与类别不符').waitFor();
    expect(await subTypeItem.innerText()).not.toContain('does not belong');
    await page.unroute('**/api/v1/outfalls');

    await dialog.locator('.ant-btn-primary').click();
    await dialog.waitFor({ state: 'hidden' });
    // the new record opens; its code is generated (water + category + sequence)
    const drawer = page.getByTestId('outfall-drawer');
    const code = (await drawer.getByTestId('outfall-title').innerText()).trim();
    expect(code).toMatch(/^STH-GY-\d+$/);
    // the registration date was left empty: it is the discovery date, so no later milestone can precede it
    await drawer.getByTestId('milestone-registered').getByText('2024-05-06').waitFor();
    // Escape closes it (the "registered" toast sits over the close button for its first seconds)
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    const search = page.getByTestId('outfalls-search');
    await search.fill(name);
    await search.press('Enter');
    await rows(page).filter({ hasText: name }).waitFor();
    await expect(rows(page).count()).resolves.toBe(1);
    expect(await columnTexts(page, COLUMN.code)).toEqual([code]);
    expect(await columnTexts(page, COLUMN.township)).toEqual(['六工镇']);
  });

  test('a township account sees only its own township’s outfalls', async (page) => {
    await signIn(page, 'township_liugong');
    await openDirectory(page);
    // no township filter for an account that sees one township
    await expect(page.getByTestId('outfalls-township').count()).resolves.toBe(0);
    const total = await page.locator('.ant-pagination-total-text').innerText();
    expect(Number(/\d+/.exec(total)?.[0])).toBeGreaterThan(0);
    const pages = Math.ceil(Number(/\d+/.exec(total)?.[0]) / 20);
    const seen = new Set<string>();
    for (let index = 1; index <= pages; index += 1) {
      if (index > 1) await page.locator(`.ant-pagination-item-${index}`).click();
      // wait for this page's rows (the previous page stays on screen while it loads)
      const codes = await eventually(
        () => columnTexts(page, COLUMN.code),
        (texts) => texts.length > 0 && texts.every((code) => !seen.has(code)),
      );
      codes.forEach((code) => seen.add(code));
      const townships = await columnTexts(page, COLUMN.township);
      expect(new Set(townships)).toEqual(new Set(['六工镇']));
    }
    expect(seen.size).toBe(Number(/\d+/.exec(total)?.[0]));

    await page.getByTestId('directory-tabs').getByText('地图').click();
    await page.locator('[data-testid=outfall-map][data-ready=true]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('map-count').innerText()).toBe(
      total.replace(/^共 (\d+) 条$/, '共 $1 个排污口'),
    );
  });

  test('the map shows the filtered outfalls (the list filters apply to it)', async (page) => {
    await signIn(page, 'admin');
    await openDirectory(page);
    await page.getByTestId('directory-tabs').getByText('地图').click();
    await page.waitForURL(/\/outfalls\/map/);
    const ready = page.locator('[data-testid=outfall-map][data-ready=true]');
    await ready.waitFor({ timeout: 30_000 });
    const all = (await api<{ features: unknown[] }>('admin', 'GET', '/outfalls/geojson?limit=100000'))
      .features.length;
    expect(all).toBeGreaterThan(0);
    expect(await page.getByTestId('map-count').innerText()).toBe(`共 ${all} 个排污口`);

    // the filters apply to the map too (the OpenLayers drawing itself: map.e2e.ts)
    const banned = (
      await api<{ features: { properties: { banCandidate: boolean } }[] }>(
        'admin',
        'GET',
        '/outfalls/geojson?limit=100000&banCandidate=true',
      )
    ).features;
    expect(banned.length).toBeGreaterThan(0);
    expect(banned.length).toBeLessThan(all);
    expect(banned.every((feature) => feature.properties.banCandidate)).toBe(true);
    await page.getByTestId('outfalls-ban').click();
    await page.waitForURL(/banCandidate=true/);
    await page.getByTestId('map-count').getByText(`共 ${banned.length} 个排污口`).waitFor();
  });

  test('an import with a bad row reports it and writes nothing; valid-only then imports the good row', async (page) => {
    const name = `E2E 导入测试口 ${Date.now()}`;
    const csv = [
      '排污口名称,排污口类别,排污口类型,受纳水体,乡镇（街道）,经度,纬度,发现日期',
      `${name},工业排污口,工矿企业排污口,三屯河,六工镇,87.2912,44.0523,2024-05-06`,
      `${name} 错行,工业排污口,城镇污水处理厂排污口,三屯河,六工镇,87.2913,44.0524,2024-05-06`,
    ].join('\n');
    const file = { name: 'outfalls.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') };
    await signIn(page, 'admin');
    await openDirectory(page);
    await page.getByTestId('outfalls-import').click();
    const dialog = page.getByTestId('import-modal');
    await dialog.locator('input[type=file]').setInputFiles(file);
    await dialog.getByTestId('import-start').click();

    // all or nothing (the default): the bad row is listed with its row number, column and reason
    const outcome = dialog.getByTestId('import-outcome');
    await outcome.getByText('未写入任何数据', { exact: false }).waitFor({ timeout: 60_000 });
    const errors = await tableRows(page, 'import-errors').evaluateAll((trs) =>
      trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((cell) => cell.innerText.trim())),
    );
    expect(errors).toEqual([['3', '排污口类型', '排污口类型“城镇污水处理厂排污口”不属于“工业排污口”']]);

    await dialog.getByTestId('import-again').click();
    await dialog.locator('input[type=file]').setInputFiles(file);
    await dialog.getByTestId('import-mode').getByText('只导入正确的行', { exact: false }).click();
    await dialog.getByTestId('import-start').click();
    await outcome.getByText('已导入正确的行', { exact: false }).waitFor({ timeout: 60_000 });
    const tally = await dialog.getByTestId('import-tally').locator('td').allInnerTexts();
    expect(tally.map((text) => text.trim())).toEqual(['2', '1', '0', '1']);
    await dialog.getByTestId('import-close').click();
    await dialog.waitFor({ state: 'hidden' });

    const search = page.getByTestId('outfalls-search');
    await search.fill(name);
    await search.press('Enter');
    await rows(page).filter({ hasText: name }).waitFor();
    expect(await columnTexts(page, COLUMN.name)).toEqual([expect.stringContaining(name)]);
  });
});

describe('responsible entities', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'lists entities with outfall counts, filters the 园区外多排口 flag, links to their outfalls and exports',
    async (page) => {
      await signIn(page, 'admin');
      await menu(page).getByText('责任主体清单').click();
      const entities = tableRows(page, 'entities-table');
      await entities.first().waitFor();
      await page.getByTestId('entities-multiple').click();
      await entities.first().getByTestId('multiple-tag').waitFor();
      expect(await entities.count()).toBe(await entities.getByTestId('multiple-tag').count());

      const first = entities.first();
      const name = (await first.locator('td').first().innerText()).split('\n')[0].trim();
      const count = Number((await first.getByTestId('entity-outfalls').innerText()).trim());
      expect(count).toBeGreaterThan(1);
      await first.getByTestId('entity-outfalls').click();
      await page.waitForURL(/\/outfalls\?entityId=/);
      await page.getByTestId('entity-filter').getByText(name).waitFor();
      await rows(page).first().waitFor();
      await expect(rows(page).count()).resolves.toBe(count);

      await page.goBack();
      await entities.first().waitFor();
      await page.getByTestId('entities-export').click();
      await page.getByTestId('job-download').waitFor({ timeout: 60_000 });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('job-download').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^责任主体清单-.+\.xlsx$/);
    },
  );
});
