import type { Logger } from '../lib/logger.ts';
import type { RequestLogRecord } from './request-log-record.ts';

export interface LogWriter {
  /** Queue a record; never blocks, never touches the database. */
  push(record: RequestLogRecord): void;
  /**
   * A request was just sent upstream and the event loop is about to wait on
   * the network: while the request rate is low, this is when a full slice is
   * written, so the write overlaps the upstream's latency instead of delaying
   * the next client request.
   */
  writeWhileWaiting(): void;
  /** Write everything queued now, synchronously (tests, shutdown). */
  flush(): void;
  /** Stop the timer and flush what is left. */
  close(): void;
  readonly pending: number;
}

/**
 * Batches request-log records in memory and writes them off the request path.
 *
 * SQLite writes are synchronous, so a large batch would stall the event loop
 * and show up in every in-flight request's latency. The background drain
 * therefore writes slices of `sliceSize` rows (one transaction each) and yields
 * to the event loop between them: no single pause is longer than one slice.
 * A transaction's fixed cost is several times a row's (about 60 µs for a
 * one-row transaction against 14 µs a row in a 16-row one, with this table's
 * indexes), so only full slices are written as rows arrive; what is left over
 * waits for the timer, which writes the rows queued when it fired, whatever
 * their number. Under a high request rate (at least `busyRowsPerSecond` in
 * the last interval) slices grow to `busySliceSize`: fewer, larger
 * transactions cost less per row, and a pause of a millisecond or so is lost
 * in the queueing such a load brings anyway. At lower rates full slices are
 * written while the gateway waits on an upstream (`writeWhileWaiting`), or on
 * the next turn once two slices are queued. A listener sees each written slice (usage rollups, metrics).
 * The queue is bounded: under a flood the oldest records are dropped and
 * counted rather than growing memory.
 */
export function createLogWriter(options: {
  insertBatch: (records: RequestLogRecord[]) => void;
  logger: Logger;
  intervalMs?: number;
  /** Records written per transaction (and per event-loop turn) by the background drain. */
  sliceSize?: number;
  /** Slice size while rows arrive at `busyRowsPerSecond` or more. */
  busySliceSize?: number;
  busyRowsPerSecond?: number;
  maxQueue?: number;
  onWritten?: (records: RequestLogRecord[]) => void;
}): LogWriter {
  const intervalMs = options.intervalMs ?? 100;
  // Quiet slices are small enough (about 0.15 ms here) to hide in even a fast upstream's latency.
  const sliceSize = options.sliceSize ?? 8;
  const busySliceSize = options.busySliceSize ?? 64;
  const busyRowsPerSecond = options.busyRowsPerSecond ?? 2000;
  /** Whether the previous interval's arrival rate was high, and the slice size that follows from it. */
  let busy = false;
  let slice = sliceSize;
  let arrivals = 0;
  const maxQueue = options.maxQueue ?? 100_000;
  let queue: RequestLogRecord[] = [];
  let dropped = 0;
  let draining = false;
  /** Rows the timer asked to be written even if they do not fill a slice. */
  let due = 0;

  const timer = setInterval(() => {
    busy = (arrivals * 1000) / intervalMs >= busyRowsPerSecond;
    slice = busy ? busySliceSize : sliceSize;
    arrivals = 0;
    due = queue.length;
    scheduleDrain();
  }, intervalMs);
  timer.unref();

  function write(batch: RequestLogRecord[]): void {
    try {
      options.insertBatch(batch);
      options.onWritten?.(batch);
    } catch (error) {
      options.logger.error({ err: error, count: batch.length }, 'request log batch could not be written');
    }
  }

  function reportDropped(): void {
    if (dropped === 0) return;
    options.logger.warn({ dropped }, 'request log queue overflowed; records dropped');
    dropped = 0;
  }

  /** Remove and return the first `count` queued records. */
  function takeFront(count: number): RequestLogRecord[] {
    const batch = count === queue.length ? queue : queue.slice(0, count);
    queue = count === queue.length ? [] : queue.slice(count);
    return batch;
  }

  function drainSlice(): void {
    const take = queue.length >= slice ? slice : Math.min(queue.length, due);
    if (take === 0) {
      draining = false;
      due = 0;
      reportDropped();
      return;
    }
    due = Math.max(0, due - take);
    write(takeFront(take));
    setImmediate(drainSlice);
  }

  function scheduleDrain(): void {
    if (draining || (queue.length < slice && due === 0)) return;
    draining = true;
    setImmediate(drainSlice);
  }

  function flush(): void {
    due = 0;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      write(batch);
    }
    reportDropped();
  }

  return {
    push(record) {
      if (queue.length >= maxQueue) {
        queue.shift();
        dropped++;
      }
      queue.push(record);
      arrivals++;
      // Quiet: a slice waits for an upstream wait to hide in, unless a second one piles up.
      if (queue.length >= (busy ? slice : slice * 2)) scheduleDrain();
    },
    writeWhileWaiting() {
      if (draining || busy || queue.length < slice) return;
      write(takeFront(slice));
    },
    flush,
    close() {
      clearInterval(timer);
      flush();
    },
    get pending() {
      return queue.length;
    },
  };
}
