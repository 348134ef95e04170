import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { createLogWriter } from './create-log-writer.ts';
import type { RequestLogRecord } from '../storage/request-log-record.ts';

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'setImmediate'],
  });
});
afterEach(() => {
  vi.useRealTimers();
});

const record = (id: number): RequestLogRecord => ({ id: `req_${id}` }) as unknown as RequestLogRecord;

describe('createLogWriter', () => {
  function setUp(options: { maxQueue?: number } = {}) {
    const batches: string[][] = [];
    const warnings: unknown[] = [];
    const logger = pino({ level: 'silent' });
    vi.spyOn(logger, 'warn').mockImplementation((object: unknown) => void warnings.push(object));
    const writer = createLogWriter({
      insertBatch: (records) => batches.push(records.map((entry) => entry.id)),
      logger,
      intervalMs: 100,
      sliceSize: 4,
      busySliceSize: 16,
      maxQueue: options.maxQueue,
    });
    return { writer, batches, warnings };
  }

  it('writes nothing on the request path at a low rate: rows wait for traffic to pause', () => {
    const { writer, batches } = setUp();
    for (let index = 0; index < 10; index++) writer.push(record(index));
    vi.advanceTimersByTime(1);
    writer.writeWhileWaiting(); // a request starts its upstream call: traffic goes on
    vi.advanceTimersByTime(1.5);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(0.5); // 2 ms without a sign of traffic
    vi.advanceTimersToNextTimer(); // the drain's first turn
    expect(batches).toEqual([
      ['req_0', 'req_1', 'req_2', 'req_3', 'req_4', 'req_5', 'req_6', 'req_7', 'req_8', 'req_9'],
    ]);
    expect(writer.pending).toBe(0);
    writer.close();
  });

  it("writes a pause's rows in slices, one per event-loop turn", () => {
    const { writer, batches } = setUp();
    for (let index = 0; index < 40; index++) writer.push(record(index));
    vi.advanceTimersByTime(2);
    vi.advanceTimersToNextTimer();
    expect(batches.map((batch) => batch.length)).toEqual([16]);
    vi.advanceTimersToNextTimer();
    vi.advanceTimersToNextTimer();
    expect(batches.map((batch) => batch.length)).toEqual([16, 16, 8]);
    writer.close();
  });

  it('leaves fewer rows than a slice for the pause after the next tick', () => {
    const { writer, batches } = setUp();
    writer.push(record(1));
    writer.push(record(2));
    vi.advanceTimersByTime(50); // a pause, but two rows are not worth a transaction yet
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(50); // t = 100 ms: the tick marks them as waiting long enough
    writer.push(record(3)); // traffic: the pause comes 2 ms later
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    vi.advanceTimersToNextTimer();
    expect(batches).toEqual([['req_1', 'req_2', 'req_3']]);
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
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drops the oldest rows when the queue is full and says how many', () => {
    const { writer, batches, warnings } = setUp({ maxQueue: 3 });
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
      busySliceSize: 2,
    });
    for (let index = 0; index < 4; index++) writer.push(record(index));
    vi.advanceTimersByTime(2);
    vi.advanceTimersToNextTimer();
    vi.advanceTimersToNextTimer();
    expect(written).toEqual(['req_2', 'req_3']);
    expect(errors).toHaveLength(1);
    writer.close();
  });
});

