import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { eventually } from './support/antd';
import { browserTest, launch, menu, signIn } from './support/browser';

const UNIT = '昌吉市农业农村局';
const LIAISON = '测试联络员';

describe('liaison, audit trail and export (admin)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'edits a liaison (showing the API’s field error first), sees it in the table and the audit trail, and exports the trail',
    async (page) => {
      await signIn(page, 'admin');
      await menu(page).getByText('组织机构').click();
      const search = page.getByPlaceholder('按单位名称搜索');
      await search.fill('农业农村');
      await search.press('Enter');
      const rows = page.locator('[data-testid=units-table] tr.ant-table-row');
      await rows.filter({ hasText: UNIT }).waitFor();
      // the unfiltered page shows the unit too: wait for the search's answer
      expect(
        await eventually(
          () => rows.count(),
          (count) => count === 1,
        ),
      ).toBe(1);

      await rows.first().getByTestId('edit-liaison').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('姓名').fill(LIAISON);
      await dialog.getByLabel('联系电话').fill('123');
      await dialog.getByLabel('职务').fill('科长');
      await dialog.locator('.ant-btn-primary').click();
      // the API refuses the phone; its message from `details` shows under the field, in Chinese
      await dialog.getByText('请输入正确的电话号码').waitFor();

      await dialog.getByLabel('联系电话').fill('13912345678');
      await dialog.locator('.ant-btn-primary').click();
      await dialog.waitFor({ state: 'hidden' });
      await rows.filter({ hasText: UNIT }).getByTestId('liaison').filter({ hasText: LIAISON }).waitFor();
      expect(await rows.first().getByTestId('liaison').innerText()).toContain('13912345678');

      await menu(page).getByText('审计日志').click();
      const change = page.locator('[data-testid=audit-table] tr.ant-table-row', { hasText: LIAISON }).first();
      await change.waitFor();
      expect(await change.innerText()).toContain('系统管理员（演示）');
      expect(await change.innerText()).toContain('修改');

      await page.getByTestId('audit-export').click();
      const downloadButton = page.getByTestId('job-download');
      await downloadButton.waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('job-progress').getAttribute('data-state')).toBe('completed');
      const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
      expect(download.suggestedFilename()).toMatch(/^审计日志-.+\.xlsx$/);
      const file = readFileSync(await download.path());
      expect(file.subarray(0, 2).toString()).toBe('PK'); // an XLSX is a zip

      await menu(page).getByText('后台任务').click();
      const job = page.locator('[data-testid=jobs-table] tr.ant-table-row').first();
      await job.getByText('审计日志导出').waitFor();
      expect(await job.innerText()).toContain('已完成');
    },
  );
});
