/**
 * Upper bounds (ms) of the latency buckets shared by usage rollups and the
 * Prometheus histograms; the last bucket is open-ended. Fixed bounds make
 * histograms from different rows and processes add up exactly.
 */
export const latencyBoundsMs: readonly number[] = [
  5, 10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10_000, 15_000, 20_000,
  30_000, 60_000, 120_000, 300_000,
];

/** Counts per bucket: `latencyBoundsMs.length + 1` entries. */
export type LatencyHistogram = number[];

export function emptyHistogram(): LatencyHistogram {
  return new Array<number>(latencyBoundsMs.length + 1).fill(0);
}

/** The bucket a latency falls in (binary search; values on a bound go in that bound's bucket). */
export function bucketIndex(latencyMs: number): number {
  let low = 0;
  let high = latencyBoundsMs.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (latencyMs <= latencyBoundsMs[middle]!) high = middle;
    else low = middle + 1;
  }
  return low;
}

export function addLatency(histogram: LatencyHistogram, latencyMs: number): void {
  histogram[bucketIndex(latencyMs)]!++;
}

/** Add `source` into `target` (histograms of another length are padded or cut). */
export function mergeHistogram(target: LatencyHistogram, source: readonly number[]): void {
  for (let index = 0; index < target.length && index < source.length; index++)
    target[index]! += source[index] ?? 0;
}

/**
 * The `quantile` (0..1) latency, interpolated linearly inside its bucket
 * (the open last bucket answers its lower bound). Null for an empty histogram.
 */
export function histogramQuantile(histogram: readonly number[], quantile: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = quantile * total;
  let seen = 0;
  for (let index = 0; index < histogram.length; index++) {
    const count = histogram[index]!;
    if (count > 0 && seen + count >= rank) {
      const lower = index === 0 ? 0 : latencyBoundsMs[index - 1]!;
      const upper = latencyBoundsMs[index];
      if (upper === undefined) return lower;
      return lower + ((upper - lower) * Math.max(0, rank - seen)) / count;
    }
    seen += count;
  }
  return latencyBoundsMs[latencyBoundsMs.length - 1]!;
}
