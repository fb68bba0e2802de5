import type { Browser } from 'playwright-core';
import { eventually, tableRows, typeDate } from './support/antd';
import { browserTest, launch, menu, signIn, url } from './support/browser';
import { api, beijingDay } from './support/api';
import { planStep } from './support/plan';

describe('remediation', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'the ecology branch decides a disposition, then moves a plan through submit and approve and sees why completion is refused',
    async (page) => {
      await signIn(page, 'eco_officer');
      await menu(page).getByText('整治', { exact: true }).click();
      await page.getByTestId('remediation-tabs').getByText('三个一批').click();
      await page.waitForURL(/\/remediation\/dispositions/);

      // an undecided outfall whose suggestion needs remediation: confirm the suggestion
      const rows = tableRows(page, 'dispositions-table');
      await rows.first().waitFor();
      const row = rows
        .filter({ hasNot: page.getByTestId('disposition-decision') })
        .filter({ hasNotText: '保留' })
        .first();
      // wait for the table to settle (a refetch would swap the rows under the locator), then pin the row by its
      // code: `row` above is re-resolved on every use and could point at another outfall after a refetch
      await page
        .locator('[data-testid=dispositions-table] .ant-spin-spinning')
        .waitFor({ state: 'detached' });
      const code = (await row.locator('a').first().innerText()).trim();
      const target = rows.filter({
        has: page.locator('a').filter({ hasText: new RegExp(`^${code}$`) }),
      });
      const suggestion = (
        await target.getByTestId('disposition-suggestion').locator('.ant-tag').first().innerText()
      ).trim();
      await target.getByTestId('decide').click();
      const dialog = page.getByTestId('decide-modal');
      await dialog.getByText(code).waitFor();
      await dialog.locator('.ant-btn-primary').click();
      await dialog.waitFor({ state: 'hidden' });
      await target.getByTestId('disposition-decision').getByText(suggestion).waitFor();

      // a plan for it, drafted through the API, due yesterday (so overdue)
      const outfallId = (
        await api<{ items: { outfallId: string; localCode: string }[] }>(
          'eco_officer',
          'GET',
          `/remediation/dispositions?decided=true&limit=200`,
        )
      ).items.find((item) => item.localCode === code)?.outfallId;
      const unit = (await api<{ items: { id: string }[] }>('eco_officer', 'GET', '/units?limit=1')).items[0];
      await api('eco_officer', 'POST', '/remediation/plans', {
        outfallId,
        problems: ['no_signage'],
        measures: 'E2E：设立标志牌，规范排口。',
        targetState: 'compliant_discharge',
        responsibleUnitId: unit.id,
        responsiblePerson: '测试员',
        responsiblePhone: '13800000000',
        deadline: beijingDay(-1),
        milestones: [{ name: '设立标志牌', plannedOn: beijingDay(-2) }],
      });

      // (a fresh load: the list read before the plan existed is still within its cache time). The list is
      // sorted by deadline and the demo plans' deadlines fill the first pages, so narrow it to drafts.
      await page.goto(url('/remediation?status=draft'));
      const plans = tableRows(page, 'plans-table');
      const plan = plans.filter({ hasText: code });
      await plan.waitFor();
      // overdue: highlighted with a tag
      expect(await plan.getAttribute('class')).toContain('row-overdue');
      await plan.getByTestId('overdue-tag').waitFor();
      await plan.getByTestId('plan-open').click();

      const drawer = page.getByTestId('plan-drawer');
      await drawer.getByTestId('plan-title').getByText(code).waitFor();
      expect(await drawer.getByTestId('plan-milestones').innerText()).toContain('设立标志牌');
      await planStep(page, 'submit', '已提交');
      await planStep(page, 'approve', '已审核');
      await planStep(page, 'start', '整治中');
      const versions = await eventually(
        () => drawer.getByTestId('plan-version').count(),
        (count) => count === 4,
      );
      expect(versions).toBe(4);

      // completion without after photos: the API's 422 is shown in Chinese, the plan stays in progress
      await drawer.getByTestId('plan-action-complete').click();
      const transition = page.getByTestId('transition-modal');
      await transition.getByTestId('transition-ok').click();
      await transition
        .getByTestId('transition-error')
        .getByText('缺少整治后照片', { exact: false })
        .waitFor();
      await transition.getByRole('button', { name: /取\s*消/ }).click();
      await drawer.getByTestId('plan-fields').getByText('整治中').waitFor();
    },
  );

  browserTest(
    () => browser,
    'a township account sees the dispositions but no decide action',
    async (page) => {
      await signIn(page, 'township_liugong');
      await page.goto(url('/remediation/dispositions'));
      await tableRows(page, 'dispositions-table').first().waitFor();
      expect(await page.getByTestId('decide').count()).toBe(0);
    },
  );
  browserTest(
    () => browser,
    'a township drafts a plan from a decided disposition of its own outfall; a second draft is refused by the API',
    async (page) => {
      // set-up: the ecology branch decides one of the township's outfalls (remediation needed)
      type Rows = { items: { outfallId: string; localCode: string; suggestion: { disposition: string } }[] };
      const undecided = await api<Rows>(
        'township_liugong',
        'GET',
        '/remediation/dispositions?decided=false&limit=200',
      );
      const target = undecided.items.find((row) => row.suggestion.disposition !== 'keep');
      if (!target) throw new Error('no undecided outfall needing remediation in the township');
      await api('eco_officer', 'PUT', `/outfalls/${target.outfallId}/disposition`, {
        disposition: target.suggestion.disposition,
        decidedOn: beijingDay(),
      });
      const code = target.localCode;
      // the list is sorted by code, 20 a page
      const decided = await api<Rows>(
        'township_liugong',
        'GET',
        '/remediation/dispositions?decided=true&limit=200',
      );
      const pageNo = Math.floor(decided.items.findIndex((row) => row.localCode === code) / 20) + 1;

      await signIn(page, 'township_liugong');
      await page.goto(url(`/remediation/dispositions?decided=true&page=${pageNo}`));
      const row = tableRows(page, 'dispositions-table').filter({ hasText: code });
      await row.waitFor();
      expect(await row.getByTestId('decide').count()).toBe(0);

      const fill = async () => {
        await row.getByTestId('draft-plan').click();
        const form = page.getByTestId('plan-form');
        await form.getByText(`新建整治方案 · ${code}`).waitFor();
        // the outfall is fixed; the target state comes from the decision
        expect(await form.getByTestId('plan-form-outfall').innerText()).toContain(code);
        expect((await form.getByTestId('plan-form-target').innerText()).trim().length).toBeGreaterThan(0);
        await form.getByLabel('整治措施', { exact: true }).fill('E2E：乡镇制定的整治措施。');
        // 责任单位 starts as the township of the outfall (属地责任), with a hint saying so
        await form.getByTestId('plan-form-unit-hint').getByText('已按排污口所在乡镇（街道）预填为').waitFor();
        await form.getByTestId('plan-form-unit').locator('.ant-select-selection-item').waitFor();
        await typeDate(form.getByLabel('完成时限', { exact: true }), beijingDay(90));
        await form.getByLabel('责任人', { exact: true }).fill('乡镇联络员');
        await form.getByLabel('联系电话', { exact: true }).fill('13900000000');
        await form.getByTestId('plan-form-ok').click();
        return form;
      };

      const form = await fill();
      await form.waitFor({ state: 'hidden' });
      // the new plan opens in the plans tab
      await page.waitForURL(/\/remediation\?.*plan=/);
      const drawer = page.getByTestId('plan-drawer');
      await drawer.getByTestId('plan-title').getByText(code).waitFor();
      await drawer.getByTestId('plan-fields').getByText('E2E：乡镇制定的整治措施。').waitFor();
      await drawer.getByTestId('plan-edit').waitFor();
      // a township may submit but not approve
      await drawer.getByTestId('plan-action-submit').waitFor();
      expect(await drawer.getByTestId('plan-action-approve').count()).toBe(0);

      // the dispositions list does not say a plan exists: a second draft is refused, on the outfall field
      await page.goto(url(`/remediation/dispositions?decided=true&page=${pageNo}`));
      await row.waitFor();
      const again = await fill();
      await again.getByText('该排污口已有整治方案').waitFor();
      expect(await again.getByText('新建整治方案').isVisible()).toBe(true);
    },
  );
});
