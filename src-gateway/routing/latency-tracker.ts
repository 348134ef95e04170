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
  const averages = new Map<string, number>();
  const maxEntries = options.maxEntries ?? 10_000;
  return {
    record(modelId, sampleMs) {
      const next = updateAverage(averages.get(modelId), sampleMs, options.alpha);
      averages.delete(modelId);
      if (averages.size >= maxEntries) averages.delete(averages.keys().next().value!);
      averages.set(modelId, next);
    },
    average: (modelId) => averages.get(modelId),
    forget: (modelId) => void averages.delete(modelId),
  };
}
