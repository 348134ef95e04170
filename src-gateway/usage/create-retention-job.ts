import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { UsageRepository } from '../storage/repositories/usage-repository.ts';

export interface RetentionSettings {
  /** Request logs older than this many days are deleted. */
  retentionDays: number;
  /** At most this many request logs are kept (the oldest go first). */
  maxRows: number;
}

export interface PruneReport {
  byAge: number;
  byCount: number;
  rollups: number;
}

export interface RetentionJob {
  /** One full pass now; deletes in chunks and yields to the event loop between them. */
  run(): Promise<PruneReport>;
  start(): void;
  stop(): void;
}

/** Minute rollups are for the last hours; hourly ones for weeks; daily ones are kept. */
export const minuteRollupRetentionMs = 2 * 86_400_000;
export const hourRollupRetentionMs = 92 * 86_400_000;

/** Rows per delete statement: short transactions keep the event loop and writers responsive. */
const chunkSize = 5000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Keeps the database small: deletes request logs past `retentionDays` or
 * beyond `maxRows`, and old minute and hour rollups. Freed pages are reused by
 * later inserts, so the file stops growing once it holds `maxRows` rows.
 * Runs at start and then every `intervalMs` (default 10 minutes).
 */
export function createRetentionJob(options: {
  repository: UsageRepository;
  getSettings: () => RetentionSettings;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
}): RetentionJob {
  const { repository, clock, logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<PruneReport> | undefined;

  async function pass(): Promise<PruneReport> {
    const settings = options.getSettings();
    const now = clock.now();
    const report: PruneReport = { byAge: 0, byCount: 0, rollups: 0 };
    const cutoff = now - settings.retentionDays * 86_400_000;
    for (let deleted = chunkSize; deleted === chunkSize; await yieldToEventLoop()) {
      deleted = repository.pruneLogsBefore(cutoff, chunkSize);
      report.byAge += deleted;
    }
    for (let deleted = chunkSize; deleted === chunkSize; await yieldToEventLoop()) {
      deleted = repository.pruneLogsBeyond(settings.maxRows, chunkSize);
      report.byCount += deleted;
    }
    report.rollups += repository.pruneRollups('minute', now - minuteRollupRetentionMs);
    report.rollups += repository.pruneRollups('hour', now - hourRollupRetentionMs);
    if (report.byAge + report.byCount > 0) logger.info(report, 'request logs pruned');
    return report;
  }

  function run(): Promise<PruneReport> {
    // One pass at a time; a caller during a pass gets that pass's result.
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    run,
    start() {
      if (timer) return;
      const tick = () => {
        run().catch((error: unknown) => logger.error({ err: error }, 'request log pruning failed'));
      };
      tick();
      timer = setInterval(tick, options.intervalMs ?? 600_000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
