import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/launch-browser.ts';
import { saveScreenshot } from '../support/save-screenshot.ts';
import { openApp, type AppPage } from './support/open-app.ts';
import { startUiGateway, type UiGateway } from './support/start-ui-gateway.ts';

// The management UI's first run in headless Chromium against a real gateway: the setup screen
// with the console's setup code, the dashboard shell with live events, language and theme, and a
// reload that keeps the session (sessionStorage) and the preferences (localStorage).

let gateway: UiGateway;
let browser: Browser;
let app: AppPage;

beforeAll(async () => {
  gateway = await startUiGateway({ admin: false });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await browser?.close();
  await gateway?.stop();
});

describe('first run in the browser', () => {
  it('creates the admin with the setup code and lands on the live dashboard', async () => {
    app = await openApp(browser, gateway.url);
    const { page } = app;
    await page.getByRole('heading', { name: 'Create the administrator' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');

    // Checked with the contract's schema before anything is sent: the message is next to its field.
    await page.getByLabel('Setup code').fill(gateway.setupCode);
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Repeat the password').fill('short');
    await page.getByRole('button', { name: 'Create and log in' }).click();
    await page.getByText('At least 8 characters').waitFor();

    await page.getByLabel('Password', { exact: true }).fill('a-long-password-42');
    await page.getByLabel('Repeat the password').fill('a-long-password-42');
    await page.getByRole('button', { name: 'Create and log in' }).click();
    // Nothing is set up yet: the dashboard leads to the first-run guide, which the user may skip.
    await page.getByRole('heading', { name: 'Welcome', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/welcome');
    await page.getByRole('button', { name: 'Skip the guide' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    // The gateway's state arrived over /api/events.
    await expect.poll(() => page.getByTestId('gateway-state').textContent()).toBe('Running');
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link').count()).toBe(9);
    expect(await gateway.harness.api('GET', '/api/auth/status', undefined, '')).toMatchObject({
      body: { needsSetup: false },
    });
    await saveScreenshot(page, 'ui-dashboard-en-light');
  });

  it('switches to Chinese and to the dark theme, with the keyboard', async () => {
    const { page } = app;
    await page.getByRole('radio', { name: '中文' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('heading', { name: '仪表盘', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByRole('radio', { name: '深色' }).focus();
    await page.keyboard.press('Space');
    await expect
      .poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor))
      .toMatch(/^rgb\((\d{1,2}), (\d{1,2}), (\d{1,2})\)$/);
    await saveScreenshot(page, 'ui-dashboard-zh-dark');
  });

  it('keeps the session, the language and the theme across a reload, and opens pages from the sidebar', async () => {
    const { page } = app;
    await page.reload();
    await page.getByRole('heading', { name: '仪表盘', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toMatch(
      /^rgb\((\d{1,2}), (\d{1,2}), (\d{1,2})\)$/,
    );
    await page.getByRole('link', { name: '服务商', exact: true }).click();
    await page.getByRole('heading', { name: '服务商', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/providers');
    expect(await page.getByRole('link', { name: '服务商', exact: true }).getAttribute('aria-current')).toBe(
      'page',
    );
    // A reload on a client-side route is answered with the app by the gateway.
    await page.reload();
    await page.getByRole('heading', { name: '服务商', level: 1 }).waitFor();
    expect(app.watch.problems()).toEqual([]);
  });

  it('goes back to the login when the session is refused, and returns to the page after login', async () => {
    const { page } = app;
    await page.evaluate(() =>
      sessionStorage.setItem('llm-gateway.session', JSON.stringify({ token: 'expired' })),
    );
    await page.goto(`${gateway.url}/models`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/models');
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('a-long-password-42');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '模型', level: 1 }).waitFor();
    // The refused token was answered 401 (the call and the browser's console line), on purpose; nothing else failed.
    const problems = app.watch.problems();
    expect(problems.filter((problem) => /\b401\b/.test(problem)).length).toBeGreaterThan(0);
    expect(problems.filter((problem) => !/\b401\b/.test(problem))).toEqual([]);
  });
});
