import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/launch-browser.ts';
import { findLowContrast } from './support/find-low-contrast.ts';
import { logIn, openApp, type AppPage } from './support/open-app.ts';
import { startUiGateway, uiAdmin, type UiGateway } from './support/start-ui-gateway.ts';

// Every page's text is readable in both themes: WCAG AA contrast (4.5:1, 3:1 for large text)
// measured in headless Chromium against what the text sits on, on a gateway with a provider,
// a key, a virtual model and some traffic, so tables, tags and charts have content.

let gateway: UiGateway;
let browser: Browser;
let app: AppPage;

const pages = [
  { path: '/', heading: /^(Dashboard)$/ },
  { path: '/connect', heading: /^Connect a client$/ },
  { path: '/providers', heading: /^Providers$/ },
  { path: '/models', heading: /^Models$/ },
  { path: '/virtual-models', heading: /^Virtual models$/ },
  { path: '/virtual-keys', heading: /^Virtual keys$/ },
  { path: '/logs', heading: /^Logs$/ },
  { path: '/health', heading: /^Health$/ },
  { path: '/settings', heading: /^Settings$/ },
];

beforeAll(async () => {
  gateway = await startUiGateway({ withUpstream: true });
  const { harness } = gateway;
  const { modelId } = await harness.addModel({ upstreamUrl: gateway.upstream!.url, name: 'mock-chat' });
  await harness.api('POST', '/api/virtual-models', {
    name: 'team-chat',
    strategy: 'failover',
    targets: [{ modelId, priority: 1, weight: 1 }],
  });
  const key = await harness.addKey({ name: 'laptop' });
  for (const model of ['mock-chat', 'missing-model']) {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello' }] }),
    });
    await response.text();
  }
  harness.internals.flushLogs();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await browser?.close();
  await gateway?.stop();
});

describe('contrast', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`every page's text meets WCAG AA in the ${theme} theme`, async () => {
      app = await openApp(browser, gateway.url, { path: '/login', colorScheme: theme });
      const { page } = app;
      await page.getByRole('heading', { name: 'Log in', level: 1 }).waitFor();
      const failures: Record<string, unknown[]> = {};
      const atLogin = await findLowContrast(page);
      if (atLogin.length > 0) failures['/login'] = atLogin;
      await logIn(page, uiAdmin);
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      for (const { path, heading } of pages) {
        await page.goto(gateway.url + path);
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        await page
          .locator('.n-base-loading:visible, .n-spin-body:visible')
          .first()
          .waitFor({ state: 'detached', timeout: 10_000 })
          .catch(() => undefined);
        // Theme transitions ended: colours are measured at rest.
        await page.evaluate(() =>
          Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))),
        );
        const low = await findLowContrast(page);
        if (low.length > 0) failures[path] = low;
      }
      expect(failures).toEqual({});
      expect(app.watch.problems()).toEqual([]);
      await app.close();
    }, 240_000);
  }
});
