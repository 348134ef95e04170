import { Worker } from 'node:worker_threads';
import type { Logger } from '../lib/logger.ts';
import type { RequestLogRecord } from './request-log-record.ts';

export interface WorkerLogSink {
  /** Hand a batch to the insert thread; returns at once. */
  write(records: RequestLogRecord[]): void;
  /** Block until every batch handed over so far is committed (tests, shutdown), at most `timeoutMs`. */
  settle(timeoutMs?: number): void;
  close(): Promise<void>;
}

/**
 * Request-log inserts on a worker thread with its own connection to the same
 * database file (WAL lets the main connection keep reading meanwhile). The
 * main thread only turns records into value arrays and posts them; progress is
 * a shared counter, so `settle` can wait synchronously without a round trip.
 */
export function createWorkerLogSink(options: {
  dbPath: string;
  insertSql: string;
  toValues: (record: RequestLogRecord) => unknown[];
  logger: Logger;
}): WorkerLogSink {
  const progress = new SharedArrayBuffer(4);
  const written = new Int32Array(progress);
  let posted = 0;
  const worker = new Worker(new URL('./log-insert-worker.mjs', import.meta.url), {
    workerData: { dbPath: options.dbPath, insertSql: options.insertSql, progress },
  });
  worker.unref();
  worker.on('message', (message: { type: string; message?: string; count?: number }) => {
    if (message.type === 'error') {
      options.logger.error(
        { error: message.message, count: message.count },
        'request log batch could not be written',
      );
    }
  });
  worker.on('error', (error) => options.logger.error({ err: error }, 'request log worker failed'));

  return {
    write(records) {
      const rows = new Array<unknown[]>(records.length);
      for (let index = 0; index < records.length; index++) rows[index] = options.toValues(records[index]!);
      posted++;
      worker.postMessage({ type: 'insert', rows });
    },
    settle(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const done = Atomics.load(written, 0);
        if (done >= posted) return;
        const left = deadline - Date.now();
        if (left <= 0) {
          options.logger.warn({ pending: posted - done }, 'request log worker is behind; not waiting longer');
          return;
        }
        Atomics.wait(written, 0, done, left);
      }
    },
    async close() {
      this.settle();
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'close' });
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
      await worker.terminate();
    },
  };
}
