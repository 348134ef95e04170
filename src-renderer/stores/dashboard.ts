import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { GatewayStatus } from '../../src-shared/schemas/gateway-status.ts';
import type { RequestLogView } from '../../src-shared/schemas/request-log.ts';
import type { TargetHealthView } from '../../src-shared/schemas/routing-state.ts';
import type { UsageSummaryAnswer } from '../../src-shared/schemas/usage.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

/** The ranges the dashboard's usage charts offer. */
export const usageRanges = ['1h', '24h', '7d', '30d'] as const;
export type UsageRange = (typeof usageRanges)[number];
const rangeMs: Record<UsageRange, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};
/** Buckets the chart reads well at: 60 minutes, 24 hours, 7 or 30 days. */
const rangeGranularity = { '1h': 'minute', '24h': 'hour', '7d': 'day', '30d': 'day' } as const;

export type UsageDimension = 'model' | 'key' | 'provider';

/** The start of the current UTC day and month (the gateway's budgets count in UTC too). */
export function periodStarts(now: number): { today: string; month: string } {
  const date = new Date(now);
  return {
    today: new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())).toISOString(),
    month: new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)).toISOString(),
  };
}

/**
 * What the dashboard reads besides the live events: the gateway's status, usage over a range by
 * model, key or provider, today's and this month's totals, breaker states, the latest errors and
 * whether anything is configured yet. `load` reads it all; the view calls it again when the live
 * events say traffic happened (never per request, never on a timer of its own).
 */
export const useDashboardStore = defineStore('dashboard', () => {
  const api = useAdminApi();
  const range = ref<UsageRange>('24h');
  const dimension = ref<UsageDimension>('model');
  const status = shallowRef<GatewayStatus>();
  const usage = shallowRef<UsageSummaryAnswer>();
  const today = shallowRef<UsageSummaryAnswer>();
  const month = shallowRef<UsageSummaryAnswer>();
  const breakers = shallowRef<TargetHealthView[]>([]);
  const recentErrors = shallowRef<RequestLogView[]>([]);
  /** Undefined until known; false on a fresh install (the first-run steps show). */
  const hasProviders = ref<boolean>();

  const loadUsage = useRequest(async () => {
    const now = Date.now();
    usage.value = await api.client.usage.summary({
      from: new Date(now - rangeMs[range.value]).toISOString(),
      to: new Date(now).toISOString(),
      granularity: rangeGranularity[range.value],
      groupBy: dimension.value,
    });
  });

  const read = useRequest(async () => {
    const starts = periodStarts(Date.now());
    const [system, todayUsage, monthUsage, routing, errors, providers] = await Promise.all([
      api.client.system.status({}),
      api.client.usage.summary({ from: starts.today, groupBy: 'none', granularity: 'day' }),
      api.client.usage.summary({ from: starts.month, groupBy: 'none', granularity: 'day' }),
      api.client.routing.state({}),
      api.client.logs.search({ outcome: 'error', limit: 10 }),
      api.client.providers.list({}),
    ]);
    status.value = system;
    today.value = todayUsage;
    month.value = monthUsage;
    breakers.value = routing.data;
    recentErrors.value = errors.data;
    hasProviders.value = providers.data.length > 0;
  });

  /** Everything, the usage chart included. */
  async function load(): Promise<void> {
    await Promise.all([read.run(), loadUsage.run()]);
  }

  function setRange(next: UsageRange): Promise<unknown> {
    range.value = next;
    return loadUsage.run();
  }

  function setDimension(next: UsageDimension): Promise<unknown> {
    dimension.value = next;
    return loadUsage.run();
  }

  return {
    range,
    dimension,
    status,
    usage,
    today,
    month,
    breakers,
    recentErrors,
    hasProviders,
    loading: read.loading,
    error: read.error,
    usageLoading: loadUsage.loading,
    usageError: loadUsage.error,
    load,
    loadUsage: loadUsage.run,
    setRange,
    setDimension,
  };
});
