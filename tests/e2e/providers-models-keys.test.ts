import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readLitellmCatalog,
  startCatalogSource,
  type CatalogSourceServer,
} from '../integration/catalog-source-server.ts';
import { launchBrowser } from '../support/launch-browser.ts';
import { saveScreenshot } from '../support/save-screenshot.ts';
import { logIn, openApp, type AppPage } from './support/open-app.ts';
import { startUiGateway, uiAdmin, type UiGateway } from './support/start-ui-gateway.ts';

// The providers, models and virtual keys pages in headless Chromium against a real gateway and a
// mock upstream: a provider from a preset, its models imported, a catalog entry applied, a key
// created, copied and used with the OpenAI SDK, then rotated (the old secret refused); the pages
// in Chinese and dark, at desktop and narrow widths. No console error, no failed /api call.

let gateway: UiGateway;
let catalogSource: CatalogSourceServer;
let browser: Browser;
let app: AppPage;
let firstSecret = '';

const narrow = { width: 390, height: 844 };
const desktop = { width: 1280, height: 800 };

/** The open drawer or modal (Naive UI renders them as dialogs). */
const dialog = (page: Page) => page.getByRole('dialog').last();

async function shoot(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, name);
  await page.setViewportSize(narrow);
  await saveScreenshot(page, `${name}-narrow`);
  await page.setViewportSize(desktop);
}

