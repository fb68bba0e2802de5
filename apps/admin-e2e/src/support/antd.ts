import type { Locator, Page } from 'playwright-core';

/** The open dropdown of an antd Select. */
export function dropdown(page: Page): Locator {
  return page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
}

/** Whether the locator shows within `ms` (false when it does not, instead of throwing). */
function shows(locator: Locator, ms: number): Promise<boolean> {
  return locator.waitFor({ timeout: ms }).then(
    () => true,
    () => false,
  );
}

/** Opens an antd Select (by its combobox) and picks the option with exactly this label. */
export async function choose(page: Page, select: Locator, option: string): Promise<void> {
  const root = select.locator(
    'xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]',
  );
  const chosen = root.locator('.ant-select-selection-item').filter({ hasText: option });
  for (let attempt = 1; ; attempt += 1) {
    await select.click();
    await dropdown(page).getByTitle(option, { exact: true }).click();
    // a single Select closes with an animation: until it ends its options still cover what is below them and
    // take the next click (a multiple Select stays open; then this gives up after a moment)
    await page
      .waitForFunction(
        () => !document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'),
        null,
        {
          timeout: 2_000,
        },
      )
      .catch(() => undefined);
    // on a busy machine the click can land while the options are still being rendered and pick nothing (CI:
    // the form then said 必填): the Select must show the choice, else it is picked again
    if (attempt === 3 || !(await root.count())) return;
    if (await shows(chosen, 2_000)) return;
  }
}

/**
 * Searches a remote-search Select for `text` and picks the option that contains it. The option list is
 * replaced when the search answers, which can swallow a click on the previous list: repeat until the
 * Select shows the choice.
 */
export async function searchAndChoose(page: Page, select: Locator, text: string): Promise<void> {
  const chosen = select.locator('.ant-select-selection-item').filter({ hasText: text });
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await select.getByRole('combobox').fill(text);
    await dropdown(page).locator('.ant-select-item-option').filter({ hasText: text }).click();
    if (await shows(chosen, 3_000)) return;
  }
  await chosen.waitFor();
}

/** Types a date (YYYY-MM-DD) into an antd DatePicker; leaving the field keeps it (Enter would submit the form). */
export async function typeDate(input: Locator, date: string): Promise<void> {
  await input.click();
  await input.fill(date);
  await input.press('Tab');
  // the calendar closes with an animation; until then it can sit over the buttons below
  await input
    .page()
    .locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)')
    .waitFor({ state: 'hidden' });
}

/** The visible data rows of a table by its test id. */
export function tableRows(page: Page, testId: string): Locator {
  return page.locator(`[data-testid=${testId}] tr.ant-table-row`);
}

/**
 * Reads until the value satisfies `ok` (tables keep showing the previous page while the next one loads),
 * and answers the last value read; the caller's expectation then reports a mismatch.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
