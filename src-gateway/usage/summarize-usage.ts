import type { GroupedUsage, UsageCounters, UsageTotals } from '../storage/usage-rollup.ts';
import { emptyTotals } from './aggregate-usage.ts';
import { emptyHistogram, histogramQuantile, mergeHistogram } from '../lib/latency-histogram.ts';

/** Totals of a set of requests, as the dashboard shows them. */
export interface UsageStats extends UsageTotals {
  /** Milliseconds; percentiles are estimated from bucketed histograms. Null without requests. */
  latencyMs: { avg: number | null; p50: number | null; p95: number | null; p99: number | null };
}

export type UsageGroupBy = 'key' | 'model' | 'provider' | 'none';

export interface UsageGroup {
  /** Key id, model name or provider id (`""` for requests without one; `all` when not grouped). */
  id: string;
  name: string;
  totals: UsageStats;
  series: Array<UsageStats & { bucketStart: string }>;
}

export interface UsageSummary {
  totals: UsageStats;
  groups: UsageGroup[];
}

class StatsAccumulator {
  private readonly counters = emptyTotals();
  private latencySum = 0;
  private readonly histogram = emptyHistogram();

  add(row: UsageCounters): void {
    for (const name of Object.keys(this.counters) as Array<keyof UsageTotals>)
      this.counters[name] += row[name];
    this.latencySum += row.latencyMsSum;
    mergeHistogram(this.histogram, row.latencyHistogram);
  }

  stats(): UsageStats {
    const { requests } = this.counters;
    const percentile = (quantile: number) => {
      const value = histogramQuantile(this.histogram, quantile);
      return value === null ? null : Math.round(value * 10) / 10;
    };
    return {
      ...this.counters,
      latencyMs: {
        avg: requests > 0 ? Math.round((this.latencySum / requests) * 10) / 10 : null,
        p50: percentile(0.5),
        p95: percentile(0.95),
        p99: percentile(0.99),
      },
    };
  }
}

/**
 * Rollups summed per group and bucket -> overall totals and, per group, totals
 * and a time series (one point per bucket that had requests), groups by cost,
 * highest first. Names come from the rows (keys may be renamed or deleted
 * since); `names` overrides them with current names where known.
 */
export function summarizeUsage(
  rows: readonly GroupedUsage[],
  names: ReadonlyMap<string, string> = new Map(),
): UsageSummary {
  const overall = new StatsAccumulator();
  const groups = new Map<
    string,
    { id: string; name: string; totals: StatsAccumulator; buckets: Map<number, StatsAccumulator> }
  >();
  for (const row of rows) {
    overall.add(row);
    const id = row.groupId;
    const name = row.groupName;
    let group = groups.get(id);
    if (!group) {
      group = { id, name: names.get(id) ?? name, totals: new StatsAccumulator(), buckets: new Map() };
      groups.set(id, group);
    }
    group.totals.add(row);
    let bucket = group.buckets.get(row.bucketStart);
    if (!bucket) {
      bucket = new StatsAccumulator();
      group.buckets.set(row.bucketStart, bucket);
    }
    bucket.add(row);
  }
  const answer = [...groups.values()].map((group) => ({
    id: group.id,
    name: group.name,
    totals: group.totals.stats(),
    series: [...group.buckets.entries()]
      .sort((left, right) => left[0] - right[0])
      .map(([start, bucket]) => ({ bucketStart: new Date(start).toISOString(), ...bucket.stats() })),
  }));
  answer.sort(
    (left, right) =>
      right.totals.costUsd - left.totals.costUsd || right.totals.requests - left.totals.requests,
  );
  return { totals: overall.stats(), groups: answer };
}