/** The secret in the "shown once" dialog, after copying it with the button. */
async function copySecret(page: Page): Promise<string> {
  const shown = await page.getByLabel('The new key').inputValue();
  await dialog(page).getByRole('button', { name: 'Copy' }).click();
  await dialog(page).getByRole('button', { name: 'Copied', exact: true }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(shown);
  expect(await dialog(page).getByRole('alert').textContent()).toContain('will not be shown again');
  await dialog(page).getByRole('button', { name: 'I have copied it' }).click();
  await page.getByLabel('The new key').waitFor({ state: 'detached' });
  return shown;
}

function sdk(apiKey: string): OpenAI {
  return new OpenAI({ apiKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
}

beforeAll(async () => {
  catalogSource = await startCatalogSource({ body: readLitellmCatalog().text, etag: '"e2e"' });
  gateway = await startUiGateway({
    withUpstream: true,
    gateway: { catalog: { url: catalogSource.url } },
  });
  gateway.upstream!.setModels(['gpt-4o-mini', 'my-finetune-1']);
  browser = await launchBrowser();
  app = await openApp(browser, gateway.url, { path: '/providers', viewport: desktop });
  // A missing element fails the step with its locator, well inside the test's own timeout.
  app.page.setDefaultTimeout(10_000);
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gateway.url });
  await logIn(app.page, uiAdmin);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await browser?.close();
  await gateway?.stop();
  await catalogSource?.close();
});

describe('providers, models and virtual keys in the browser', { timeout: 60_000 }, () => {
  it('adds a provider from a preset, with its key never shown again, and tests it', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Providers', level: 1 }).waitFor();
    await page.getByText('No providers yet').waitFor();
    await page.getByRole('button', { name: 'Add provider' }).click();
    const drawer = dialog(page);
    await drawer.getByLabel('Preset').fill('OpenAI');
    await page.keyboard.press('Enter');
    await expect.poll(() => drawer.getByLabel('Name').inputValue()).toBe('OpenAI');
    const keyLink = drawer.getByRole('link', { name: 'Get your OpenAI key', exact: true });
    expect(await keyLink.getAttribute('href')).toBe('https://platform.openai.com/api-keys');
    expect(await keyLink.getAttribute('target')).toBe('_blank');

    // Checked with the contract's schema before sending: the message is next to its field.
    await drawer.getByLabel('Name').fill('');
    await drawer.getByLabel('Base URL').fill('not a url');
    await drawer.getByRole('button', { name: 'Add provider' }).click();
    await drawer.getByText('Please correct the highlighted fields.').waitFor();
    await drawer.getByText('Required').waitFor();
    await drawer.getByText('Enter a URL such as').waitFor();
    await drawer.getByText('This provider needs an API key').waitFor();

    await drawer.getByLabel('Name').fill('Mock OpenAI');
    await drawer.getByLabel('Base URL').fill(`${gateway.upstream!.url}/v1`);
    await drawer.getByLabel('API key 1', { exact: true }).fill('sk-e2e-provider-key-0001');
    await drawer.getByRole('button', { name: 'Add another key' }).click();
    await drawer.getByLabel('API key 2', { exact: true }).fill('sk-e2e-provider-key-0002');
    expect(await drawer.getByLabel('API key 1', { exact: true }).getAttribute('type')).toBe('password');
    await drawer.getByRole('button', { name: 'Add provider' }).click();
    await page.getByRole('cell', { name: 'Mock OpenAI', exact: true }).waitFor();
    await page.getByRole('cell', { name: '2 (…0001)', exact: true }).waitFor();
    expect(await page.content()).not.toContain('sk-e2e-provider-key');

    await page.getByRole('button', { name: 'Test connection of Mock OpenAI' }).click();
    await page.getByText('OK · ', { exact: false }).waitFor();
    expect(await page.getByRole('cell', { name: /models: 2$/ }).count()).toBe(1);
  });

  it('imports the provider’s models', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Import models of Mock OpenAI' }).click();
    await page.getByText('Mock OpenAI: models imported: 2, already there: 0').waitFor();
    await shoot(page, 'providers-en-light');
    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'my-finetune-1', exact: true }).first().waitFor();
    // gpt-4o-mini was matched to its catalog entry on import: priced per million tokens.
    const priced = page.getByRole('row').filter({ hasText: 'gpt-4o-mini' });
    await priced.getByRole('cell', { name: '$0.15', exact: true }).waitFor();
  });

  it('applies a catalog entry to a model in one click, and adds models from the catalog', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Apply a catalog entry to my-finetune-1' }).click();
    const modal = dialog(page);
    await modal.getByLabel('Search the catalog').fill('gpt-4o-mini');
    await modal.getByRole('button', { name: 'Apply gpt-4o-mini', exact: true }).click();
    await page.getByText('gpt-4o-mini applied to my-finetune-1').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'my-finetune-1' });
    await row.getByRole('cell', { name: '$0.60', exact: true }).waitFor();
    const models = (await gateway.harness.api('GET', '/api/models')).body.data;
    expect(models.find((model: any) => model.name === 'my-finetune-1')).toMatchObject({
      catalogId: 'gpt-4o-mini',
      inputCostPerToken: 1.5e-7,
    });

    await page.getByLabel('Search your models').fill('finetune');
    await page.getByText('1 of 2').waitFor();
    await page.getByLabel('Search your models').fill('');
    await shoot(page, 'models-en-light');

    await page.getByRole('radio', { name: 'Catalog' }).focus();
    await page.keyboard.press('Space');
    await page.getByTestId('catalog-status').getByText('Bundled with the app').waitFor();
    await page.getByRole('button', { name: 'Refresh the catalog' }).click();
    await page.getByText('The catalog was updated').waitFor();
    await page.getByTestId('catalog-status').getByText('Fetched').waitFor();
    await page.getByLabel('Search the catalog').fill('claude-sonnet-4-5');
    await page.getByRole('cell', { name: 'claude-sonnet-4-5', exact: true }).waitFor();
    await page
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'claude-sonnet-4-5', exact: true }) })
      .getByRole('checkbox')
      .click();
    await page.getByLabel('Add to provider').fill('Mock');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Add selected (1)' }).click();
    await page.getByText('Models added: 1, skipped: 0').waitFor();
    // A shorter page of results keeps the screenshot small.
    await page.getByLabel('Search the catalog').fill('claude-sonnet-4-5-20250929');
    await page.getByText('Selected: 0').waitFor();
    await expect.poll(() => page.getByRole('row').count()).toBeLessThan(15);
    await shoot(page, 'models-catalog-en-light');
  });

  it('creates a key, shows and copies its secret once, and the OpenAI SDK works with it', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Virtual keys', exact: true }).click();
    await page.getByRole('heading', { name: 'Virtual keys', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Create key' }).click();
    const drawer = dialog(page);
    await drawer.getByLabel('Name').fill('e2e laptop');
    await drawer.getByLabel('Requests per minute').fill('60');
    await drawer.getByLabel('Budget (USD)').fill('5');
    await drawer.getByLabel('Allowed IP ranges').fill('127.0.0.1\n::1');
    await drawer.getByRole('button', { name: 'Create key' }).click();
    firstSecret = await copySecret(page);
    expect(firstSecret).toMatch(/^sk-/);
    await page.getByRole('cell', { name: `…${firstSecret.slice(-4)}`, exact: true }).waitFor();
    await page.getByRole('cell', { name: '60 rpm', exact: true }).waitFor();

    const answer = await sdk(firstSecret).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(answer.choices[0]?.message.content).toBe('Hello from the mock upstream');

    // The request shows in the key's sparkline once the usage rollups are written.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByRole('img', { name: 'Requests in the last 14 days: 1' }).count();
        },
        { timeout: 10_000, interval: 500 },
      )
      .toBe(1);
    await shoot(page, 'virtual-keys-en-light');
  });

  it('rotates the key: the new secret works, the old one is refused with 401', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Rotate e2e laptop' }).click();
    await dialog(page).getByText('stops working at once').waitFor();
    await dialog(page).getByRole('button', { name: 'Rotate', exact: true }).click();
    const rotated = await copySecret(page);
    expect(rotated).not.toBe(firstSecret);

    const refused = await sdk(firstSecret)
      .chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
    const answer = await sdk(rotated).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(answer.choices[0]?.message.content).toBe('Hello from the mock upstream');
  });

  it('shows the pages in Chinese and dark, and deletes only after confirming', async () => {
    const { page } = app;
    await page.getByRole('radio', { name: '中文' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('radio', { name: '深色' }).evaluate((input) => (input as HTMLInputElement).click());
    await page.getByRole('heading', { name: '虚拟密钥', level: 1 }).waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.style.colorScheme)).toBe('dark');
    await page.getByRole('columnheader', { name: '过期时间' }).waitFor();
    await shoot(page, 'virtual-keys-zh-dark');

    await page.getByRole('button', { name: '删除 e2e laptop' }).click();
    await dialog(page).getByText('删除 e2e laptop？').waitFor();
    await dialog(page).getByRole('button', { name: '取消' }).click();
    await page.getByRole('cell', { name: 'e2e laptop', exact: true }).waitFor();
    await page.getByRole('button', { name: '删除 e2e laptop' }).click();
    await dialog(page).getByRole('button', { name: '删除', exact: true }).click();
    await page.getByRole('cell', { name: 'e2e laptop', exact: true }).waitFor({ state: 'detached' });

    await page.getByRole('link', { name: '模型', exact: true }).click();
    await page.getByRole('heading', { name: '模型', level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'my-finetune-1', exact: true }).first().waitFor();
    await shoot(page, 'models-zh-dark');
    await page.getByRole('link', { name: '服务商', exact: true }).click();
    await page.getByRole('heading', { name: '服务商', level: 1 }).waitFor();
    await page.getByRole('button', { name: '添加服务商' }).click();
    await dialog(page).getByLabel('预设').fill('DeepSeek');
    await page.keyboard.press('Enter');
    await dialog(page).getByRole('link', { name: '获取 DeepSeek 密钥', exact: true }).waitFor();
    await shoot(page, 'providers-form-zh-dark');
    await dialog(page).getByRole('button', { name: '取消' }).click();
    await shoot(page, 'providers-zh-dark');
    expect(app.watch.problems()).toEqual([]);
  });
});
