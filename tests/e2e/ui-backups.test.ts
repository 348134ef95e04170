import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/launch-browser.ts';
import { saveScreenshot } from '../support/save-screenshot.ts';
import { logIn, openApp, type AppPage } from './support/open-app.ts';
import { startUiGateway, uiAdmin, type UiGateway } from './support/start-ui-gateway.ts';

// The settings page's backups in headless Chromium against a real gateway, as a user meets them:
// the configuration exported with a passphrase (a real download), a provider deleted behind the
// page's back, the downloaded file imported again (passphrase, confirmation) and the provider
// back with its key, serving requests; then a database copy whose path exists on disk. No
// console error and no failed /api call.

let gateway: UiGateway;
let browser: Browser;
let app: AppPage;
let virtualKey: string;
let providerName: string;

async function chat(): Promise<number> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${virtualKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'backup-chat', messages: [{ role: 'user', content: 'Hello' }] }),
  });
  await response.text();
  return response.status;
}

beforeAll(async () => {
  gateway = await startUiGateway({ withUpstream: true });
  const { providerId } = await gateway.harness.addModel({
    upstreamUrl: gateway.upstream!.url,
    name: 'backup-chat',
    apiKey: 'sk-upstream-restored-0001',
  });
  providerName = (await gateway.harness.api('GET', `/api/providers/${providerId}`)).body.name;
  virtualKey = await gateway.harness.addKey();
  browser = await launchBrowser();
  app = await openApp(browser, gateway.url, { path: '/settings' });
  app.page.setDefaultTimeout(10_000);
  await logIn(app.page, uiAdmin);
  await app.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await browser?.close();
  await gateway?.stop();
});

describe('backups on the settings page', () => {
  it('exports with a passphrase, imports the downloaded file over a changed configuration, and the provider is back', async () => {
    const { page } = app;
    expect(await chat()).toBe(200);

    await page.getByLabel('Passphrase (optional)').fill('a long passphrase');
    await page.getByLabel('Repeat the passphrase').fill('a long passphrase');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export configuration' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^llm-gateway-config-\d{4}-\d{2}-\d{2}\.json$/);
    const file = path.join(gateway.harness.dir, download.suggestedFilename());
    await download.saveAs(file);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.kind).toBe('llm-gateway.config-backup');
    expect(saved.secrets).not.toBeNull();
    // The key travels encrypted only.
    expect(readFileSync(file, 'utf8')).not.toContain('sk-upstream-restored-0001');
    await page.getByText(/downloaded \(provider keys encrypted\)/).waitFor();

    // Someone deletes the model and its provider (and with it the provider's key).
    const models = (await gateway.harness.api('GET', '/api/models')).body.data as { id: string }[];
    const providers = (await gateway.harness.api('GET', '/api/providers')).body.data as { id: string }[];
    for (const model of models)
      expect((await gateway.harness.api('DELETE', `/api/models/${model.id}`)).status).toBe(204);
    for (const provider of providers)
      expect((await gateway.harness.api('DELETE', `/api/providers/${provider.id}`)).status).toBe(204);
    expect(await chat()).not.toBe(200);

    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Choose a backup file…' }).click(),
    ]);
    await chooser.setFiles(file);
    await page.getByTestId('backup-file-name').getByText(download.suggestedFilename()).waitFor();
    await page.getByLabel('Passphrase of the file').fill('a long passphrase');
    await page.getByRole('button', { name: 'Import configuration' }).click();
    await page.getByText('Replace the whole configuration?').waitFor();
    await page.getByRole('button', { name: 'Replace', exact: true }).click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('Providers: 1');
    expect(await result.textContent()).toContain('Provider keys and alert secrets came from the file.');

    const restored = (await gateway.harness.api('GET', '/api/providers')).body.data as { name: string }[];
    expect(restored.map((provider) => provider.name)).toEqual([providerName]);
    // Its key came back from the file: the model serves again.
    expect(await chat()).toBe(200);
    expect(gateway.upstream!.requests.at(-1)?.headers.authorization).toBe('Bearer sk-upstream-restored-0001');
    expect(app.watch.problems()).toEqual([]);
  }, 120_000);

  it('backs up the database and shows the path of a file that exists', async () => {
    const { page } = app;
    await page.getByLabel('File for the copy (optional)').fill('before-upgrade.db');
    await page.getByRole('button', { name: 'Back up the database now' }).click();
    const shown = page.getByTestId('database-backup-path');
    await shown.waitFor();
    const written = (await shown.textContent())!;
    expect(path.basename(written)).toBe('before-upgrade.db');
    expect(existsSync(written)).toBe(true);
    expect(statSync(written).size).toBeGreaterThan(0);
    expect(written.startsWith(gateway.harness.dir)).toBe(true);
    await page.getByText('To restore it: stop the gateway').waitFor();
    // The card as it stands after both actions, without the toasts passing over it.
    await page.locator('.n-message').first().waitFor({ state: 'detached' });
    await saveScreenshot(page, 'settings-backups-en-light');
    expect(app.watch.problems()).toEqual([]);
  }, 60_000);
});
