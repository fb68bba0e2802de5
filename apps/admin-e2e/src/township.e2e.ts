import type { Browser } from 'playwright-core';
import { browserTest, launch, menu, signIn, url } from './support/browser';

describe('a township account', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  browserTest(
    () => browser,
    'sees no audit menu, cannot open the audit page, and lists only its own unit',
    async (page) => {
      await signIn(page, 'township_liugong');
      expect(await page.getByTestId('user-name').innerText()).toBe('六工镇 赵工（演示）');
      const items = (await menu(page).getByRole('menuitem').allInnerTexts()).map((text) => text.trim());
      expect(items).toEqual([
        '工作台',
        '排污口名录',
        '责任主体清单',
        '监测',
        '整治',
        '进度调度',
        '设置审核',
        '排污许可与监测计划',
        '执法监管',
        '长效巡查',
        '树标立牌',
        '部门基础清单',
        '必测指标要求',
        '任务分工',
        '河湖长制',
        '督办与报送',
        '信息公开',
        '公众举报',
        '基础数据',
        '组织机构',
        '后台任务',
      ]);

      await page.goto(url('/audit'));
      await page.waitForURL(url('/'));

      await menu(page).getByText('组织机构').click();
      const rows = page.locator('[data-testid=units-table] tr.ant-table-row');
      await rows.first().waitFor();
      expect(await rows.allInnerTexts()).toEqual([expect.stringContaining('六工镇人民政府')]);
      // its own unit: the liaison may be edited
      await rows.first().getByTestId('edit-liaison').waitFor();
    },
  );
});
