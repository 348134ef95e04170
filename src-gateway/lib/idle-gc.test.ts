import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdleGc, minorGc, youngGenerationFill } from './idle-gc.ts';

describe('createIdleGc', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setUp(fill: () => number) {
    const collect = vi.fn();
    const idle = createIdleGc({ idleMs: 2, minFill: 0.5, collect, youngFill: fill });
    return { idle, collect };
  }

  it('collects once traffic has paused for idleMs and the young generation is half full', () => {
    const { idle, collect } = setUp(() => 0.6);
    idle.activity();
    vi.advanceTimersByTime(1);
    idle.activity(); // traffic goes on: the idle moment moves
    vi.advanceTimersByTime(1.5);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0.5);
    expect(collect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100); // one collection per pause
    expect(collect).toHaveBeenCalledTimes(1);
    idle.activity();
    vi.advanceTimersByTime(2);
    expect(collect).toHaveBeenCalledTimes(2);
    idle.stop();
  });

  it('leaves a young generation with room to spare alone', () => {
    const { idle, collect } = setUp(() => 0.3);
    idle.activity();
    vi.advanceTimersByTime(10);
    expect(collect).not.toHaveBeenCalled();
    idle.stop();
  });

  it('does nothing when disabled', () => {
    const collect = vi.fn();
    const idle = createIdleGc({ enabled: false, idleMs: 2, collect, youngFill: () => 0.9 });
    idle.activity();
    vi.advanceTimersByTime(10);
    expect(collect).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does nothing after stop', () => {
    const { idle, collect } = setUp(() => 0.9);
    idle.activity();
    idle.stop();
    idle.activity();
    vi.advanceTimersByTime(10);
    expect(collect).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('minorGc', () => {
  it('empties the young generation of garbage without giving the global scope a gc function', () => {
    const collect = minorGc();
    expect(collect).toBeTypeOf('function');
    // Make garbage until a good share of the young generation holds it (V8 may scavenge on the way).
    let garbage: unknown[] = [];
    for (let round = 0; round < 1000 && youngGenerationFill() < 0.3; round++) {
      garbage = [];
      for (let index = 0; index < 1000; index++) garbage.push({ index, text: `entry ${index}` });
    }
    garbage = [];
    expect(youngGenerationFill()).toBeGreaterThanOrEqual(0.3);
    collect!();
    expect(youngGenerationFill()).toBeLessThan(0.1);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
