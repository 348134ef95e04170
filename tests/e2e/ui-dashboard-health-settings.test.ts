import { createServer, type AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/launch-browser.ts';
import { saveScreenshot } from '../support/save-screenshot.ts';
import { logIn, openApp, type AppPage } from './support/open-app.ts';
import { startUiGateway, uiAdmin, type UiGateway } from './support/start-ui-gateway.ts';

// The dashboard, health and settings pages in headless Chromium against a real gateway and a mock
// upstream, as a user meets them: a fresh install's first steps, traffic arriving live, health
// checks and LAN sharing with its QR code, settings saved, an API token created once and revoked,
// the password changed and the session ended. No console error and no failed /api call.

let gateway: UiGateway;
let browser: Browser;
let app: AppPage;
let virtualKey: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function chat(key: string, model = 'e2e-chat'): Promise<number> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello' }] }),
  });
  await response.text();
  return response.status;
}

/** Screenshots of one page: desktop and narrow, light and dark (written with UPDATE_SCREENSHOTS=1). */
async function screenshots(page: Page, name: string): Promise<void> {
  const show = async (preferences: { theme: string; language: string }) => {
    await page.evaluate(
      (saved) => localStorage.setItem('llm-gateway.preferences', JSON.stringify(saved)),
      preferences,
    );
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
  };
  await saveScreenshot(page, `${name}-en-light`);
  await show({ theme: 'dark', language: 'zh-CN' });
  await saveScreenshot(page, `${name}-zh-dark`);
  // Narrow, reloaded: the layout decides at load whether the sidebar starts collapsed.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await saveScreenshot(page, `${name}-zh-dark-narrow`);
  await show({ theme: 'light', language: 'en' });
  await saveScreenshot(page, `${name}-en-light-narrow`);
  // Back to the desktop width, reloaded so the sidebar is open again.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
}

beforeAll(async () => {
  gateway = await startUiGateway({
    withUpstream: true,
    gateway: {
      version: '9.9.9',
      monitoring: { lanHost: '127.0.0.1', health: { tickMs: 0, random: () => 0, retryDelayMs: 0 } },
    },
  });
  browser = await launchBrowser();
  app = await openApp(browser, gateway.url);
  // A step that cannot happen fails on its own line, well within the test's time.
  app.page.setDefaultTimeout(10_000);
  await logIn(app.page, uiAdmin);
  // Nothing is set up yet: the dashboard leads to the first-run guide; skipping it shows the
  // dashboard's own first steps, which the first test checks.
  await app.page.getByRole('button', { name: 'Skip the guide' }).click();
  await app.page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await browser?.close();
  await gateway?.stop();
});

