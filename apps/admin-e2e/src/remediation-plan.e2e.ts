import type { Browser } from 'playwright-core';
import { choose, dropdown, tableRows, typeDate } from './support/antd';
import { browserTest, launch, signIn, url } from './support/browser';
import { api, beijingDay } from './support/api';
import { planStep } from './support/plan';

/** A 1×1 PNG: the API recognises photos by their first bytes. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('remediation plan forms', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'the ecology officer drafts a plan through the form, edits it, adds progress and an after photo, and completes it',
    async (page) => {
      // set-up: an outfall whose disposition is decided (remediation needed) and which has no plan yet
      const undecided = await api<{
        items: { outfallId: string; localCode: string; suggestion: { disposition: string } }[];
      }>('eco_officer', 'GET', '/remediation/dispositions?decided=false&limit=200');
      const target = undecided.items.find((row) => row.suggestion.disposition !== 'keep');
      if (!target) throw new Error('no undecided outfall needing remediation in the demo data');
      await api('eco_officer', 'PUT', `/outfalls/${target.outfallId}/disposition`, {
        disposition: target.suggestion.disposition,
        decidedOn: beijingDay(),
      });
      const code = target.localCode;

      await signIn(page, 'eco_officer');
      await page.goto(url('/remediation'));
      await page.getByTestId('plan-new').click();
      const form = page.getByTestId('plan-form');
      await form.getByText('新建整治方案').waitFor();

      // the outfall, searched by its code
      const outfall = form.getByLabel('排污口', { exact: true });
      await outfall.click();
      await outfall.fill(code);
      await dropdown(page).locator('.ant-select-item-option').filter({ hasText: code }).first().click();
      await choose(page, form.getByLabel('整治目标', { exact: true }), '达标排放');
      await choose(page, form.getByLabel('存在问题', { exact: true }), '未树标立牌');
      await form
        .getByTestId('plan-form-problems')
        .locator('.ant-select-selection-item')
        .getByText('未树标立牌')
        .waitFor();
      // leave the multiple select (its dropdown stays open after a pick)
      await form.getByText('新建整治方案').click();
      await dropdown(page).waitFor({ state: 'hidden' });
      await form
        .getByTestId('plan-form-problems')
        .locator('.ant-select-selection-item')
        .getByText('未树标立牌')
        .waitFor();
      await form.getByLabel('整治措施', { exact: true }).fill('E2E：设立标志牌。');
      // prefilled with the township unit of the outfall's area; choose one all the same
      await form.getByTestId('plan-form-unit').locator('.ant-select-selector').click();
      await dropdown(page).locator('.ant-select-item-option').first().click();
      await form.getByTestId('plan-form-unit').locator('.ant-select-selection-item').waitFor();
      await typeDate(form.getByLabel('完成时限', { exact: true }), beijingDay(60));
      await form.getByLabel('责任人', { exact: true }).fill('测试员');
      await form.getByLabel('联系电话', { exact: true }).fill('12345');
      await form.getByTestId('plan-form-add-milestone').click();
      await form.getByLabel('节点', { exact: true }).fill('设立标志牌');
      await typeDate(form.getByLabel('计划日期', { exact: true }), beijingDay(30));

      // a bad phone number is caught before anything is sent
      await form.getByTestId('plan-form-ok').click();
      await form.getByText('请输入正确的手机号或固定电话', { exact: false }).waitFor();
      expect(await form.getByText('新建整治方案').isVisible()).toBe(true);
      await form.getByLabel('联系电话', { exact: true }).fill('0994-2345678');
      await form.getByTestId('plan-form-ok').click();
      await form.waitFor({ state: 'hidden' });

      // the new draft is in the list (a fresh load, narrowed to drafts)
      await page.goto(url('/remediation?status=draft'));
      const row = tableRows(page, 'plans-table').filter({ hasText: code });
      await row.waitFor();
      expect(await row.innerText()).toContain('草稿');
      await row.getByTestId('plan-open').click();
      const drawer = page.getByTestId('plan-drawer');
      await drawer.getByTestId('plan-title').getByText(code).waitFor();
      const fields = drawer.getByTestId('plan-fields');
      expect(await fields.innerText()).toContain('0994-2345678');
      expect(await fields.innerText()).toContain('未树标立牌');
      expect(await drawer.getByTestId('plan-milestones').innerText()).toContain('设立标志牌');

      // edit the measures
      await drawer.getByTestId('plan-edit').click();
      const edit = page.getByTestId('plan-form');
      await edit.getByText('编辑整治方案').waitFor();
      expect(await edit.getByLabel('整治措施', { exact: true }).inputValue()).toBe('E2E：设立标志牌。');
      await edit.getByLabel('整治措施', { exact: true }).fill('E2E：设立标志牌，疏通排水沟。');
      await edit.getByTestId('plan-form-ok').click();
      await edit.waitFor({ state: 'hidden' });
      await fields.getByText('E2E：设立标志牌，疏通排水沟。').waitFor();

      // a progress note
      await drawer.getByTestId('plan-add-progress').click();
      const progress = page.getByTestId('plan-progress-modal');
      await progress.getByTestId('plan-progress-note').fill('标志牌已订制，等待安装。');
      await progress.getByTestId('plan-progress-ok').click();
      await progress.waitFor({ state: 'hidden' });
      await drawer.getByTestId('plan-progress').getByText('标志牌已订制，等待安装。').waitFor();

      // an after photo, uploaded to the outfall and linked to the plan
      await drawer
        .getByTestId('plan-upload-after')
        .locator('input[type=file]')
        .setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: PNG });
      const after = drawer.getByTestId('plan-evidence-after');
      await after.getByTestId('plan-evidence-download').getByText('after.png').waitFor();
      await fields.getByText('整治后照片 1 张', { exact: false }).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        after.getByTestId('plan-evidence-download').click(),
      ]);
      expect(download.suggestedFilename()).toBe('after.png');
      // unlinked, the photo stays among the outfall's attachments and can be linked again
      await after.getByTestId('plan-evidence-unlink').click();
      await fields.getByText('整治后照片 0 张', { exact: false }).waitFor();
      expect(await after.getByTestId('plan-evidence-download').count()).toBe(0);
      // (the picker is disabled while the unlink settles)
      const link = after.locator('[data-testid=plan-link-after]:not(.ant-select-disabled)');
      await link.waitFor();
      await choose(page, link.getByRole('combobox'), 'after.png');
      await after.getByTestId('plan-evidence-download').getByText('after.png').waitFor();
      await fields.getByText('整治后照片 1 张', { exact: false }).waitFor();

      // through the workflow: completion now passes (an after photo is linked)
      await planStep(page, 'submit', '已提交');
      expect(await drawer.getByTestId('plan-edit').count()).toBe(0);
      await planStep(page, 'approve', '已审核');
      await planStep(page, 'start', '整治中');
      // in progress: the milestones still take their actual dates
      await drawer.getByTestId('plan-edit-milestones').click();
      const milestones = page.getByTestId('plan-milestones-modal');
      await typeDate(milestones.getByLabel('实际日期', { exact: true }), beijingDay());
      await milestones.getByTestId('plan-milestones-ok').click();
      await milestones.waitFor({ state: 'hidden' });
      await drawer.getByTestId('plan-milestones').getByText(beijingDay(), { exact: true }).waitFor();
      await planStep(page, 'complete', '已完成');
      expect(await drawer.getByTestId('plan-add-progress').count()).toBe(0);
      expect(await after.getByTestId('plan-evidence-unlink').count()).toBe(0);
    },
    180_000,
  );
});
