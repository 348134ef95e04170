import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/launch-browser.ts';
import { capturePageVariants } from './support/capture-page-variants.ts';
import { logIn, openApp, type AppPage } from './support/open-app.ts';
import { startUiGateway, uiAdmin, type UiGateway } from './support/start-ui-gateway.ts';

// The virtual models page in headless Chromium against a real gateway: a virtual model with two
// targets and a prompt rule, the preview of what each target's upstream receives, a reorder
// from the keyboard, an alias, and a delete that confirms first.

let gateway: UiGateway;
let browser: Browser;
let app: AppPage;

beforeAll(async () => {
  gateway = await startUiGateway({ withUpstream: true });
  const upstreamUrl = gateway.upstream!.url;
  await gateway.harness.addModel({ upstreamUrl, name: 'mock-fast', upstreamModel: 'fast-upstream' });
  await gateway.harness.addModel({ upstreamUrl, name: 'mock-smart', upstreamModel: 'smart-upstream' });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await browser?.close();
  await gateway?.stop();
});

/** Pick an option of the Naive UI select labelled `label`, by typing to filter and clicking it. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  // Typing opens the menu even when the click landed while another select's menu was closing.
  await page.keyboard.type(option);
  await page.locator('.n-base-select-option:visible', { hasText: option }).first().click();
}

const virtualModels = async () => (await gateway.harness.api('GET', '/api/virtual-models')).body.data;

describe('the virtual models page', () => {
  it('creates a virtual model with two targets and a prompt rule, and previews what each upstream receives', async () => {
    app = await openApp(browser, gateway.url, { path: '/virtual-models' });
    const { page } = app;
    await logIn(page, uiAdmin);
    await page.getByRole('heading', { name: 'Virtual models', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'New virtual model' }).click();
    // Checked with the contract's schema first: the name is required.
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Please correct the highlighted fields.').waitFor();

    await page.getByLabel('Name', { exact: true }).fill('smart');
    await page.getByRole('button', { name: 'Add a target' }).click();
    await page.getByRole('button', { name: 'Add a target' }).click();
    await choose(page, 'Model of target 1', 'mock-fast');
    await choose(page, 'Model of target 2', 'mock-smart');
    await page.getByRole('button', { name: 'Add a rule' }).click();
    await page.getByLabel('Text', { exact: true }).fill('Answer like a pirate.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Virtual model “smart” created').waitFor();

    // The preview: both targets, in order, with the rule applied to what the mock upstream gets.
    const preview = page.getByTestId('prompt-preview');
    await preview.getByText('mock-fast on', { exact: false }).waitFor();
    await expect.poll(() => preview.locator('pre').count()).toBe(2);
    const bodies = await preview.locator('pre').allTextContents();
    expect(bodies[0]).toContain('"model": "fast-upstream"');
    expect(bodies[1]).toContain('"model": "smart-upstream"');
    for (const body of bodies) expect(body).toContain('Answer like a pirate.');
    expect(await preview.textContent()).toContain(`${gateway.upstream!.url}/v1/chat/completions`);

    // Editing the rule (unsaved) updates the preview live.
    await page.getByLabel('Text', { exact: true }).fill('Answer in French.');
    await expect
      .poll(async () => (await preview.locator('pre').first().textContent()) ?? '')
      .toContain('Answer in French.');

    const [saved] = await virtualModels();
    expect(saved).toMatchObject({
      name: 'smart',
      promptRules: [{ type: 'system', text: 'Answer like a pirate.' }],
    });
    expect(saved.targets).toHaveLength(2);
    await preview.scrollIntoViewIfNeeded();
    await capturePageVariants(page, 'ui-virtual-models', () =>
      page.getByRole('heading', { name: 'Virtual models', level: 1 }).waitFor(),
    );
    expect(app.watch.problems()).toEqual([]);
  }, 180_000);

  it('reorders targets from the keyboard and adds an alias, then deletes after confirming', async () => {
    const { page } = app;
    const before = (await virtualModels())[0].targets.map((target: { modelId: string }) => target.modelId);
    await page.getByRole('button', { name: 'Edit smart' }).click();
    await page.getByRole('button', { name: 'Move target 2 up' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Alias patterns').fill('claude-*');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Virtual model “smart” saved').waitFor();
    const after = (await virtualModels())[0].targets.map((target: { modelId: string }) => target.modelId);
    expect(after).toEqual([before[1], before[0]]);
    const settings = (await gateway.harness.api('GET', '/api/settings')).body;
    expect(settings.aliases).toEqual([{ pattern: 'claude-*', target: 'smart' }]);
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('cell', { name: 'claude-*' }).waitFor();

    await page.getByRole('button', { name: 'Delete smart' }).click();
    await page.getByText('Delete smart?').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('smart deleted').waitFor();
    expect(await virtualModels()).toEqual([]);
    expect(app.watch.problems()).toEqual([]);
  }, 180_000);
});
