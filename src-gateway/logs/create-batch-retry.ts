import type { Logger } from '../lib/logger.ts';
import type { RequestLogRecord } from '../storage/request-log-record.ts';

export interface BatchRetry {
  /** Write a batch now; if the write fails, keep its rows for the retries. */
  write(batch: RequestLogRecord[]): void;
  /** An interval tick: start a retry pass, or give up on rows that failed too long ago. */
  tick(): void;
  /** Retry every kept row now, synchronously (flush, shutdown). */
  retryNow(): void;
  /** Give up on every kept row (close). */
  dropAll(): void;
  /** Rows waiting for a retry. */
  readonly rows: number;
}

/**
 * Writes request-log batches and keeps the rows of a failed write for later
 * (a full disk, a locked or read-only database): they are retried on the
 * writer's interval ticks, in slices of `sliceSize`, one per event-loop turn,
 * and given up after `retryTicks` ticks. Their usage was accounted before the
 * first attempt (the writer's `account`), so what a retry can lose is the log
 * row, never the spend.
 *
 * Reported without flooding the log during an outage: the first failure of a
 * streak is logged at error level, every failed write and every dropped row is
 * counted (`onWriteFailed`, `onDropped`: the metrics), and the end of the
 * streak (recovered or given up) is logged with the number of failed writes.
 */
export function createBatchRetry(options: {
  insertBatch: (records: RequestLogRecord[]) => void;
  logger: Logger;
  sliceSize: number;
  retryTicks: number;
  /** At most this many rows are kept; beyond it the oldest are given up. */
  maxRows: number;
  onWriteFailed?: (rows: number) => void;
  onDropped?: (rows: number) => void;
}): BatchRetry {
  const { logger } = options;
  /** Rows of failed writes, oldest first. */
  let failed: RequestLogRecord[] = [];
  let ticks = 0;
  let failedSinceTick = 0;
  /** Failed writes since the last time every row was written (or given up). */
  let failures = 0;
  let retrying = false;

  /** Try one write; a failure is counted and reported, and the rows stay with the caller. */
  function tryWrite(batch: RequestLogRecord[]): boolean {
    try {
      options.insertBatch(batch);
      return true;
    } catch (error) {
      options.onWriteFailed?.(batch.length);
      if (failures++ === 0)
        logger.error(
          { err: error, count: batch.length },
          'request log batch could not be written; retrying (its usage is already counted)',
        );
      return false;
    }
  }

  function drop(count: number): void {
    failed = count >= failed.length ? [] : failed.slice(count);
    options.onDropped?.(count);
    logger.error(
      { dropped: count, failedWrites: failures },
      'request log rows given up after failed writes (their usage is counted)',
    );
    if (failed.length === 0) failures = 0;
  }

  function keep(batch: RequestLogRecord[]): void {
    if (failed.length === 0) failedSinceTick = ticks;
    failed = failed.length === 0 ? batch : failed.concat(batch);
    if (failed.length > options.maxRows) drop(failed.length - options.maxRows);
  }

  /** Write the oldest kept slice; true when every kept row is written. */
  function retrySlice(): boolean {
    const slice = failed.length <= options.sliceSize ? failed : failed.slice(0, options.sliceSize);
    if (!tryWrite(slice)) return false;
    failed = slice === failed ? [] : failed.slice(slice.length);
    if (failed.length > 0) return false;
    logger.warn({ failedWrites: failures }, 'request log writes recovered; the kept rows are written');
    failures = 0;
    return true;
  }

  function retryPass(): void {
    const before = failed.length;
    if (failed.length === 0 || retrySlice() || failed.length === before) {
      retrying = false;
      return;
    }
    setImmediate(retryPass);
  }

  return {
    write(batch) {
      if (!tryWrite(batch)) keep(batch);
    },
    tick() {
      ticks++;
      if (failed.length === 0 || retrying) return;
      if (ticks - failedSinceTick > options.retryTicks) {
        drop(failed.length);
        return;
      }
      retrying = true;
      setImmediate(retryPass);
    },
    retryNow() {
      for (let before = -1; failed.length > 0 && failed.length !== before;) {
        before = failed.length;
        retrySlice();
      }
    },
    dropAll() {
      if (failed.length > 0) drop(failed.length);
    },
    get rows() {
      return failed.length;
    },
  };
}
