import type { Browser } from 'playwright-core';
import { eventually, tableRows, typeDate } from './support/antd';
import { api } from './support/api';
import { browserTest, launch, menu, signIn, url } from './support/browser';

interface OutfallDetail {
  id: string;
  localCode: string;
  entities: { isMain: boolean; entity: { id: string; name: string; version: number } }[];
}

describe('signage (树标立牌) and required indicators', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'the ecology branch records a sign from the outfall drawer, sees the phone refused, then sees it outdated after the entity changes',
    async (page) => {
      // an active demo outfall without a sign whose main entity is known (the proposal names it)
      const signed = new Set(
        (await api<{ items: { outfallId: string }[] }>('eco_officer', 'GET', '/signs?limit=200')).items.map(
          (s) => s.outfallId,
        ),
      );
      const outfalls = await api<{ items: { id: string }[] }>(
        'eco_officer',
        'GET',
        '/outfalls?status=active&limit=100',
      );
      let target: OutfallDetail | undefined;
      for (const candidate of outfalls.items.filter((o) => !signed.has(o.id))) {
        const detail = await api<OutfallDetail>('eco_officer', 'GET', `/outfalls/${candidate.id}`);
        if (detail.entities.some((link) => link.isMain)) {
          target = detail;
          break;
        }
      }
      if (!target) throw new Error('no demo outfall without a sign has a main entity');
      const main = target.entities.find((link) => link.isMain)!.entity;

      await signIn(page, 'eco_officer');
      await page.goto(url(`/outfalls?outfall=${target.id}`));
      const drawer = page.getByTestId('outfall-drawer');
      const section = drawer.getByTestId('signage-section');
      await section.getByTestId('required-indicators').waitFor();
      await section.getByText('尚未登记标识牌内容').waitFor();
      await section.getByTestId('sign-edit').click();

      const form = page.getByTestId('sign-form');
      await page.getByTestId('sign-prefill').click();
      expect(
        await eventually(
          () => form.getByTestId('sign-entityName').inputValue(),
          (value) => value === main.name,
        ),
      ).toBe(main.name);
      await form.getByTestId('sign-supervisingPhone').fill('12345');
      await page.getByTestId('sign-save').click();
      await form.getByText('监督电话须为11位手机号', { exact: false }).first().waitFor();

      await form.getByTestId('sign-supervisingPhone').fill('0994-2345678');
      // the phone's error goes away first (the form moves up under the pointer as it does)
      await form.getByText('监督电话须为11位手机号', { exact: false }).first().waitFor({ state: 'hidden' });
      const toggle = form.getByTestId('sign-installed-switch');
      await toggle.click();
      expect(
        await eventually(
          () => toggle.getAttribute('aria-checked'),
          (checked) => checked === 'true',
        ),
      ).toBe('true');
      await form.getByTestId('sign-installedOn').waitFor();
      await typeDate(form.getByTestId('sign-installedOn'), '2024-06-01');
      await page.getByTestId('sign-save').click();
      await form.waitFor({ state: 'hidden' });
      await section.getByTestId('sign-installed').getByText('2024-06-01').waitFor();
      expect(await section.getByTestId('sign-outdated').count()).toBe(0);

      // the entity is renamed: the stored sign no longer matches the outfall
      await api('eco_officer', 'PATCH', `/responsible-entities/${main.id}`, {
        name: `${main.name}（E2E更名）`,
        version: main.version,
      });
      await page.reload();
      await drawer
        .getByTestId('signage-section')
        .getByTestId('sign-outdated')
        .getByText('责任主体')
        .waitFor();

      // the ledger page: filtered to this outfall, flagged as outdated
      await page.goto(url('/signage'));
      await page.getByTestId('sign-filter-q').fill(target.localCode);
      await page.getByTestId('sign-filter-q').press('Enter');
      const row = tableRows(page, 'signs-table').filter({ hasText: target.localCode });
      await row.getByTestId('sign-row-outdated').waitFor();
      await page.getByTestId('sign-ledger').click();
      await page
        .getByText('标识牌台账-', { exact: false })
        .or(page.getByTestId('job-progress'))
        .first()
        .waitFor();
    },
  );

  browserTest(
    () => browser,
    'the requirement rules page lists the shipped rules by industry class',
    async (page) => {
      await signIn(page, 'eco_officer');
      await menu(page).getByText('必测指标要求', { exact: true }).click();
      await page.waitForURL(/\/required-indicators/);
      const rows = tableRows(page, 'rules-table');
      await rows.filter({ hasText: '电镀及金属表面处理' }).getByText('行业代码 33*').waitFor();
      await rows
        .filter({ hasText: '城镇污水处理厂' })
        .getByRole('cell', { name: '粪大肠菌群数', exact: true })
        .waitFor();
    },
  );
});
