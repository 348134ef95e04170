// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from 'vue';
import { adminApiKey, type AdminApi } from '../api/index.ts';
import { createSessionToken } from '../api/session-token.ts';
import { periodStarts, useDashboardStore } from './dashboard.ts';

const emptyStats = {
  requests: 0,
  errors: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  costUsd: 0,
  latencyMs: { avg: null, p50: null, p95: null, p99: null },
};

/** The dashboard store over a fake client that records what it was asked. */
function storeWith(overrides: { providers?: unknown[] } = {}) {
  const summary = vi.fn(async (query: Record<string, unknown>) => ({
    from: String(query.from ?? ''),
    to: '2026-01-01T00:00:00.000Z',
    granularity: query.granularity ?? 'hour',
    groupBy: query.groupBy ?? 'none',
    totals: { ...emptyStats, requests: query.groupBy === 'none' ? 3 : 7 },
    groups: [],
  }));
  const search = vi.fn(async () => ({ data: [], nextCursor: null }));
  const api = {
    transport: 'http',
    client: {
      system: { status: async () => ({ version: '1.2.3', databaseBytes: 8192 }) },
      usage: { summary },
      routing: { state: async () => ({ data: [] }) },
      logs: { search },
      providers: { list: async () => ({ data: overrides.providers ?? [] }) },
    },
    events: { subscribe: () => () => undefined },
    session: createSessionToken(undefined),
    onSessionEnded: () => () => undefined,
  } as unknown as AdminApi;
  const app = createApp({});
  app.provide(adminApiKey, api);
  const pinia = createPinia();
  app.use(pinia);
  setActivePinia(pinia);
  return { store: app.runWithContext(() => useDashboardStore()), summary, search };
}

describe('the dashboard store', () => {
  it('counts today and this month from the start of the UTC day and month', () => {
    expect(periodStarts(Date.parse('2026-03-17T22:15:00.000Z'))).toEqual({
      today: '2026-03-17T00:00:00.000Z',
      month: '2026-03-01T00:00:00.000Z',
    });
  });

  it('reads usage by the chosen range and dimension, errors only from the log, and spots a fresh install', async () => {
    const { store, summary, search } = storeWith();
    await store.load();
    expect(store.status?.version).toBe('1.2.3');
    expect(store.hasProviders).toBe(false);
    expect(store.today?.totals.requests).toBe(3);
    expect(search).toHaveBeenCalledWith({ outcome: 'error', limit: 10 });
    const chartQuery = summary.mock.calls.map(([query]) => query).find((query) => query.groupBy === 'model')!;
    expect(chartQuery.granularity).toBe('hour');
    expect(Date.parse(String(chartQuery.to)) - Date.parse(String(chartQuery.from))).toBe(86_400_000);

    summary.mockClear();
    await store.setRange('7d');
    await store.setDimension('provider');
    const last = summary.mock.calls.at(-1)![0];
    expect(last).toMatchObject({ groupBy: 'provider', granularity: 'day' });
    expect(Date.parse(String(last.to)) - Date.parse(String(last.from))).toBe(7 * 86_400_000);
  });

  it('knows an install with a provider is past its first run', async () => {
    const { store } = storeWith({ providers: [{ id: 'p1' }] });
    await store.load();
    expect(store.hasProviders).toBe(true);
    expect(store.error).toBeUndefined();
  });
});
