import { describe, expect, it } from 'vitest';
import {
  availability,
  computeHealthState,
  hourMs,
  nearestRankPercentile,
  overallState,
  type RunSample,
} from './health-status.ts';

const now = Date.parse('2026-03-01T12:00:00Z');

function runs(successes: number, failures: number, at = now - 60_000): RunSample[] {
  const list: RunSample[] = [];
  for (let index = 0; index < successes; index++)
    list.push({ startedAt: at - index, success: true, latencyMs: 100, ttftMs: 50 });
  for (let index = 0; index < failures; index++)
    list.push({ startedAt: at - index, success: false, latencyMs: null, ttftMs: null });
  return list;
}

describe('computeHealthState', () => {
  it('follows the documented thresholds over the last hour', () => {
    expect(computeHealthState([], now)).toBe('unknown');
    expect(computeHealthState(runs(10, 0), now)).toBe('healthy');
    expect(computeHealthState(runs(9, 1), now)).toBe('degraded'); // 10%
    expect(computeHealthState(runs(81, 19), now)).toBe('degraded'); // 19%
    expect(computeHealthState(runs(8, 2), now)).toBe('down'); // exactly 20%
    expect(computeHealthState(runs(0, 3), now)).toBe('down');
  });

  it('ignores runs older than an hour', () => {
    const old = runs(0, 5, now - hourMs - 1);
    expect(computeHealthState(old, now)).toBe('unknown');
    expect(computeHealthState([...old, ...runs(2, 0)], now)).toBe('healthy');
    // A run exactly one hour old has left the window.
    expect(computeHealthState(runs(0, 1, now - hourMs), now)).toBe('unknown');
  });
});

describe('nearestRankPercentile', () => {
  it('picks the value at rank ceil(p/100 * n) of the sorted values', () => {
    const values = [15, 20, 35, 40, 50];
    expect(nearestRankPercentile(values, 50)).toBe(35); // rank 3
    expect(nearestRankPercentile(values, 30)).toBe(20); // rank 2
    expect(nearestRankPercentile(values, 40)).toBe(20); // rank 2 exactly
    expect(nearestRankPercentile(values, 95)).toBe(50);
    expect(nearestRankPercentile(values, 100)).toBe(50);
    expect(nearestRankPercentile([3, 1, 2], 0)).toBe(1);
    expect(nearestRankPercentile([], 50)).toBeNull();
  });

  it('matches the textbook example and does not reorder its input', () => {
    const values = [40, 3, 20, 15, 50, 8, 7, 13, 6];
    const p95 = nearestRankPercentile(values, 95);
    expect(p95).toBe(50);
    expect(nearestRankPercentile(values, 50)).toBe(13); // rank 5 of 3,6,7,8,13,...
    expect(values[0]).toBe(40);
  });
});

describe('availability and overall state', () => {
  it('is successes over runs, null without runs', () => {
    expect(availability([])).toBeNull();
    expect(availability(runs(3, 1))).toBe(0.75);
    expect(availability(runs(0, 2))).toBe(0);
  });

  it('summarizes several targets', () => {
    expect(overallState([])).toBe('unknown');
    expect(overallState(['unknown', 'unknown'])).toBe('unknown');
    expect(overallState(['healthy', 'unknown'])).toBe('healthy');
    expect(overallState(['down', 'down', 'unknown'])).toBe('down');
    expect(overallState(['healthy', 'down'])).toBe('degraded');
    expect(overallState(['healthy', 'degraded'])).toBe('degraded');
  });
});
