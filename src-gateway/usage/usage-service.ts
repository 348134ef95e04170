import type { KeyBudget, UsageQuery, UsageSummaryAnswer } from '../../src-shared/schemas/usage.ts';
import { AdminError } from '../lib/admin-error.ts';
import { periodEnd, periodStart } from '../admission/budget-period.ts';
import type { MemoryAdmission } from '../admission/create-memory-admission.ts';
import type { Clock } from '../lib/clock.ts';
import type { KeyRuntime } from '../config-snapshot/snapshot.ts';
import type { UsageRepository } from '../storage/repositories/usage-repository.ts';
import { granularityMs, type Granularity } from '../storage/usage-rollup.ts';
import { summarizeUsage } from './summarize-usage.ts';

/** The usage domain of the admin contract (`usage.*`), transport-free. */
export interface UsageService {
  /** Requests, errors, tokens, cost and latency percentiles from the rollups, per group over time. */
  summary(query: UsageQuery): UsageSummaryAnswer;
  /** Each key's live spend against its budget, from memory. */
  budgets(): { data: KeyBudget[] };
}

/** Most buckets one answer may hold (a chart has no use for more). */
const maxBuckets = 2000;

/** The default range: the last 24 hours. */
const defaultSpanMs = 86_400_000;

/**
 * The bucket size for a range: minute rollups for up to 6 hours, hours up to 7 days, days beyond
 * (a few hundred points at most); an asked-for size is coarsened when it would exceed `maxBuckets`.
 */
export function pickGranularity(spanMs: number, asked?: Granularity): Granularity {
  let granularity: Granularity =
    asked ?? (spanMs <= 6 * 3_600_000 ? 'minute' : spanMs <= 7 * 86_400_000 ? 'hour' : 'day');
  while (granularity !== 'day' && spanMs / granularityMs[granularity] > maxBuckets)
    granularity = granularity === 'minute' ? 'hour' : 'day';
  return granularity;
}

export function createUsageService(options: {
  repository: UsageRepository;
  /** Live spend and limiter state per key. */
  admission: Pick<MemoryAdmission, 'view'>;
  /** The current virtual keys (names for grouped summaries; budgets). */
  keys: () => Iterable<Pick<KeyRuntime, 'id' | 'name' | 'budgetUsd' | 'budgetPeriod'>>;
  clock: Clock;
}): UsageService {
  const { repository, clock } = options;
  return {
    summary(query) {
      const to = query.to ?? clock.now();
      const from = query.from ?? to - defaultSpanMs;
      if (from >= to) throw new AdminError(400, 'invalid_request', '"from" must be before "to"');
      const granularity = pickGranularity(to - from, query.granularity);
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
      for (const key of options.keys()) names.set(key.id, key.name);
      return {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        granularity,
        groupBy: query.groupBy,
        ...summarizeUsage(rows, query.groupBy === 'key' ? names : undefined),
      };
    },
    budgets() {
      const now = clock.now();
      const spendAtStart = repository.spendByKey(periodStart('day', now), periodStart('month', now));
      const data = [...options.keys()].map((key): KeyBudget => {
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
          resetsAt: key.budgetUsd === undefined || !Number.isFinite(end) ? null : new Date(end).toISOString(),
          inFlight: view?.inFlight ?? 0,
          requestsLastMinute: view?.requestsInWindow ?? 0,
          tokensLastMinute: view?.tokensInWindow ?? 0,
        };
      });
      return { data };
    },
  };
}
