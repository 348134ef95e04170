import { describe, expect, it } from 'vitest';
import { TokenWindow, windowMs } from './request-window.ts';

describe('TokenWindow', () => {
  it('sums the tokens of the last minute', () => {
    const window = new TokenWindow();
    window.add(1_000, 10);
    window.add(1_000, 5);
    window.add(30_000, 7);
    expect(window.used(30_000)).toBe(22);
    expect(window.used(1_000 + windowMs)).toBe(7);
    expect(window.used(30_000 + windowMs)).toBe(0);
  });

  it('holds at most one minute of entries even when nothing ever reads it (a key without tpm)', () => {
    const window = new TokenWindow();
    // Ten minutes at 1,000 requests a second, five per millisecond: never read in between.
    for (let ms = 0; ms < 10 * windowMs; ms += 1)
      for (let request = 0; request < 5; request++) window.add(ms, 3);
    expect(window.retained).toBeLessThanOrEqual(windowMs);
    expect(window.used(10 * windowMs - 1)).toBe(windowMs * 5 * 3);
  });
});