describe('the dashboard', () => {
  it('points a fresh install to its first steps, then shows traffic live', async () => {
    const { page } = app;
    await page.getByTestId('first-run-steps').waitFor();
    await expect.poll(() => page.getByTestId('gateway-state').textContent()).toBe('Running');
    expect(await page.getByTestId('gateway-version').textContent()).toBe('9.9.9');
    expect(await page.getByTestId('gateway-url').textContent()).toBe(gateway.url);
    expect(await page.getByTestId('gateway-database-size').textContent()).toMatch(/\d+(\.\d)? (KB|MB)/);
    await screenshots(page, 'dashboard-empty');

    // Set up through the API, as another admin would: the page follows the configuration events.
    await gateway.harness.addModel({ upstreamUrl: gateway.upstream!.url, name: 'e2e-chat' });
    virtualKey = await gateway.harness.addKey();
    await page.getByTestId('first-run-steps').waitFor({ state: 'detached' });

    expect(await chat(virtualKey)).toBe(200);
    expect(await chat(virtualKey)).toBe(200);
    gateway.upstream!.enqueue({ fault: 'status', status: 400 });
    expect(await chat(virtualKey)).toBe(400);

    // Live: the tiles from the liveStats events, the totals and the errors read again after them.
    await expect.poll(() => page.getByTestId('error-rate').textContent(), { timeout: 10_000 }).toBe('33.3%');
    expect(Number(await page.getByTestId('requests-per-minute').textContent())).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('tokens-today').textContent(), { timeout: 10_000 })
      .toMatch(/^[1-9]/);
    expect(await page.getByTestId('cost-today').textContent()).toMatch(/^\$\d/);
    await expect
      .poll(() => page.getByTestId('usage-groups').textContent(), { timeout: 10_000 })
      .toContain('e2e-chat');
    await expect
      .poll(() => page.getByTestId('recent-errors').textContent(), { timeout: 10_000 })
      .toContain('400');
    await expect.poll(() => page.getByTestId('breakers').textContent()).toContain('e2e-chat');

    // Radio groups with the keyboard, as the first-run test switches the language.
    await page.getByRole('radio', { name: '7 days' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('radio', { name: 'Provider' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('usage-groups').textContent()).toContain('provider-');
    expect(app.watch.problems()).toEqual([]);
    await screenshots(page, 'dashboard');
  }, 120_000);
});

describe('the health page', () => {
  it('adds a target, runs it, shares the status page on the LAN with a QR code, and deletes the target', async () => {
    const { page } = app;
    await gateway.harness.api('PATCH', '/api/settings', { lanStatus: { port: await freePort() } });
    await page.getByRole('link', { name: 'Health' }).click();
    await page.getByRole('heading', { name: 'Health', level: 1 }).waitFor();
    await page.getByText('Turn monitoring on to run checks.').waitFor();

    await page.getByRole('switch', { name: 'Monitoring' }).click();
    await page.getByText('Monitoring is on').waitFor();

    await page.getByRole('button', { name: 'Add a target' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Required').first().waitFor();
    await page.getByLabel('Name').fill('Chat model');
    await page.getByLabel('Checked model').click();
    await page.locator('.n-base-select-option', { hasText: 'e2e-chat' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Chat model added').waitFor();
    await page.getByTestId('health-targets').getByText('Chat model').waitFor();

    await page.getByRole('button', { name: 'Run Chat model now' }).click();
    await page.getByText(/Chat model answered in \d+ ms/).waitFor();

    await page.getByRole('switch', { name: 'Share the status page on the LAN' }).click();
    await page.getByTestId('lan-qr-code').waitFor();
    const lanUrl = (await page.getByTestId('lan-url').textContent())!;
    expect(lanUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${lanUrl}/status`)).status).toBe(200);
    expect(await page.getByRole('link', { name: 'Open the status page' }).getAttribute('href')).toBe(
      '/status',
    );
    await screenshots(page, 'health');

    await page.getByRole('button', { name: 'Delete Chat model' }).click();
    await page.getByText('Delete Chat model?').waitFor();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('Chat model deleted').waitFor();
    expect((await gateway.harness.api('GET', '/api/health-targets')).body.data).toEqual([]);
    expect(app.watch.problems()).toEqual([]);
  }, 120_000);
});

describe('the settings page', () => {
  it('saves settings, creates an API token once and revokes it', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    // The page reads its settings after it shows: wait for them rather than race them.
    await expect.poll(() => page.getByTestId('bind-address').textContent()).toBe('127.0.0.1');
    expect(await page.getByTestId('listen-port').textContent()).toBe(new URL(gateway.url).port);

    await page.getByLabel('Keep request logs (days)').fill('0');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText('At least 1').waitFor();
    await page.getByLabel('Keep request logs (days)').fill('14');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText('Settings saved').first().waitFor();
    expect((await gateway.harness.api('GET', '/api/settings')).body.logging.retentionDays).toBe(14);

    await page.getByLabel('Webhook URL').fill('https://hooks.example.com/services/T000/B000/secret-part');
    await page.getByRole('button', { name: 'Save' }).nth(2).click();
    await expect
      .poll(async () => (await gateway.harness.api('GET', '/api/settings')).body.alerts.webhookUrl)
      .toMatch(/\*\*\*\*/);
    expect(await page.getByLabel('Webhook URL').getAttribute('type')).toBe('password');

    await page.getByRole('switch', { name: 'Prometheus metrics' }).click();
    await page.getByText('Metrics are on').waitFor();

    await page.getByLabel('Name').fill('ci script');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('created-token').textContent())!;
    expect(token).toMatch(/^gw_/);
    expect((await gateway.harness.api('GET', '/api/auth/me', undefined, token)).status).toBe(200);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByTestId('api-tokens').getByText('ci script').waitFor();
    await screenshots(page, 'settings');

    await page.getByRole('button', { name: 'Revoke ci script' }).click();
    await page.getByText('Revoke ci script?').waitFor();
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByText('ci script revoked').waitFor();
    expect((await gateway.harness.api('GET', '/api/auth/me', undefined, token)).status).toBe(401);
    expect(app.watch.problems()).toEqual([]);
  }, 120_000);

  it('changes the password (a wrong current one is refused in words) and logs out', async () => {
    const { page } = app;
    await page.getByLabel('Current password').fill('not-the-password');
    await page.getByLabel('New password', { exact: true }).fill('another-long-password');
    await page.getByLabel('Repeat the new password').fill('another-long-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /password/i })
      .waitFor();

    await page.getByLabel('Current password').fill(uiAdmin.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Other sessions were logged out.').waitFor();
    // This tab goes on with the new session.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();

    await page.getByRole('button', { name: 'Log out' }).last().click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await logIn(page, { username: uiAdmin.username, password: 'another-long-password' });
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    // The one refusal was the wrong current password, on purpose (the call and the browser's console line).
    const problems = app.watch.problems();
    expect(problems).toContain('POST /api/auth/password answered 403');
    expect(problems.filter((problem) => !/\b403\b/.test(problem))).toEqual([]);
  }, 120_000);
});
