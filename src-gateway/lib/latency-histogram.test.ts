import { describe, expect, it } from 'vitest';
import {
  addLatency,
  bucketIndex,
  emptyHistogram,
  histogramQuantile,
  latencyBoundsMs,
  mergeHistogram,
} from './latency-histogram.ts';

describe('latency histogram', () => {
  it('puts values on a bound into that bound’s bucket and the rest into the open one', () => {
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(5)).toBe(0);
    expect(bucketIndex(5.1)).toBe(1);
    expect(bucketIndex(1_000_000)).toBe(latencyBoundsMs.length);
  });

  it('estimates quantiles by interpolating inside the bucket, across merged histograms', () => {
    const first = emptyHistogram();
    const second = emptyHistogram();
    // 100 requests between 100 and 150 ms, 100 between 1000 and 1500 ms.
    for (let index = 0; index < 100; index++) addLatency(first, 120);
    for (let index = 0; index < 100; index++) addLatency(second, 1200);
    mergeHistogram(first, second);
    expect(histogramQuantile(first, 0.25)).toBe(125); // halfway through (100, 150]
    expect(histogramQuantile(first, 0.99)).toBe(1490); // 98% of the way through (1000, 1500]
    expect(histogramQuantile(emptyHistogram(), 0.5)).toBeNull();
  });
});