describe('createLogWriter when writes fail', () => {
  function setUp(options: { failures: number; retryForMs?: number }) {
    const errors: string[] = [];
    const logger = pino({ level: 'silent' });
    vi.spyOn(logger, 'error').mockImplementation((_object: unknown, message?: unknown) => {
      errors.push(String(message));
    });
    vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    let failuresLeft = options.failures;
    const written: string[] = [];
    const accounted: string[] = [];
    const counted = { failedWrites: 0, dropped: 0 };
    const writer = createLogWriter({
      insertBatch: (records) => {
        if (failuresLeft-- > 0) throw new Error('database or disk is full');
        written.push(...records.map((entry) => entry.id));
      },
      account: (records) => accounted.push(...records.map((entry) => entry.id)),
      onWriteFailed: () => counted.failedWrites++,
      onDropped: (rows) => (counted.dropped += rows),
      logger,
      intervalMs: 100,
      sliceSize: 2,
      busySliceSize: 2,
      retryForMs: options.retryForMs,
    });
    return { writer, written, accounted, counted, errors };
  }

  it('accounts the usage of a failed batch once, reports the failure, and retries its rows on the next tick', () => {
    const { writer, written, accounted, counted, errors } = setUp({ failures: 2 });
    for (let index = 0; index < 4; index++) writer.push(record(index));
    vi.advanceTimersByTime(2); // a pause: two slices go out and both fail
    vi.advanceTimersToNextTimer();
    vi.advanceTimersToNextTimer();
    expect(written).toEqual([]);
    expect(accounted).toEqual(['req_0', 'req_1', 'req_2', 'req_3']);
    expect(counted.failedWrites).toBe(2);
    expect(errors).toEqual([
      'request log batch could not be written; retrying (its usage is already counted)',
    ]);
    expect(writer.pending).toBe(4);
    vi.advanceTimersByTime(100); // the tick starts a retry pass: one slice per turn
    vi.advanceTimersToNextTimer();
    vi.advanceTimersToNextTimer();
    expect(written).toEqual(['req_0', 'req_1', 'req_2', 'req_3']);
    expect(accounted).toEqual(['req_0', 'req_1', 'req_2', 'req_3']); // not twice
    expect(writer.pending).toBe(0);
    expect(counted.dropped).toBe(0);
    writer.close();
  });

  it('gives the rows up after retryForMs, counted and logged; their usage stays accounted', () => {
    const { writer, written, accounted, counted, errors } = setUp({ failures: Infinity, retryForMs: 300 });
    writer.push(record(0));
    writer.push(record(1));
    vi.advanceTimersByTime(2);
    vi.advanceTimersToNextTimer();
    vi.advanceTimersByTime(300); // three retries, all failing
    expect(writer.pending).toBe(2);
    expect(counted.failedWrites).toBe(4);
    expect(errors).toHaveLength(1); // one line for the whole outage so far
    vi.advanceTimersByTime(100);
    expect(writer.pending).toBe(0);
    expect(counted.dropped).toBe(2);
    expect(errors[1]).toBe('request log rows given up after failed writes (their usage is counted)');
    expect(written).toEqual([]);
    expect(accounted).toEqual(['req_0', 'req_1']);
    writer.close();
  });

  it('flush retries the kept rows at once; close gives up what still fails', () => {
    const { writer, written, counted } = setUp({ failures: 1 });
    writer.push(record(0));
    writer.flush(); // the write fails, the retry in the same flush succeeds
    expect(written).toEqual(['req_0']);
    expect(counted.failedWrites).toBe(1);
    writer.close();

    const failing = setUp({ failures: Infinity });
    failing.writer.push(record(1));
    failing.writer.close();
    expect(failing.counted.dropped).toBe(1);
    expect(failing.accounted).toEqual(['req_1']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('accounts the usage of rows the full queue drops', () => {
    const accounted: string[] = [];
    const writer = createLogWriter({
      insertBatch: () => undefined,
      account: (records) => accounted.push(...records.map((entry) => entry.id)),
      logger: pino({ level: 'silent' }),
      maxQueue: 2,
    });
    for (let index = 0; index < 4; index++) writer.push(record(index));
    expect(accounted).toEqual(['req_0', 'req_1']);
    writer.close();
    expect(accounted).toEqual(['req_0', 'req_1', 'req_2', 'req_3']);
  });
});

/** A writer (100 ms interval, 4-row slices unless told otherwise) that records the size of each slice it writes. */
function sliceSizesWriter(options: Partial<Parameters<typeof createLogWriter>[0]>) {
  const sizes: number[] = [];
  const writer = createLogWriter({
    insertBatch: (records) => sizes.push(records.length),
    logger: pino({ level: 'silent' }),
    intervalMs: 100,
    sliceSize: 4,
    ...options,
  });
  return { writer, sizes };
}

describe('createLogWriter under sequential traffic that never pauses', () => {
  const setUp = (options: { maxDeferMs?: number } = {}) =>
    sliceSizesWriter({ maxDeferredRows: 8, maxDeferMs: options.maxDeferMs });

  it('writes a slice while a request waits on its upstream once rows have piled up', () => {
    const { writer, sizes } = setUp();
    let id = 0;
    // A request every millisecond: the writer never sees a 2 ms pause.
    const oneRequest = (): void => {
      writer.writeWhileWaiting();
      vi.advanceTimersByTime(0.5);
      writer.push(record(id++));
      vi.advanceTimersByTime(0.5);
    };
    for (let index = 0; index < 8; index++) oneRequest();
    expect(sizes).toEqual([]);
    writer.writeWhileWaiting(); // 8 rows queued: a slice goes out during this upstream wait,
    expect(sizes).toEqual([]); // once the request itself is out (undici may send it in the check phase)
    vi.advanceTimersToNextTimer();
    expect(sizes).toEqual([4]);
    expect(writer.pending).toBe(4);
    for (let index = 0; index < 3; index++) oneRequest();
    expect(sizes).toEqual([4]);
    writer.close();
    expect(sizes).toEqual([4, 7]);
  });

  it('writes rows that waited too long for a pause', () => {
    const { writer, sizes } = setUp({ maxDeferMs: 300 });
    writer.push(record(0));
    // Traffic goes on (a long stream starting upstream calls), but no row piles up past the limit.
    for (let step = 0; step < 290; step++) {
      writer.writeWhileWaiting();
      vi.advanceTimersByTime(1);
    }
    expect(sizes).toEqual([]);
    for (let step = 0; step < 20; step++) {
      writer.writeWhileWaiting();
      vi.advanceTimersByTime(1);
    }
    expect(sizes).toEqual([1]);
    writer.close();
  });
});

describe('createLogWriter under a high request rate', () => {
  it('writes larger slices while rows arrive fast, and waits for pauses again when the rate drops', () => {
    const { writer, sizes } = sliceSizesWriter({
      busySliceSize: 16,
      busyRowsPerSecond: 200, // 20 rows in one 100 ms interval
    });
    let id = 0;
    // Push in a burst, then let ten event-loop turns pass, a millisecond each.
    const pushAndDrain = (count: number): void => {
      for (let index = 0; index < count; index++) writer.push(record(id++));
      for (let turn = 0; turn < 10; turn++) vi.advanceTimersByTime(1);
    };
    pushAndDrain(32); // t = 10 ms: quiet so far, so the burst is written after it, in one pause
    expect(sizes).toEqual([16, 16]);
    vi.advanceTimersByTime(90); // t = 100 ms: the timer saw 32 rows in 100 ms: busy
    sizes.length = 0;
    pushAndDrain(40);
    expect(sizes).toEqual([16, 16]); // full slices as they fill; 8 rows left over
    vi.advanceTimersByTime(90); // t = 200 ms: still busy; the timer writes the leftovers
    vi.advanceTimersToNextTimer();
    expect(sizes).toEqual([16, 16, 8]);
    vi.advanceTimersByTime(100); // t = 300 ms: none in this interval, quiet again
    sizes.length = 0;
    pushAndDrain(8);
    expect(sizes).toEqual([8]);
    writer.close();
  });
});
