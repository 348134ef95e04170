import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/launch-browser.ts';
import { capturePageVariants } from './support/capture-page-variants.ts';
import { logIn, openApp, type AppPage } from './support/open-app.ts';
import { startUiGateway, uiAdmin, type UiGateway } from './support/start-ui-gateway.ts';

// Connect a client, then watch its requests in the logs, in headless Chromium against a real
// gateway and a mock upstream: a key created on the page, the snippets with the gateway's real
// URL, the streaming test request; the request appearing live in the logs, its detail drawer,
// filters, and the CSV and JSONL export downloaded as files.

let gateway: UiGateway;
let browser: Browser;
let app: AppPage;
let secret = '';

beforeAll(async () => {
  gateway = await startUiGateway({ withUpstream: true });
  await gateway.harness.addModel({ upstreamUrl: gateway.upstream!.url, name: 'mock-chat' });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await browser?.close();
  await gateway?.stop();
});

describe('the connect page', () => {
  it('creates a key, shows every client’s setup with the real URL, and sends a test request', async () => {
    app = await openApp(browser, gateway.url, { path: '/connect' });
    const { page, context } = app;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gateway.url });
    await logIn(page, uiAdmin);
    await page.getByRole('heading', { name: 'Connect a client', level: 1 }).waitFor();
    expect(await page.getByTestId('openai-base-url').textContent()).toBe(`${gateway.url}/v1`);

    await page.getByRole('button', { name: 'Create a new key' }).click();
    await page.getByText('Key “My client” created').waitFor();
    secret = (await page.getByTestId('created-secret').textContent())!.trim();
    expect(secret).toMatch(/^sk-/);

    // The snippets carry the gateway's URL and the model; the key is shown masked, copied in full.
    const claudeCode = await page.getByTestId('snippet-claude-code').textContent();
    expect(claudeCode).toContain(`ANTHROPIC_BASE_URL='${gateway.url}'`);
    expect(claudeCode).toContain("ANTHROPIC_MODEL='mock-chat'");
    expect(claudeCode).not.toContain(secret);
    for (const title of [
      'Codex CLI',
      'Cline',
      'Continue',
      'Cursor',
      'opencode',
      'OpenAI SDK (Python)',
      'Anthropic SDK (JavaScript)',
    ])
      await page.getByRole('tab', { name: title }).waitFor();
    // A tablist from the keyboard: the arrow key moves to the next client's setup and shows it.
    await page.getByRole('tab', { name: 'Claude Code' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Codex CLI' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tabpanel').textContent()).toContain('[model_providers.llm-gateway]');
    await page.getByRole('tab', { name: 'curl (OpenAI Chat Completions)' }).click();
    expect(await page.getByTestId('snippet-curl-openai').textContent()).toContain(
      `${gateway.url}/v1/chat/completions`,
    );
    await page.getByRole('button', { name: 'Copy the curl (OpenAI Chat Completions) setup' }).click();
    await page.getByText('Copied').first().waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`Authorization: Bearer ${secret}`);

    await page.getByRole('button', { name: 'Send test request' }).click();
    await expect
      .poll(() => page.getByTestId('test-answer').textContent())
      .toBe('Hello from the mock upstream');
    expect(await page.getByTestId('test-ttft').textContent()).toMatch(/\d+ ms/);
    expect(await page.getByTestId('test-total').textContent()).toMatch(/\d+ ms/);
    expect(gateway.upstream!.lastRequest()?.body.stream).toBe(true);

    await capturePageVariants(page, 'ui-connect', () =>
      page.getByRole('heading', { name: 'Connect a client', level: 1 }).waitFor(),
    );
    expect(app.watch.problems()).toEqual([]);
  }, 180_000);
});

describe('the logs page', () => {
  it('shows the request, and new ones live, with their details', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Logs' }).click();
    await page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('log-row').count()).toBe(1);

    // A client's request while the page is open arrives without a reload (liveStats events).
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock-chat', messages: [{ role: 'user', content: 'again' }] }),
    });
    expect(response.status).toBe(200);
    await expect.poll(() => page.getByTestId('log-row').count(), { timeout: 10_000 }).toBe(2);
    expect(await page.getByTestId('logs-count').textContent()).toBe('2 requests shown');

    await page
      .getByTestId('log-row')
      .first()
      .getByRole('button', { name: /^Details of the request at/ })
      .click();
    const detail = page.getByTestId('log-detail');
    await detail.waitFor();
    expect(await detail.textContent()).toContain('mock-chat');
    await detail.getByRole('heading', { name: 'Attempts' }).waitFor();
    expect(await detail.textContent()).toContain('Bodies were not captured');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    expect(app.watch.problems()).toEqual([]);
  }, 180_000);

  it('filters, and exports CSV and JSONL files', async () => {
    const { page } = app;
    await page.getByLabel('Model', { exact: true }).fill('no-such-model');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No request matches these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.getByTestId('log-row').count()).toBe(2);

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^request-logs-.*\.csv$/);
    const csvLines = readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csvLines).toHaveLength(3);
    expect(csvLines[1]).toContain('mock-chat');
    await page.getByText('2 requests exported to').waitFor();

    const [jsonl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSONL' }).click(),
    ]);
    const records = readFileSync((await jsonl.path())!, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { requestedModel: string; status: number });
    expect(records.map((record) => [record.requestedModel, record.status])).toEqual([
      ['mock-chat', 200],
      ['mock-chat', 200],
    ]);

    await capturePageVariants(page, 'ui-logs', () =>
      page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor(),
    );
    expect(app.watch.problems()).toEqual([]);
  }, 180_000);
});
