import type { Logger } from '../lib/logger.ts';
import type { RequestLogRecord } from './request-log-record.ts';

export interface LogWriter {
  /** Queue a record; never blocks, never touches the database. */
  push(record: RequestLogRecord): void;
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
 * therefore writes small slices (one transaction each) and yields to the event
 * loop between them: no single pause is longer than one slice. A listener sees
 * each written slice (usage rollups, metrics). The queue is bounded: under a
 * flood the oldest records are dropped and counted rather than growing memory.
 */
export function createLogWriter(options: {
  insertBatch: (records: RequestLogRecord[]) => void;
  logger: Logger;
  intervalMs?: number;
  /** Records written per transaction (and per event-loop turn) by the background drain. */
  sliceSize?: number;
  maxQueue?: number;
  onWritten?: (records: RequestLogRecord[]) => void;
}): LogWriter {
  const intervalMs = options.intervalMs ?? 100;
  const sliceSize = options.sliceSize ?? 16;
  const maxQueue = options.maxQueue ?? 100_000;
  let queue: RequestLogRecord[] = [];
  let dropped = 0;
  let draining = false;

  const timer = setInterval(() => scheduleDrain(), intervalMs);
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

  function drainSlice(): void {
    if (queue.length === 0) {
      draining = false;
      reportDropped();
      return;
    }
    const batch = queue.length <= sliceSize ? queue : queue.slice(0, sliceSize);
    queue = queue.length <= sliceSize ? [] : queue.slice(sliceSize);
    write(batch);
    setImmediate(drainSlice);
  }

  function scheduleDrain(): void {
    if (draining || queue.length === 0) return;
    draining = true;
    setImmediate(drainSlice);
  }

  function flush(): void {
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
      if (queue.length >= sliceSize) scheduleDrain();
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
