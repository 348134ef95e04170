/** Weight of the newest sample in the moving average. */
const defaultAlpha = 0.3;

/** An exponentially weighted moving average: the first sample seeds it. */
export function updateAverage(previous: number | undefined, sample: number, alpha = defaultAlpha): number {
  return previous === undefined ? sample : previous + alpha * (sample - previous);
}

export interface LatencyTracker {
  /** Fold in one successful attempt's time to first byte (or latency). */
  record(modelId: string, sampleMs: number): void;
  /** The moving average, or undefined when the target has not served recently. */
  average(modelId: string): number | undefined;
  /** Drop what is known about a target (it recovered; measure it afresh). */
  forget(modelId: string): void;
}

/** Per-target EWMA of time to first byte, bounded in size. */
export function createLatencyTracker(options: { alpha?: number; maxEntries?: number } = {}): LatencyTracker {
  // Entries are updated in place (a delete and re-insert per request churned the Map's table);
  // `touched` orders them for the rare eviction, when more targets than `maxEntries` were seen.
  const entries = new Map<string, { average: number; touched: number }>();
  const maxEntries = options.maxEntries ?? 10_000;
  let clock = 0;
  return {
    record(modelId, sampleMs) {
      const entry = entries.get(modelId);
      if (entry) {
        entry.average = updateAverage(entry.average, sampleMs, options.alpha);
        entry.touched = ++clock;
        return;
      }
      if (entries.size >= maxEntries) {
        let oldest: string | undefined;
        let oldestTouched = Infinity;
        for (const [id, candidate] of entries) {
          if (candidate.touched < oldestTouched) {
            oldest = id;
            oldestTouched = candidate.touched;
          }
        }
        if (oldest !== undefined) entries.delete(oldest);
      }
      entries.set(modelId, { average: updateAverage(undefined, sampleMs, options.alpha), touched: ++clock });
    },
    average: (modelId) => entries.get(modelId)?.average,
    forget: (modelId) => void entries.delete(modelId),
  };
}
