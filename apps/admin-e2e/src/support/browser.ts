import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BASE_URL_ENV, SCREENSHOTS, WORKSPACE } from './paths';

export const DEMO_PASSWORD = 'Demo@2023!';

export function baseUrl(): string {
  const url = process.env[BASE_URL_ENV];
  if (!url) throw new Error(`${BASE_URL_ENV} is not set: the global setup did not start the API`);
  return url.replace(/\/$/, '');
}

export function url(path = '/'): string {
  return `${baseUrl()}${path}`;
}

const execFileAsync = promisify(execFile);
const PACKAGED_FONTCONFIG = 'CHROMIUM_PACKAGED_FONTCONFIG';

/**
 * The browser: `CHROMIUM_PATH` when set (e.g. a system chromium), otherwise the Chromium that
 * `npm ci` brought (`@sparticuz/chromium` ships it inside its tarball and unpacks it to the temp folder on
 * first use), so the tests need nothing beyond Node and npm. Never a downloaded browser. The package is an
 * ES module that Jest's module system cannot load, so a plain Node child resolves it.
 */
export async function browserExecutable(): Promise<string> {
  const configured = process.env['CHROMIUM_PATH'];
  if (configured) return configured;
  const { stdout } = await execFileAsync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const { default: c } = await import('@sparticuz/chromium'); console.log(await c.executablePath());",
    ],
    { cwd: WORKSPACE, timeout: 180_000 },
  );
  const path = stdout.trim().split('\n').pop() ?? '';
  if (!path) throw new Error('@sparticuz/chromium did not name its executable');
  process.env['CHROMIUM_PATH'] = path;
  // its own fontconfig (Open Sans only, unpacked beside it): no system font is used; Chinese comes from the
  // SPA's bundled Noto Sans SC
  process.env[PACKAGED_FONTCONFIG] = join(tmpdir(), 'fonts');
  return path;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: await browserExecutable(),
    headless: true,
    env: process.env[PACKAGED_FONTCONFIG]
      ? { ...process.env, FONTCONFIG_PATH: process.env[PACKAGED_FONTCONFIG] }
      : process.env,
    args: [
      '--no-sandbox',
      '--no-zygote',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * A fresh context (empty storage: Chinese UI, signed out) and page. The system asks for reduced motion, so
 * the console opens its dialogs and pop-ups without animation: a click that lands while a dialog still zooms
 * in can press on one element and release on another, which loses the click (CI: a dialog's submit did
 * nothing). `motion.e2e.ts` checks both settings.
 */
export async function newPage(
  browser: Browser,
  reducedMotion: 'reduce' | 'no-preference' = 'reduce',
): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 860 },
    acceptDownloads: true,
    reducedMotion,
  });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

/** Fills and submits the login form (does not wait for the outcome). */
export async function submitLogin(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  if (!page.url().startsWith(url('/login'))) await page.goto(url('/login'));
  await page.locator('#login_username').fill(username);
  await page.locator('#login_password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Signs in and waits for the shell. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await submitLogin(page, username, password);
  await page.getByTestId('main-menu').waitFor();
}

export function menu(page: Page) {
  return page.getByTestId('main-menu');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name.replace(/[^\w\u4e00-\u9fff-]+/g, '_').slice(0, 120)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * A browser test with its own page: a new context before, closed after, and a full-page screenshot in
 * tmp/e2e-screenshots/ when it fails.
 */
export function browserTest(
  getBrowser: () => Browser,
  name: string,
  body: (page: Page) => Promise<void>,
  timeout?: number,
): void {
  it(
    name,
    async () => {
      const page = await newPage(getBrowser());
      try {
        await body(page);
      } catch (error) {
        const file = await screenshot(page, `${expect.getState().currentTestName ?? name}`).catch(
          (e: unknown) => `not saved: ${String(e)}`,
        );
        if (error instanceof Error) {
          // Jest prints the stack, which embeds the original message: amend both
          const note = `\nscreenshot: ${file}`;
          error.stack = error.stack?.replace(error.message, `${error.message}${note}`);
          error.message += note;
        }
        throw error;
      } finally {
        await page.context().close();
      }
    },
    timeout,
  );
}
