import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { eventually } from './support/antd';
import { api } from './support/api';
import { browserTest, launch, newPage, signIn, url } from './support/browser';

interface Report {
  id: string | null;
  status: string;
  tasks: { content: string; leadUnit: string | null; dueOn: string | null }[];
  narrative: { achievement: string[]; problems: string[]; behind: string[] };
  xlsxSha256: string | null;
}

/** Confirms the open Popconfirm (its primary button). */
async function confirm(page: Page): Promise<void> {
  const ok = page.locator('.ant-popover:not(.ant-popover-hidden) .ant-popconfirm-buttons .ant-btn-primary');
  await ok.waitFor();
  await ok.click();
}

describe('dispatch report (调度报告)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'the preparer edits next-quarter tasks and submits; another officer issues; the issued file downloads unchanged',
    async (page) => {
      // a closed quarter with a snapshot whose report nobody has touched yet
      const quarters = await api<{ quarter: string; closed: unknown }[]>(
        'eco_officer',
        'GET',
        '/progress/quarters',
      );
      const open = quarters.filter((q) => !q.closed);
      if (open.length) await api('eco_officer', 'POST', `/progress/quarters/${open[0].quarter}/close`, {});
      const snapshots = await eventually(
        () =>
          api<{ items: { id: string; quarter: string }[] }>(
            'eco_officer',
            'GET',
            '/progress/snapshots?all=true',
          ),
        (list) => list.items.length > 0,
      );
      let snapshotId: string | null = null;
      for (const s of snapshots.items) {
        const report = await api<Report>('eco_officer', 'GET', `/progress/snapshots/${s.id}/dispatch-report`);
        if (report.id === null) {
          snapshotId = s.id;
          break;
        }
      }
      if (!snapshotId) throw new Error('no snapshot with an untouched dispatch report');
      const path = `/progress/snapshots/${snapshotId}/dispatch-report`;
      const before = await api<Report>('eco_officer', 'GET', path);

      // the preparer (eco branch): from the snapshot list to the editor
      await signIn(page, 'eco_officer');
      await page.goto(url('/progress/snapshots?all=true'));
      await page.getByTestId('dispatch-report-open').first().waitFor();
      await page.goto(url(path));
      await page.getByTestId('dispatch-report-page').waitFor();
      expect(await page.getByTestId('dispatch-report-status').innerText()).toBe('草稿');
      // the narrative is the API's, at the top
      const achievement = await page.getByTestId('dispatch-narrative-achievement').innerText();
      expect(achievement).toContain('达标情况');
      expect(achievement).toContain(before.narrative.achievement.join(''));
      expect(await page.getByTestId('dispatch-narrative-behind').innerText()).toContain(
        before.narrative.behind.join(''),
      );

      // a task with a bad date: the field shows the API's error; then a good one
      await page.getByTestId('dispatch-add-task').click();
      await page.getByTestId('dispatch-task-content-0').fill('加快推进落后乡镇溯源工作');
      await page.getByTestId('dispatch-task-lead-0').fill('六工镇人民政府');
      await page.getByTestId('dispatch-task-due-0').fill('2025-02-30');
      await page.getByTestId('dispatch-save').click();
      await page.getByTestId('dispatch-task-0').locator('.ant-form-item-explain-error').first().waitFor();
      await page.getByTestId('dispatch-task-due-0').fill('2025-03-31');
      await page.getByTestId('dispatch-save').click();
      await eventually(
        () => api<Report>('eco_officer', 'GET', path),
        (r) => r.tasks.length === 1 && r.tasks[0].dueOn === '2025-03-31',
      );

      // submitted: read only, and the preparer cannot issue
      await page.getByTestId('dispatch-submit').click();
      await confirm(page);
      await page.getByTestId('dispatch-report-status').getByText('待签发').waitFor();
      expect(await page.getByTestId('dispatch-issue').count()).toBe(0);
      expect(await page.getByTestId('dispatch-save').count()).toBe(0);
      expect(await page.getByTestId('dispatch-prepared-by').innerText()).not.toBe('—');

      // the approver (system administrator) issues it
      const approver = await newPage(browser);
      try {
        await signIn(approver, 'admin');
        await approver.goto(url(path));
        await approver.getByTestId('dispatch-issue').click();
        await confirm(approver);
        await approver.getByTestId('dispatch-issued-badge').waitFor({ timeout: 60_000 });
        expect(await approver.getByTestId('dispatch-report-status').innerText()).toBe('已签发');
        const issued = await api<Report>('eco_officer', 'GET', path);
        expect(issued.status).toBe('issued');
        expect(await approver.getByTestId('dispatch-sha').innerText()).toContain(issued.xlsxSha256 as string);
        const [download] = await Promise.all([
          approver.waitForEvent('download'),
          approver.getByTestId('dispatch-download-xlsx').click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/^季度调度报告-\d{4}Q[1-4]-v\d+-签发\.xlsx$/);
        const bytes = readFileSync(await download.path());
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(issued.xlsxSha256);
      } finally {
        await approver.context().close();
      }

      // the preparer's page after a reload: frozen, no editing
      await page.reload();
      await page.getByTestId('dispatch-issued-badge').waitFor();
      expect(await page.getByTestId('dispatch-add-task').count()).toBe(0);
    },
    180_000,
  );
});
