/** A latency histogram with 1 µs buckets up to `maxMicroseconds`; slower samples land in the last bucket. */
export interface LatencyHistogram {
  /** Record one sample, in microseconds (fractions are truncated). */
  record(microseconds: number): void;
  /** The smallest recorded value v such that at least `percent`% of samples are ≤ v. */
  percentile(percent: number): number;
  readonly count: number;
  readonly mean: number;
  readonly max: number;
}

/** Create an empty histogram; 1 µs resolution keeps sub-millisecond differences visible. */
export function createLatencyHistogram(maxMicroseconds = 1_000_000): LatencyHistogram {
  const buckets = new Uint32Array(maxMicroseconds + 1);
  let count = 0;
  let sum = 0;
  let max = 0;
  return {
    record(microseconds) {
      const value = Math.max(0, Math.min(maxMicroseconds, Math.trunc(microseconds)));
      buckets[value]! += 1;
      count += 1;
      sum += microseconds;
      if (microseconds > max) max = microseconds;
    },
    percentile(percent) {
      if (count === 0) return Number.NaN;
      const rank = Math.max(1, Math.ceil((percent / 100) * count));
      let seen = 0;
      for (let value = 0; value < buckets.length; value++) {
        seen += buckets[value]!;
        if (seen >= rank) return value;
      }
      return maxMicroseconds;
    },
    get count() {
      return count;
    },
    get mean() {
      return count === 0 ? Number.NaN : sum / count;
    },
    get max() {
      return max;
    },
  };
}
