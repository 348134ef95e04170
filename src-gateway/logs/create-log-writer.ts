import type { Logger } from '../lib/logger.ts';
import { createBatchRetry } from './create-batch-retry.ts';
import type { RequestLogRecord } from '../storage/request-log-record.ts';

export interface LogWriter {
  /** Queue a record; never blocks, never touches the database. */
  push(record: RequestLogRecord): void;
  /**
   * A request was just sent upstream and the event loop is about to wait on
   * the network. Traffic is not idle; and when rows have piled up without an
   * idle moment to write them, a slice is written now, so the write overlaps
   * the upstream's latency instead of delaying the next client request.
   */
  writeWhileWaiting(): void;
  /** Write everything queued now, synchronously (tests, shutdown). */
  flush(): void;
  /** Stop the timers and flush what is left; rows that still cannot be written are given up. */
  close(): void;
  /** Rows not in the database yet: queued, or kept for a retry after a failed write. */
  readonly pending: number;
}

/**
 * Batches request-log records in memory and writes them off the request path.
 *
 * SQLite writes are synchronous: a slice of rows (one transaction) holds the
 * event loop for a while (about 0.2 ms for 8 rows here, more than a fast
 * upstream takes to answer), and every few hundred rows a commit also
 * checkpoints the WAL (a few milliseconds). So the writer picks its moments:
 *
 * - At a low request rate, rows wait for traffic to pause: `idleMs` without a
 *   request finishing or starting its upstream call. Then everything queued
 *   is written, in slices of `busySliceSize`, one per event-loop turn, once
 *   there is a slice's worth (`sliceSize`) or the rows have been queued since
 *   before the last interval tick (a lone request's row waits at most about an
 *   interval). A desktop gateway's traffic comes in bursts (an agent's turn, a
 *   script), so the writes land between bursts rather than inside them.
 * - Sequential traffic that never pauses: once `maxDeferredRows` are queued
 *   (or the oldest has waited `maxDeferMs`), slices of `sliceSize` rows are
 *   written while requests wait on their upstream (`writeWhileWaiting`): right
 *   after the request has gone out, which undici may put off to the event
 *   loop's check phase, so the write is put off to it too.
 * - At a high rate (at least `busyRowsPerSecond` in the last interval), no
 *   moment is free anyway: slices of `busySliceSize` are written as they fill,
 *   one per event-loop turn (a transaction's fixed cost is several times a
 *   row's, so larger slices cost less per row), and the interval timer writes
 *   what is left over.
 *
 * Usage never depends on the row being written: `account` sees every record
 * exactly once, just before its first write attempt (or when the bounded
 * queue drops it under a flood), and `insertBatch` commits the rows together
 * with the usage accounted so far. A failed write is reported and retried
 * (`create-batch-retry.ts`); what a crash can lose is what is still queued
 * here, rows and usage alike (docs/performance.md gives the bound).
 */
