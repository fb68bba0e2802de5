import type { Page } from 'playwright-core';

/** Takes a workflow step (by its action code) in the open plan drawer and waits for the new status. */
export async function planStep(page: Page, action: string, status: string): Promise<void> {
  const drawer = page.getByTestId('plan-drawer');
  await drawer.getByTestId(`plan-action-${action}`).click();
  const dialog = page.getByTestId('transition-modal');
  await dialog.getByTestId('transition-ok').click();
  await dialog.waitFor({ state: 'hidden' });
  await drawer.getByTestId('plan-fields').getByTestId('plan-status').getByText(status).waitFor();
}
