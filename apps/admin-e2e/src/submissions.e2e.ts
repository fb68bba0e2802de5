import type { Browser, Page } from 'playwright-core';
import { choose, typeDate } from './support/antd';
import { beijingDay } from './support/api';
import { browserTest, launch, menu, signIn, url } from './support/browser';

const row = (page: Page, text: string) => page.locator('tr.ant-table-row').filter({ hasText: text });
/** The unit's row in the submissions list (not the matrix above it). */
const listed = (page: Page, unit: string) => page.locator(`tr[data-testid^="submission-row-${unit}-"]`);

describe('accountability: supervision notices and quarterly submissions', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());
  const test = (name: string, body: (page: Page) => Promise<void>) => browserTest(() => browser, name, body);
  const subject = `督办测试 ${Date.now()}`;

  test('the eco branch sends a notice to a township', async (page) => {
    await signIn(page, 'eco_officer');
    await menu(page).getByText('督办与报送').click();
    await page.waitForURL(url('/accountability'));
    await page.getByTestId('notice-new').click();
    const dialog = page.getByRole('dialog');
    await choose(page, dialog.getByTestId('notice-unit'), '六工镇人民政府');
    await dialog.getByTestId('notice-subject').fill(subject);
    await dialog.getByTestId('notice-body').fill('请于期限前完成溯源工作并书面回复。');
    await typeDate(dialog.getByLabel('回复期限'), beijingDay(7));
    await page.getByTestId('notice-send-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    await row(page, subject).waitFor();
    expect(await row(page, subject).innerText()).toContain('待回复');
  });

  test('the township answers it', async (page) => {
    await signIn(page, 'township_liugong');
    await page.goto(url('/accountability'));
    await row(page, subject).click();
    const drawer = page.getByTestId('notice-drawer');
    await drawer.getByTestId('notice-response').fill('已组织人员完成溯源，详见附件。');
    await drawer.getByTestId('notice-respond').click();
    await drawer.waitFor({ state: 'hidden' });
    await row(page, subject).filter({ hasText: '已回复' }).waitFor();
    // another township does not see it
    const other = await browser.newContext();
    try {
      const page2 = await other.newPage();
      await signIn(page2, 'township_sangong');
      await page2.goto(url('/accountability'));
      // its own (demo) notice is listed, this one is not
      await row(page2, '关于整治方案逾期的督办通知').first().waitFor();
      expect(await row(page2, subject).count()).toBe(0);
    } finally {
      await other.close();
    }
  });

  test('a township submits its quarterly report; the eco branch returns it with a reason', async (page) => {
    await signIn(page, 'subdistrict_ningbian');
    await page.goto(url('/accountability/submissions'));
    await page.getByTestId('submission-new').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('submission-investigated').fill('5');
    await dialog.getByTestId('submission-traced').fill('3');
    await dialog.getByTestId('submission-progress').fill('本季度完成 5 个排污口排查。');
    await dialog.getByTestId('submission-problems').fill('部分排污口责任主体不明确。');
    await dialog.getByTestId('submission-next').fill('下季度完成溯源。');
    await dialog.getByTestId('submission-liaison').fill('周工');
    await dialog.getByTestId('submission-phone').fill('0994-2300009');
    await page.getByTestId('submission-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    const own = listed(page, '宁边路街道办事处').filter({ hasText: '已报送（待审核）' });
    await own.waitFor();

    const eco = await browser.newContext();
    try {
      const ecoPage = await eco.newPage();
      await signIn(ecoPage, 'eco_officer');
      await ecoPage.goto(url('/accountability/submissions'));
      // every unit's reports are listed, 20 a page: show the ones awaiting review
      await choose(ecoPage, ecoPage.getByTestId('submission-status-filter'), '已报送（待审核）');
      await listed(ecoPage, '宁边路街道办事处').filter({ hasText: '已报送（待审核）' }).click();
      const drawer = ecoPage.getByTestId('submission-drawer');
      // no reason: refused, the message sits under the field
      await drawer.getByTestId('submission-return').click();
      await drawer.getByText('退回报送须说明理由').waitFor();
      await drawer.getByTestId('submission-reason').fill('数据与排查台账不一致，请核对后重新报送。');
      await drawer.getByTestId('submission-return').click();
      await drawer.waitFor({ state: 'hidden' });
      await choose(ecoPage, ecoPage.getByTestId('submission-status-filter'), '已退回');
      await listed(ecoPage, '宁边路街道办事处').filter({ hasText: '已退回' }).waitFor();
    } finally {
      await eco.close();
    }
    // the township sees it returned and may resubmit
    await page.reload();
    await listed(page, '宁边路街道办事处').filter({ hasText: '已退回' }).waitFor();
    expect(await page.getByTestId('submission-new').innerText()).toContain('重新报送');
  });
});
