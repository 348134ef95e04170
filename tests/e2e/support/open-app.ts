import type { Browser, BrowserContext, Page } from 'playwright-core';
import { watchPage, type PageWatch } from './watch-page.ts';

export interface AppPage {
  context: BrowserContext;
  page: Page;
  watch: PageWatch;
  close(): Promise<void>;
}

/**
 * A fresh browser profile (its own localStorage and sessionStorage) on the UI at `path`, watched
 * for console errors and failed `/api` calls. `colorScheme` is what "System" resolves to.
 */
export async function openApp(
  browser: Browser,
  url: string,
  options: {
    path?: string;
    viewport?: { width: number; height: number };
    colorScheme?: 'light' | 'dark';
    locale?: string;
  } = {},
): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-US',
  });
  // Shorter than a test's own timeout, so a step that never happens names its locator.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const watch = watchPage(page);
  await page.goto(url + (options.path ?? '/'));
  return { context, page, watch, close: () => context.close() };
}

/** Log in through the login screen (the gateway has an admin already). */
export async function logIn(page: Page, credentials: { username: string; password: string }): Promise<void> {
  await page.getByLabel(/^(Username|用户名)$/).fill(credentials.username);
  await page.getByLabel(/^(Password|密码)$/).fill(credentials.password);
  await page.getByRole('button', { name: /^(Log in|登录)$/ }).click();
}
