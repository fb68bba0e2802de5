import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const BASE_URL = (
  JSON.parse(readFileSync(join(tmpdir(), 'outfall-admin-e2e.json'), 'utf8')) as { baseUrl: string }
).baseUrl;
export const DEMO_PASSWORD = 'Demo@2023!';
const SCREENSHOTS = join(__dirname, '..', '..', '..', '..', 'tmp', 'e2e-screenshots');

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newPage(browser: Browser, locale: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({
    locale,
    viewport: { width: 1366, height: 860 },
    acceptDownloads: true,
  });
  return context.newPage();
}

export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${BASE_URL}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
}

/** Saves a screenshot named after the running test (called on failure). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name.replace(/[^\w\u4e00-\u9fa5-]+/g, '_')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Wraps a browser test: on failure, saves a screenshot of the page before rethrowing. */
export function withScreenshot(
  getPage: () => Page,
  name: string,
  body: () => Promise<void>,
): () => Promise<void> {
  return async () => {
    try {
      await body();
    } catch (error) {
      const path = await screenshot(getPage(), name).catch(() => 'none');
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n(screenshot: ${path})`);
    }
  };
}
