import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { createLogWriter } from './create-log-writer.ts';
import type { RequestLogRecord } from './request-log-record.ts';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setImmediate'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const record = (id: number): RequestLogRecord => ({ id: `req_${id}` }) as unknown as RequestLogRecord;

describe('createLogWriter', () => {
  function setUp(options: { sliceSize?: number; maxQueue?: number } = {}) {
    const batches: string[][] = [];
    const warnings: unknown[] = [];
    const logger = pino({ level: 'silent' });
    vi.spyOn(logger, 'warn').mockImplementation((object: unknown) => void warnings.push(object));
    const writer = createLogWriter({
      insertBatch: (records) => batches.push(records.map((entry) => entry.id)),
      logger,
      intervalMs: 100,
      sliceSize: options.sliceSize ?? 4,
      maxQueue: options.maxQueue,
    });
    return { writer, batches, warnings };
  }

  it('writes full slices as rows arrive, one slice per event-loop turn', () => {
    const { writer, batches } = setUp();
    for (let index = 0; index < 10; index++) writer.push(record(index));
    expect(batches).toEqual([]); // nothing is written on the request's own turn
    vi.advanceTimersToNextTimer(); // first immediate
    expect(batches).toEqual([['req_0', 'req_1', 'req_2', 'req_3']]);
    vi.advanceTimersToNextTimer();
    expect(batches).toHaveLength(2);
    vi.advanceTimersToNextTimer(); // two rows left: they wait for the timer
    expect(batches).toHaveLength(2);
    expect(writer.pending).toBe(2);
    writer.close();
  });

  it('leaves a partial slice for the timer, which writes the rows queued when it fired', () => {
    const { writer, batches } = setUp();
    writer.push(record(1));
    writer.push(record(2));
    vi.advanceTimersByTime(99);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1); // the interval fires and schedules the drain
    writer.push(record(3)); // arrives after the timer: waits for a full slice or the next tick
    vi.advanceTimersToNextTimer();
    expect(batches).toEqual([['req_1', 'req_2']]);
    expect(writer.pending).toBe(1);
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([['req_1', 'req_2'], ['req_3']]);
    writer.close();
  });

  it('flush and close write everything synchronously', () => {
    const { writer, batches } = setUp();
    for (let index = 0; index < 6; index++) writer.push(record(index));
    writer.flush();
    expect(batches.flat()).toHaveLength(6);
    writer.push(record(7));
    writer.close();
    expect(batches.flat()).toHaveLength(7);
    expect(vi.getTimerCount()).toBeLessThanOrEqual(1); // at most the pending immediate of the full slice
  });

  it('drops the oldest rows when the queue is full and says how many', () => {
    const { writer, batches, warnings } = setUp({ sliceSize: 100, maxQueue: 3 });
    for (let index = 0; index < 5; index++) writer.push(record(index));
    writer.flush();
    expect(batches).toEqual([['req_2', 'req_3', 'req_4']]);
    expect(warnings).toEqual([{ dropped: 2 }]);
    writer.close();
  });

  it('keeps writing after a batch fails, and logs the failure', () => {
    const errors: unknown[] = [];
    const logger = pino({ level: 'silent' });
    vi.spyOn(logger, 'error').mockImplementation((object: unknown) => void errors.push(object));
    let calls = 0;
    const written: string[] = [];
    const writer = createLogWriter({
      insertBatch: (records) => {
        if (calls++ === 0) throw new Error('disk full');
        written.push(...records.map((entry) => entry.id));
      },
      logger,
      sliceSize: 2,
    });
    for (let index = 0; index < 4; index++) writer.push(record(index));
    vi.advanceTimersToNextTimer();
    vi.advanceTimersToNextTimer();
    expect(written).toEqual(['req_2', 'req_3']);
    expect(errors).toHaveLength(1);
    writer.close();
  });
});

describe('createLogWriter under a high request rate', () => {
  it('writes larger slices while rows arrive fast, and small ones again when the rate drops', () => {
    const sizes: number[] = [];
    const writer = createLogWriter({
      insertBatch: (records) => sizes.push(records.length),
      logger: pino({ level: 'silent' }),
      intervalMs: 100,
      sliceSize: 4,
      busySliceSize: 16,
      busyRowsPerSecond: 200, // 20 rows in one 100 ms interval
    });
    let id = 0;
    // Push, then let ten event-loop turns pass (10 ms: the 100 ms timer does not fire in between).
    const pushAndDrain = (count: number): void => {
      for (let index = 0; index < count; index++) writer.push(record(id++));
      for (let turn = 0; turn < 10; turn++) vi.advanceTimersByTime(1);
    };
    pushAndDrain(32); // t = 10 ms: the first interval is busy, but its slices are still small
    expect(sizes.every((size) => size <= 4)).toBe(true);
    vi.advanceTimersByTime(90); // t = 100 ms: the timer saw 32 rows in 100 ms
    sizes.length = 0;
    pushAndDrain(32);
    expect(sizes).toEqual([16, 16]);
    vi.advanceTimersByTime(90); // t = 200 ms: 32 rows again, still busy
    vi.advanceTimersByTime(100); // t = 300 ms: none in this interval, quiet again
    sizes.length = 0;
    pushAndDrain(8);
    expect(sizes).toEqual([4, 4]);
    writer.close();
  });
});

describe('createLogWriter at a low request rate', () => {
  it('writes a full slice while a request waits on its upstream, not on the next turn', () => {
    const batches: number[] = [];
    const writer = createLogWriter({
      insertBatch: (records) => batches.push(records.length),
      logger: pino({ level: 'silent' }),
      sliceSize: 4,
    });
    for (let index = 0; index < 5; index++) writer.push(record(index));
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([]); // one slice queued: it waits for an upstream wait
    writer.writeWhileWaiting();
    expect(batches).toEqual([4]); // written synchronously, the leftover row stays queued
    writer.writeWhileWaiting();
    expect(batches).toEqual([4]);
    for (let index = 0; index < 8; index++) writer.push(record(index));
    vi.advanceTimersByTime(1); // two slices piled up: the next turns write them anyway
    expect(batches).toEqual([4, 4, 4]);
    writer.close();
    expect(batches).toEqual([4, 4, 4, 1]);
  });
});
