import { describe, expect, it } from 'vitest';
import { createLatencyTracker, updateAverage } from './latency-tracker.ts';

describe('updateAverage', () => {
  it('seeds with the first sample and then moves part of the way toward each new one', () => {
    expect(updateAverage(undefined, 200)).toBe(200);
    expect(updateAverage(200, 100, 0.5)).toBe(150);
    expect(updateAverage(100, 1100, 0.3)).toBeCloseTo(400);
  });
});

describe('createLatencyTracker', () => {
  it('keeps an average per target and forgets on request', () => {
    const tracker = createLatencyTracker({ alpha: 0.5 });
    tracker.record('a', 100);
    tracker.record('a', 300);
    tracker.record('b', 50);
    expect(tracker.average('a')).toBe(200);
    expect(tracker.average('b')).toBe(50);
    tracker.forget('a');
    expect(tracker.average('a')).toBeUndefined();
  });

  it('evicts the least recently updated target when full', () => {
    const tracker = createLatencyTracker({ maxEntries: 2 });
    tracker.record('a', 1);
    tracker.record('b', 2);
    tracker.record('a', 1);
    tracker.record('c', 3);
    expect(tracker.average('b')).toBeUndefined();
    expect(tracker.average('a')).toBe(1);
    expect(tracker.average('c')).toBe(3);
  });
});
