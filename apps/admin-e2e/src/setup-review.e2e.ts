import type { Browser } from 'playwright-core';
import { choose, eventually, searchAndChoose, tableRows } from './support/antd';
import { api } from './support/api';
import { browserTest, launch, signIn, url } from './support/browser';

describe('setup review (设置审核)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'the ecology officer files an application, sees its rules with their reasons, submits and approves it',
    async (page) => {
      const enterprises = await api<{ items: { id: string; name: string }[] }>(
        'eco_officer',
        'GET',
        '/responsible-entities?kind=enterprise&limit=1&sort=name',
      );
      const applicant = enterprises.items[0];
      if (!applicant) throw new Error('no demo enterprise');
      const name = `E2E设置申请排口${Date.now()}`;

      await signIn(page, 'eco_officer');
      await page.goto(url('/supervision/setup-review'));
      await page.getByTestId('setup-table').waitFor();
      await page.getByTestId('setup-new').click();
      const form = page.getByTestId('setup-form');
      await form.getByLabel('排污口名称', { exact: true }).waitFor();
      await searchAndChoose(page, form.getByTestId('setup-form-applicant'), applicant.name);
      await form.getByLabel('排污口名称', { exact: true }).fill(name);
      await choose(page, form.getByLabel('排污口类别', { exact: true }), '工业排污口');
      // the route follows the category, with its reason
      await form.getByTestId('setup-form-route').getByText('实行审批', { exact: false }).waitFor();
      await choose(page, form.getByLabel('排污口类型', { exact: true }), '工矿企业排污口');
      await form.getByLabel('经度', { exact: true }).fill('87.412');
      await form.getByLabel('纬度', { exact: true }).fill('43.9');
      await choose(page, form.getByLabel('受纳水体', { exact: true }), '头屯河');
      await form.getByLabel('设计排放量（m³/d）', { exact: true }).fill('600');
      await form.getByLabel('主要污染物', { exact: true }).fill('化学需氧量、氨氮');
      await page.getByTestId('setup-form-ok').click();

      // the drawer opens on the saved draft: the rules with their reasons
      const drawer = page.getByTestId('setup-drawer');
      await drawer.getByTestId('setup-route').getByText('审批').waitFor();
      const title = (await page.locator('.ant-drawer-title').innerText()).trim();
      const code = /SQ-\d{4}-\d{4}/.exec(title)?.[0];
      expect(code).toBeTruthy();
      const unknownZone = drawer.getByTestId('setup-rule-zone_status_unknown');
      expect(await unknownZone.getAttribute('data-outcome')).toBe('needs_review');
      await unknownZone.getByText('未能确定受纳水功能区及其达标情况，需人工核查').waitFor();
      expect(await drawer.getByTestId('setup-rule-drinking_water_area').getAttribute('data-outcome')).toBe(
        'pass',
      );

      await drawer.getByTestId('setup-submit').click();
      await drawer.getByTestId('setup-status').getByText('已报送').waitFor();

      // decide: the rule that needs review asks for a review note first (the API's reason under the field)
      await drawer.getByTestId('setup-decide').click();
      const decision = page.getByTestId('setup-action-form');
      await decision.getByLabel('文号', { exact: true }).fill('昌市环审〔2026〕E2E号');
      await decision.getByLabel('批准条件', { exact: true }).fill('安装在线监测设备');
      await page.getByTestId('setup-action-ok').click();
      await decision.getByText('请填写核查意见', { exact: false }).waitFor();
      await decision.getByLabel('核查意见', { exact: true }).fill('经核查，受纳水体近一年水质达标');
      await page.getByTestId('setup-action-ok').click();
      await decision.waitFor({ state: 'hidden' });
      await drawer.getByTestId('setup-status').getByText('已批准').waitFor();
      // the approved new outfall entered the directory
      await eventually(
        () => drawer.getByTestId('setup-outfall-code').innerText(),
        (text) => text.trim() !== '—',
      );
      expect((await drawer.getByTestId('setup-outfall-code').innerText()).trim()).not.toBe('—');
      await page.locator('.ant-drawer-close').click();

      // the list, pinned by the code
      await page.getByPlaceholder('编号、排污口或申请单位').fill(code as string);
      await page.getByPlaceholder('编号、排污口或申请单位').press('Enter');
      const rows = await eventually(
        () => tableRows(page, 'setup-table').allInnerTexts(),
        (texts) => texts.length === 1 && texts[0].includes(code as string),
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('已批准');

      const api_ = await api<{
        items: { code: string; status: string; published: boolean; outfallId: string }[];
      }>('eco_officer', 'GET', `/setup-review/applications?q=${encodeURIComponent(code as string)}`);
      expect(api_.items[0]).toMatchObject({ status: 'approved', published: true });
      const outfall = await api<{ setupApproval: string; setupApplicationId: string }>(
        'eco_officer',
        'GET',
        `/outfalls/${api_.items[0].outfallId}`,
      );
      expect(outfall.setupApproval).toBe('approved');
      expect(outfall.setupApplicationId).toBeTruthy();

      // the outfall card's link opens the application (`?application=`)
      await page.goto(url(`/supervision/setup-review?application=${outfall.setupApplicationId}`));
      await page
        .locator('.ant-drawer-title')
        .getByText(code as string, { exact: false })
        .waitFor();
      await page
        .getByTestId('setup-drawer')
        .getByTestId('setup-decision')
        .getByText('安装在线监测设备')
        .waitFor();
    },
  );
});