export function createLogWriter(options: {
  /** Write one batch atomically; throws on failure (the rows are then retried). */
  insertBatch: (records: RequestLogRecord[]) => void;
  /**
   * Sees every pushed record exactly once, before its first write attempt or
   * when the queue drops it (usage rollups: they must not depend on the row).
   */
  account?: (records: RequestLogRecord[]) => void;
  /** Counts each failed write attempt (metrics). */
  onWriteFailed?: (rows: number) => void;
  /** Counts rows given up: the queue overflowed, or their writes kept failing (metrics). */
  onDropped?: (rows: number) => void;
  logger: Logger;
  intervalMs?: number;
  /** Rows per slice written while requests wait on their upstream (sequential traffic without pauses). */
  sliceSize?: number;
  /** Rows per slice when traffic pauses and under a high rate. */
  busySliceSize?: number;
  busyRowsPerSecond?: number;
  /** A pause in traffic this long is an idle moment to write in. */
  idleMs?: number;
  /** Rows queued without an idle moment before slices go out during upstream waits. */
  maxDeferredRows?: number;
  /** How long a row may wait for an idle moment. */
  maxDeferMs?: number;
  maxQueue?: number;
  /** How long the rows of a failed write are retried before they are given up. */
  retryForMs?: number;
}): LogWriter {
  const intervalMs = options.intervalMs ?? 100;
  const sliceSize = options.sliceSize ?? 8;
  const busySliceSize = options.busySliceSize ?? 64;
  const busyRowsPerSecond = options.busyRowsPerSecond ?? 2000;
  const idleMs = options.idleMs ?? 2;
  const maxDeferredRows = options.maxDeferredRows ?? 64;
  const maxDeferTicks = Math.max(1, Math.ceil((options.maxDeferMs ?? 1000) / intervalMs));
  const maxQueue = options.maxQueue ?? 100_000;
  const retry = createBatchRetry({
    insertBatch: options.insertBatch,
    logger: options.logger,
    sliceSize: busySliceSize,
    retryTicks: Math.max(1, Math.ceil((options.retryForMs ?? 10_000) / intervalMs)),
    maxRows: maxQueue,
    onWriteFailed: options.onWriteFailed,
    onDropped: options.onDropped,
  });
  /** Whether the previous interval's arrival rate was high. */
  let busy = false;
  let arrivals = 0;
  /** Interval ticks so far, and the tick at which the oldest queued row arrived. */
  let ticks = 0;
  let queuedAtTick = 0;
  let queue: RequestLogRecord[] = [];
  let dropped = 0;
  let draining = false;
  /** Rows per slice of the drain in progress. */
  let drainSize = busySliceSize;
  /** Rows the drain writes even if they do not fill a slice. */
  let due = 0;
  /** Rows have been queued since before the last tick: the next pause writes them, however few. */
  let stale = false;

  const timer = setInterval(() => {
    ticks++;
    retry.tick();
    busy = (arrivals * 1000) / intervalMs >= busyRowsPerSecond;
    arrivals = 0;
    if (queue.length === 0) return;
    if (busy || ticks - queuedAtTick >= maxDeferTicks) {
      scheduleDrain(busy ? busySliceSize : sliceSize, queue.length);
      return;
    }
    stale = true;
    armIdle();
  }, intervalMs);
  timer.unref();

  /** Fires `idleMs` after the last sign of traffic; re-armed (not re-created) by each one. */
  let idleTimer: NodeJS.Timeout | undefined;
  function armIdle(): void {
    if (idleTimer) idleTimer.refresh();
    else {
      idleTimer = setTimeout(() => {
        if (busy || queue.length === 0 || (queue.length < sliceSize && !stale)) return;
        stale = false;
        scheduleDrain(busySliceSize, queue.length);
      }, idleMs);
      idleTimer.unref();
    }
  }

  function write(batch: RequestLogRecord[]): void {
    options.account?.(batch);
    retry.write(batch);
  }

  function reportDropped(): void {
    if (dropped === 0) return;
    options.onDropped?.(dropped);
    options.logger.warn(
      { dropped },
      'request log queue overflowed; records dropped (their usage is counted)',
    );
    dropped = 0;
  }

  /** Remove and return the first `count` queued records. */
  function takeFront(count: number): RequestLogRecord[] {
    const batch = count === queue.length ? queue : queue.slice(0, count);
    queue = count === queue.length ? [] : queue.slice(count);
    return batch;
  }

  function drainSlice(): void {
    const take = queue.length >= drainSize ? drainSize : Math.min(queue.length, due);
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

  /** Write slices of `size` on the next turns, plus `rows` even if they do not fill one. */
  function scheduleDrain(size: number, rows = 0): void {
    drainSize = size;
    due = Math.max(due, rows);
    if (draining || (queue.length < size && due === 0)) return;
    draining = true;
    setImmediate(drainSlice);
  }

  let writeScheduled = false;
  function writeWaitingSlice(): void {
    writeScheduled = false;
    if (!draining && queue.length > 0) write(takeFront(Math.min(sliceSize, queue.length)));
  }

  function flush(): void {
    due = 0;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      write(batch);
    }
    retry.retryNow();
    reportDropped();
  }

  return {
    push(record) {
      if (queue.length >= maxQueue) {
        // Only under a flood the writes cannot keep up with: the row goes, its usage stays.
        const oldest = queue.shift()!;
        options.account?.([oldest]);
        dropped++;
      }
      queue.push(record);
      if (queue.length === 1) queuedAtTick = ticks;
      arrivals++;
      if (busy) {
        if (queue.length >= busySliceSize) scheduleDrain(busySliceSize);
        return;
      }
      armIdle();
      // No upstream waits to write in (say, every request is refused): the next turns write.
      if (queue.length >= maxDeferredRows * 2) scheduleDrain(sliceSize);
    },
    writeWhileWaiting() {
      if (busy || queue.length === 0) return;
      armIdle();
      if (draining || writeScheduled || queue.length < maxDeferredRows) return;
      writeScheduled = true;
      setImmediate(writeWaitingSlice);
    },
    flush,
    close() {
      clearInterval(timer);
      if (idleTimer) clearTimeout(idleTimer);
      flush();
      retry.dropAll();
    },
    get pending() {
      return queue.length + retry.rows;
    },
  };
}
