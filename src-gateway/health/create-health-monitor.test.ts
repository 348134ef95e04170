import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../lib/logger.ts';
import { createRepositories } from '../storage/create-repositories.ts';
import { openDatabase } from '../storage/open-database.ts';
import type { HealthRunRecord } from '../storage/repositories/health-repository.ts';
import type { AlertNotifier } from '../alerts/create-alert-notifier.ts';
import { createHealthMonitor } from './create-health-monitor.ts';
import { createHealthQueries } from './health-queries.ts';
import { dayMs, hourMs } from './health-status.ts';

const quietAlerts: AlertNotifier = {
  healthStateChanged: () => undefined,
  budgetExhausted: () => undefined,
  idle: async () => undefined,
};

async function setup() {
  const repositories = createRepositories(openDatabase(':memory:'));
  let time = Date.parse('2026-03-10T12:00:00Z');
  const clock = { now: () => time };
  const stamp = new Date(time).toISOString();
  await repositories.health.targets.insert({
    id: 'ht_a',
    name: 'Model A',
    type: 'model',
    targetId: 'mdl_a',
    enabled: true,
    intervalSeconds: 60,
    prompt: "Say 'OK'",
    createdAt: stamp,
    updatedAt: stamp,
  });
  let runCount = 0;
  const addRun = (agoMs: number, fields: Partial<HealthRunRecord> = {}) =>
    repositories.health.runs.insert({
      id: `hr_${++runCount}`,
      targetId: 'ht_a',
      startedAt: time - agoMs,
      success: true,
      latencyMs: 100,
      ttftMs: 40,
      errorType: null,
      errorMessage: null,
      attempts: 1,
      ...fields,
    });
  const count = () => repositories.health.runs.listSince('ht_a', 0).then((runs) => runs.length);
  return {
    repositories,
    clock,
    addRun,
    count,
    advance: (ms: number) => {
      time += ms;
    },
    now: () => time,
  };
}

describe('health monitor retention', () => {
  it('prunes runs older than the retention at most once per prune interval', async () => {
    const { repositories, clock, addRun, count, advance, now } = await setup();
    const monitor = createHealthMonitor({
      repositories,
      clock,
      logger: createSilentLogger(),
      alerts: quietAlerts,
      tickMs: 0,
    });
    await addRun(7 * dayMs + 1);
    await addRun(7 * dayMs - 1000);
    await addRun(hourMs);
    await monitor.tick(now());
    expect(await count()).toBe(2);
    advance(30 * 60_000); // the second run is now past retention, but pruning ran half an hour ago
    await monitor.tick(now());
    expect(await count()).toBe(2);
    advance(30 * 60_000);
    await monitor.tick(now());
    expect(await count()).toBe(1);
  });
});

describe('health queries', () => {
  it('computes state, availability and nearest-rank percentiles from stored runs', async () => {
    const { repositories, clock, addRun } = await setup();
    // Last hour: 9 successes and 1 timeout (10% -> degraded); earlier today: 2 failures.
    for (const [index, latency] of [100, 200, 300, 400, 500, 600, 700, 800, 900].entries())
      await addRun((index + 1) * 60_000, { latencyMs: latency, ttftMs: latency / 2 });
    await addRun(30_000, {
      success: false,
      latencyMs: 5000,
      ttftMs: null,
      errorType: 'timeout',
      errorMessage: 'slow',
    });
    await addRun(5 * hourMs, {
      success: false,
      latencyMs: null,
      ttftMs: null,
      errorType: 'rate_limit',
      errorMessage: 'busy',
    });
    await addRun(6 * hourMs, {
      success: false,
      latencyMs: null,
      ttftMs: null,
      errorType: 'rate_limit',
      errorMessage: 'busy',
    });
    await addRun(2 * dayMs); // outside every window
    const queries = createHealthQueries({ health: repositories.health, clock });
    const [target] = await queries.targets();
    expect(target).toMatchObject({
      name: 'Model A',
      state: 'degraded',
      availability1h: 0.9,
      availability24h: 9 / 12,
      p50LatencyMs: 500,
      p95LatencyMs: 900,
      p50TtftMs: 250,
      runs1h: 10,
      runs24h: 12,
      errorBreakdown: { timeout: 1, rate_limit: 2 },
      lastError: { type: 'timeout', message: 'slow' },
    });
    expect(await queries.summary()).toMatchObject({
      overall: 'degraded',
      counts: { healthy: 0, degraded: 1, down: 0, unknown: 0 },
      targets: 1,
    });
    const detail = await queries.detail('ht_a');
    expect(detail!.series).toHaveLength(12);
    expect(detail!.recentErrors.map((error) => error.type)).toEqual(['timeout', 'rate_limit', 'rate_limit']);
    const page = await queries.runs('ht_a', { windowMs: hourMs, page: 2, pageSize: 4 });
    expect(page).toMatchObject({ page: 2, pageSize: 4, total: 10 });
    // Newest first: page 1 is the timeout (5000), 100, 200, 300.
    expect(page!.data.map((run) => run.latencyMs)).toEqual([400, 500, 600, 700]);
    expect(await queries.detail('ht_missing')).toBeUndefined();
  });
});
