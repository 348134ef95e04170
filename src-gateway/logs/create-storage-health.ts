import type { StorageStatus } from '../../src-shared/schemas/storage-status.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { describeStorageProblem, storageProblemOf } from '../lib/storage-problem.ts';

export interface StorageHealth {
  /** `write` with its outcome noted: a throw marks storage failing (and is rethrown), a return marks it ok. */
  watch<Args extends unknown[]>(write: (...args: Args) => void): (...args: Args) => void;
  /** Rows given up (the log writer's `onDropped`). */
  dropped(rows: number): void;
  /** The status now, with the writer's rows not yet written. */
  status(pendingRows: number): StorageStatus;
}

/**
 * Follows whether request-log writes reach the database, for `system.status` and the
 * `storageChanged` event. A full disk or a read-only database never stops requests (the hot path
 * never waits on SQLite); this makes the problem visible: one log line when writes start failing
 * (naming the problem), one when they succeed again, and the state in between.
 */
export function createStorageHealth(options: {
  clock: Clock;
  logger: Logger;
  /** The state flipped (ok → failing or back). */
  onChange?: (status: StorageStatus) => void;
  /** For the status an event carries: the writer's rows not yet written. */
  pendingRows?: () => number;
}): StorageHealth {
  const { clock, logger } = options;
  let failing: { since: number; problem: StorageStatus['problem']; failedWrites: number } | undefined;
  let lastWriteAt: number | undefined;
  let droppedRows = 0;
  const iso = (time: number | undefined) => (time === undefined ? null : new Date(time).toISOString());

  function status(pendingRows: number): StorageStatus {
    const problem = failing?.problem ?? null;
    return {
      state: failing ? 'failing' : 'ok',
      problem,
      message:
        problem === null
          ? null
          : `Request logs cannot be written: ${problem === 'other' ? 'the database refused the write' : describeStorageProblem(problem)}. Requests are still served.`,
      since: iso(failing?.since),
      failedWrites: failing?.failedWrites ?? 0,
      lastWriteAt: iso(lastWriteAt),
      pendingRows,
      droppedRows,
    };
  }

  const changed = () => options.onChange?.(status(options.pendingRows?.() ?? 0));

  function failed(error: unknown): void {
    const problem = storageProblemOf(error) ?? 'other';
    if (failing) {
      failing.failedWrites++;
      failing.problem = problem;
      return;
    }
    failing = { since: clock.now(), problem, failedWrites: 1 };
    logger.error(
      { problem, err: error },
      `storage problem: request logs cannot be written (${problem}); requests are still served, rows wait in memory`,
    );
    changed();
  }

  function succeeded(): void {
    lastWriteAt = clock.now();
    if (!failing) return;
    logger.warn(
      { failedWrites: failing.failedWrites, droppedRows, since: iso(failing.since) },
      'storage recovered: request logs are written again',
    );
    failing = undefined;
    changed();
  }

  return {
    watch(write) {
      return (...args) => {
        try {
          write(...args);
        } catch (error) {
          failed(error);
          throw error;
        }
        succeeded();
      };
    },
    dropped(rows) {
      droppedRows += rows;
    },
    status,
  };
}
