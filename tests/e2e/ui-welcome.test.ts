import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/launch-browser.ts';
import { capturePageVariants } from './support/capture-page-variants.ts';
import { logIn, openApp, type AppPage } from './support/open-app.ts';
import { startUiGateway, uiAdmin, type UiGateway } from './support/start-ui-gateway.ts';

// The first-run guide in headless Chromium against a real gateway with an admin and nothing else:
// the dashboard leads to it; one screen each to add a provider (from its preset, models imported
// from the mock upstream), create a key (secret shown once) and connect a client, where the test
// request succeeds; then the dashboard opens as usual.

let gateway: UiGateway;
let browser: Browser;
let app: AppPage;

beforeAll(async () => {
  gateway = await startUiGateway({ withUpstream: true });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await browser?.close();
  await gateway?.stop();
});

describe('the first-run guide', () => {
  it('leads from the dashboard through provider, key and client', async () => {
    app = await openApp(browser, gateway.url);
    const { page } = app;
    await logIn(page, uiAdmin);
    await page.getByRole('heading', { name: 'Welcome', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/welcome');
    await capturePageVariants(page, 'ui-welcome', () =>
      page.getByRole('heading', { name: 'Welcome', level: 1 }).waitFor(),
    );

    // Step 1: the preset, checked with the contract's schema (the base URL), then added.
    await page.getByLabel('Provider', { exact: true }).click();
    // Typed to filter: the preset list is long (virtually scrolled) and opens on typing.
    await page.keyboard.type('OpenAI-compatible');
    await page.locator('.n-base-select-option:visible', { hasText: 'Any OpenAI-compatible server' }).click();
    await page.getByLabel('API key').fill('sk-mock-upstream');
    await page.getByLabel('Base URL').fill('not a url');
    await page.getByRole('button', { name: 'Add the provider' }).click();
    await page.getByText('Enter a URL such as https://api.example.com/v1').waitFor();
    await page.getByLabel('Base URL').fill(`${gateway.upstream!.url}/v1`);
    await page.getByRole('button', { name: 'Add the provider' }).click();
    await page.getByText('2 models imported').waitFor();

    // Step 2: the key, its secret shown once.
    await page.getByLabel('Key name').fill('Laptop');
    await page.getByRole('button', { name: 'Create the key' }).click();
    const secret = (await page.getByTestId('created-secret').textContent())!.trim();
    expect(secret).toMatch(/^sk-/);
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 3: the connect page, with that key and an imported model, and a working test request.
    await page.getByRole('button', { name: 'Connect a client' }).click();
    await page.getByRole('heading', { name: 'Connect a client', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Send test request' }).click();
    await expect
      .poll(() => page.getByTestId('test-answer').textContent())
      .toBe('Hello from the mock upstream');
    const providers = (await gateway.harness.api('GET', '/api/providers')).body.data;
    expect(providers).toMatchObject([
      { preset: 'openai-compatible', baseUrl: `${gateway.upstream!.url}/v1` },
    ]);

    // Set up: the dashboard no longer leads away.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(app.watch.problems()).toEqual([]);
  }, 180_000);
});
