import { z } from 'zod';
import { AdminError } from '../../admin/admin-error.ts';
import { periodEnd, periodStart } from '../../keys/budget-period.ts';
import type { MemoryAdmission } from '../../keys/create-memory-admission.ts';
import type { Clock } from '../../lib/clock.ts';
import type { ConfigSnapshot } from '../../runtime/snapshot.ts';
import type { UsageRepository } from '../../storage/repositories/usage-repository.ts';
import { granularityMs, type Granularity } from '../../usage/aggregate-usage.ts';
import { summarizeUsage } from '../../usage/summarize-usage.ts';
import type { AdminRoute } from './admin-route.ts';
import { parseQuery, timeParam } from './usage-query-params.ts';

const usageQuery = z.object({
  from: timeParam.optional(),
  to: timeParam.optional(),
  granularity: z.enum(['minute', 'hour', 'day']).optional(),
  groupBy: z.enum(['key', 'model', 'provider', 'none']).default('none'),
  keyId: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  providerId: z.string().min(1).optional(),
});

/** Most buckets one answer may hold (a chart has no use for more). */
const maxBuckets = 2000;

/** Minute rollups for up to 6 hours, hours up to 7 days, days beyond (a few hundred points at most). */
function pickGranularity(spanMs: number): Granularity {
  if (spanMs <= 6 * 3_600_000) return 'minute';
  if (spanMs <= 7 * 86_400_000) return 'hour';
  return 'day';
}

/**
 * `/api/usage`: requests, errors, tokens, cost and latency percentiles from
 * the rollups, per key, model or provider over time; `/api/usage/budgets`:
 * each key's live spend against its budget, from memory.
 */
export function createUsageRoutes(options: {
  repository: UsageRepository;
  admission: MemoryAdmission;
  getSnapshot: () => ConfigSnapshot;
  clock: Clock;
}): AdminRoute[] {
  const { repository, clock } = options;
  return [
    {
      method: 'get',
      path: '/usage',
      tag: 'usage',
      summary:
        'Usage totals and time series. Query: from, to (ISO or epoch ms; default the last 24 h), granularity (minute|hour|day; picked from the range when absent), groupBy (key|model|provider|none), keyId, model, providerId',
      status: 200,
      errors: [400],
      handle: async ({ request }) => {
        const query = parseQuery(usageQuery, request.query);
        const to = query.to ?? clock.now();
        const from = query.from ?? to - 86_400_000;
        if (from >= to) throw new AdminError(400, 'invalid_request', '"from" must be before "to"');
        let granularity = query.granularity ?? pickGranularity(to - from);
        while (granularity !== 'day' && (to - from) / granularityMs[granularity] > maxBuckets)
          granularity = granularity === 'minute' ? 'hour' : 'day';
        const size = granularityMs[granularity];
        const rows = repository.summarize({
          granularity,
          from: Math.floor(from / size) * size,
          to,
          keyId: query.keyId,
          modelName: query.model,
          providerId: query.providerId,
          groupBy: query.groupBy,
        });
        const names = new Map<string, string>();
        for (const key of options.getSnapshot().keysByHash.values()) names.set(key.id, key.name);
        return {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          granularity,
          groupBy: query.groupBy,
          ...summarizeUsage(rows, query.groupBy === 'key' ? names : undefined),
        };
      },
    },
    {
      method: 'get',
      path: '/usage/budgets',
      tag: 'usage',
      summary:
        'Per key: spend in the current UTC day and month and in total, the budget left, and live limiter state',
      status: 200,
      handle: async () => {
        const now = clock.now();
        const spendAtStart = repository.spendByKey(periodStart('day', now), periodStart('month', now));
        const data = [...options.getSnapshot().keysByHash.values()].map((key) => {
          const view = options.admission.view(key.id);
          const spend = view?.spend ?? spendAtStart.get(key.id) ?? { day: 0, month: 0, total: 0 };
          const period = key.budgetPeriod ?? 'total';
          const end = periodEnd(period, now);
          return {
            keyId: key.id,
            keyName: key.name,
            spendUsd: spend,
            budgetUsd: key.budgetUsd ?? null,
            budgetPeriod: key.budgetUsd === undefined ? null : period,
            remainingUsd: key.budgetUsd === undefined ? null : Math.max(0, key.budgetUsd - spend[period]),
            resetsAt:
              key.budgetUsd === undefined || !Number.isFinite(end) ? null : new Date(end).toISOString(),
            inFlight: view?.inFlight ?? 0,
            requestsLastMinute: view?.requestsInWindow ?? 0,
            tokensLastMinute: view?.tokensInWindow ?? 0,
          };
        });
        return { data };
      },
    },
  ];
}
