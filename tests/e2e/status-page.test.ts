import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { ensureBundle } from '../support/build-bundle.ts';
import { launchBrowser } from '../support/launch-browser.ts';
import { saveScreenshot } from '../support/save-screenshot.ts';

let upstream: MockUpstream;
let harness: TestGateway;
let browser: Browser;
let healthyId: string;
let flakyId: string;

const now = Date.now();
const minute = 60_000;

/** Seed runs straight into the real database: the page must show exactly what they imply. */
function seedRuns(
  targetId: string,
  runs: Array<{ ago: number; success: boolean; latency?: number; ttft?: number; error?: string }>,
): void {
  const insert = harness.database.prepare(
    'INSERT INTO health_runs (id, target_id, started_at, success, latency_ms, ttft_ms, error_type, error_message, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)',
  );
  runs.forEach((run, index) => {
    insert.run(
      `${targetId}-run-${index}`,
      targetId,
      now - run.ago,
      run.success ? 1 : 0,
      run.latency ?? null,
      run.ttft ?? null,
      run.success ? null : 'timeout',
      run.success ? null : (run.error ?? 'Provider did not answer in time'),
    );
  });
}

beforeAll(async () => {
  ensureBundle('vite.status.config.ts', 'dist-status', ['src-status', 'src-shared']);
  upstream = await startMockUpstream();
  // The scheduler is parked (one tick an hour) so only the seeded runs exist.
  harness = await startTestGateway({ monitoring: { health: { tickMs: 3_600_000 } } });
  const { modelId } = await harness.addModel({ upstreamUrl: upstream.url, name: 'gpt-4o-mini' });
  const second = await harness.addModel({ upstreamUrl: upstream.url, name: 'claude-sonnet' });
  expect((await harness.api('PATCH', '/api/settings', { monitoring: { enabled: true } })).status).toBe(200);
  const healthy = await harness.api('POST', '/api/health-targets', {
    name: 'GPT-4o mini',
    type: 'model',
    targetId: modelId,
  });
  const flaky = await harness.api('POST', '/api/health-targets', {
    name: 'Claude Sonnet',
    type: 'model',
    targetId: second.modelId,
  });
  expect([healthy.status, flaky.status]).toEqual([201, 201]);
  healthyId = healthy.body.id;
  flakyId = flaky.body.id;
  // Healthy: 4 runs in the last hour, latencies 100..400 ms → P50 200 ms, P95 400 ms (nearest rank), 100 %.
  seedRuns(healthyId, [
    { ago: 5 * minute, success: true, latency: 100, ttft: 40 },
    { ago: 15 * minute, success: true, latency: 200, ttft: 50 },
    { ago: 25 * minute, success: true, latency: 300, ttft: 60 },
    { ago: 35 * minute, success: true, latency: 400, ttft: 70 },
  ]);
  // Flaky: 1 failure in 4 runs in the last hour → 75 % and down (≥ 20 % errors).
  seedRuns(flakyId, [
    { ago: 5 * minute, success: false, error: 'Provider did not answer in time' },
    { ago: 15 * minute, success: true, latency: 900, ttft: 300 },
    { ago: 25 * minute, success: true, latency: 1100, ttft: 350 },
    { ago: 35 * minute, success: true, latency: 1000, ttft: 320 },
  ]);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await harness?.stop();
  await upstream?.close();
});

describe('status page in a real browser', () => {
  it('shows each target with its state and figures, and the history behind a click', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 }, locale: 'en-US' });
    // The page runs under its strict Content-Security-Policy: anything it blocks is a console error.
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const answer = await page.goto(`${harness.url}/status?lang=en`);
    expect(answer!.headers()['content-security-policy']).toContain("script-src 'self'");
    const healthyCard = page.locator(`[data-target="${healthyId}"]`);
    await healthyCard.waitFor();
    expect(await healthyCard.locator('.badge').textContent()).toBe('Healthy');
    expect(await healthyCard.locator('[data-metric="availability1h"] .value').textContent()).toBe('100%');
    expect(await healthyCard.locator('[data-metric="p50"] .value').textContent()).toBe('200 ms');
    expect(await healthyCard.locator('[data-metric="p95"] .value').textContent()).toBe('400 ms');

    const flakyCard = page.locator(`[data-target="${flakyId}"]`);
    expect(await flakyCard.locator('.badge').textContent()).toBe('Down');
    expect(await flakyCard.locator('[data-metric="availability1h"] .value').textContent()).toBe('75.00%');
    expect(await flakyCard.locator('.errors').textContent()).toContain('timeout');
    // One target down and one healthy: trouble, not a total outage.
    expect(await page.locator('.banner').getAttribute('data-overall')).toBe('degraded');
    expect(await page.locator('.banner').textContent()).toBe('Some models have problems');
    await saveScreenshot(page, 'status-page');

    await flakyCard.click();
    await page.locator('table.runs tbody tr').first().waitFor();
    expect(await page.locator('table.runs tbody tr').count()).toBe(4);
    expect(await page.locator('table.runs tbody tr.failed').count()).toBe(1);
    await page.locator('#chart canvas').waitFor();
    expect(await page.locator('.recent').textContent()).toContain('did not answer');
    await saveScreenshot(page, 'status-page-history');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('speaks Chinese and reads well on a phone in dark mode', async () => {
    const page = await browser.newPage({
      viewport: { width: 390, height: 844 },
      colorScheme: 'dark',
      locale: 'zh-CN',
    });
    await page.goto(`${harness.url}/status`);
    await page.locator(`[data-target="${healthyId}"]`).waitFor();
    expect(await page.locator('.brand').textContent()).toBe('LLM 网关状态');
    expect(await page.locator(`[data-target="${healthyId}"] .badge`).textContent()).toBe('正常');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe('rgb(16, 18, 20)');
    await saveScreenshot(page, 'status-page-mobile-zh');
    await page.close();
  });

  it('is gone when monitoring is turned off', async () => {
    await harness.api('PATCH', '/api/settings', { monitoring: { enabled: false } });
    const response = await fetch(`${harness.url}/status`);
    expect(response.status).toBe(404);
    await harness.api('PATCH', '/api/settings', { monitoring: { enabled: true } });
  });
});
