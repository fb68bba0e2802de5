import type { Browser } from 'playwright-core';
import { eventually } from './support/antd';
import { browserTest, launch, menu, signIn } from './support/browser';

const WATER_BUREAU = '昌吉市水利局（河湖长制办公室）';

describe('tasks and river chiefs', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'a unit’s page shows the tasks it leads and the tasks it supports',
    async (page) => {
      await signIn(page, 'admin');
      await menu(page).getByText('组织机构').click();
      const search = page.getByPlaceholder('按单位名称搜索');
      await search.fill('水利局');
      await search.press('Enter');
      const rows = page.locator('[data-testid=units-table] tr.ant-table-row');
      await rows.filter({ hasText: WATER_BUREAU }).waitFor();
      expect(
        await eventually(
          () => rows.count(),
          (count) => count === 1,
        ),
      ).toBe(1);
      await rows.first().getByTestId('unit-tasks').click();
      const drawer = page.getByTestId('unit-tasks-drawer');
      // 牵头: the directory list (三（一）1) is led by the river-chief office
      await drawer.getByTestId('unit-tasks-lead').getByTestId('unit-task-RW-2023-01').waitFor();
      expect(await drawer.getByTestId('unit-task-RW-2023-01').innerText()).toContain(
        '建立入河排污口名录清单',
      );
      // 配合: the responsible-entity list (三（一）2) is led by the eco branch with the water bureau supporting
      await drawer.getByTestId('unit-tasks-tab-cooperating').click();
      const supported = drawer.getByTestId('unit-tasks-cooperating');
      await supported.getByTestId('unit-task-RW-2023-02').waitFor();
      expect(await supported.getByTestId('unit-task-RW-2023-02').innerText()).toContain(
        '州生态环境局昌吉市分局',
      );
    },
  );

  browserTest(
    () => browser,
    'the task ledger filters by unit and role',
    async (page) => {
      await signIn(page, 'eco_officer');
      await menu(page).getByText('任务分工').click();
      const rows = page.locator('[data-testid=task-table] tr.ant-table-row');
      await rows.first().waitFor();
      const search = page.getByPlaceholder('按编号、名称或方案条款搜索');
      await search.fill('RW-2023-11');
      await search.press('Enter');
      const only = await eventually(
        () => rows.allInnerTexts(),
        (texts) => texts.length === 1 && texts[0].includes('RW-2023-11'),
      );
      expect(only[0]).toContain('昌吉市住房和城乡建设局');
    },
  );

  browserTest(
    () => browser,
    'a river chief’s view of a section opens',
    async (page) => {
      await signIn(page, 'water_officer');
      await menu(page).getByText('河湖长制').click();
      const section = page.getByTestId('section-view-头屯河上游段（演示）');
      await section.waitFor();
      await section.click();
      const view = page.getByTestId('section-view');
      await view.waitFor();
      await view.getByText('头屯河上游段（演示）').first().waitFor();
      expect(await view.getByTestId('section-chiefs').innerText()).toContain('县级河长1（演示）');
      expect(await view.getByTestId('section-progress').innerText()).toContain('登记');
      await view.getByTestId('problem-untraced').waitFor();
    },
  );
});
