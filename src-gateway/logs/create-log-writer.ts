import type { Logger } from '../lib/logger.ts';
import type { RequestLogRecord } from './request-log-record.ts';

export interface LogWriter {
  /** Queue a record; never blocks, never touches the database. */
  push(record: RequestLogRecord): void;
  /** Write everything queued now (one transaction). */
  flush(): void;
  /** Stop the timer and flush what is left. */
  close(): void;
  readonly pending: number;
}

/**
 * Batches request-log records in memory and writes them off the request path,
 * one transaction per batch. A listener can observe each written batch (usage
 * rollups, metrics). The queue is bounded: under a flood the oldest records are
 * dropped and counted rather than growing memory without limit.
 */
export function createLogWriter(options: {
  insertBatch: (records: RequestLogRecord[]) => void;
  logger: Logger;
  intervalMs?: number;
  batchSize?: number;
  maxQueue?: number;
  onWritten?: (records: RequestLogRecord[]) => void;
}): LogWriter {
  const intervalMs = options.intervalMs ?? 200;
  const batchSize = options.batchSize ?? 1000;
  const maxQueue = options.maxQueue ?? 100_000;
  let queue: RequestLogRecord[] = [];
  let dropped = 0;
  let scheduled = false;

  const timer = setInterval(() => flush(), intervalMs);
  timer.unref();

  function flush(): void {
    scheduled = false;
    while (queue.length > 0) {
      const batch = queue.length <= batchSize ? queue : queue.slice(0, batchSize);
      queue = queue.length <= batchSize ? [] : queue.slice(batchSize);
      try {
        options.insertBatch(batch);
        options.onWritten?.(batch);
      } catch (error) {
        options.logger.error({ err: error, count: batch.length }, 'request log batch could not be written');
      }
    }
    if (dropped > 0) {
      options.logger.warn({ dropped }, 'request log queue overflowed; records dropped');
      dropped = 0;
    }
  }

  return {
    push(record) {
      if (queue.length >= maxQueue) {
        queue.shift();
        dropped++;
      }
      queue.push(record);
      if (queue.length >= batchSize && !scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
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
