import { periodStart } from '../admission/budget-period.ts';
import {
  createMemoryAdmission,
  type BudgetExhaustedEvent,
  type MemoryAdmission,
} from '../admission/create-memory-admission.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { RequestLogRecord } from '../storage/request-log-record.ts';
import type { ConfigSnapshot } from '../config-snapshot/snapshot.ts';
import type { UsageRepository } from '../storage/repositories/usage-repository.ts';
import {
  createGatewayMetrics,
  type BreakerReading,
  type GatewayMetrics,
} from '../metrics/create-gateway-metrics.ts';
import type { UsageRollup } from '../storage/usage-rollup.ts';
import { foldUsage } from './aggregate-usage.ts';
import { createRetentionJob, type RetentionJob } from './create-retention-job.ts';
import { createUsageService, type UsageService } from './usage-service.ts';
import { createLogService, type LogService } from '../logs/log-service.ts';

export interface UsageFeatureOptions {
  repository: UsageRepository;
  /** Write request-log rows and the rollups they add in one transaction (`RequestLogRepository.insertBatch`). */
  insertLogs: (records: readonly RequestLogRecord[], rollups: readonly UsageRollup[] | undefined) => void;
  getSnapshot: () => ConfigSnapshot;
  clock: Clock;
  logger: Logger;
  /** Called once per key and period when a budget runs out (alert webhooks hook in here). */
  onBudgetExhausted?: (event: BudgetExhaustedEvent) => void;
  /** The router's breakers, for the metrics. */
  breakerStates?: () => readonly BreakerReading[];
  retentionIntervalMs?: number;
}

export interface UsageFeature {
  /** Per-key limits and budgets for the hot path. */
  admission: MemoryAdmission;
  /** The counters `/metrics` renders (the HTTP binding is http/create-metrics-router.ts). */
  metrics: GatewayMetrics;
  retention: RetentionJob;
  /** The admin contract's `usage.*` operations. */
  service: UsageService;
  /** The admin contract's `logs.*` operations. */
  logs: LogService;
  /** Hot path: count a finished request in memory (metrics). */
  observe(record: RequestLogRecord): void;
  /** Log writer's `account`: fold records into the rollups not yet written, once each, whether or not their rows ever are. */
  account(records: RequestLogRecord[]): void;
  /** Log writer's `insertBatch`: the rows and every rollup not yet written, in one transaction; throws on failure. */
  writeLogs(records: RequestLogRecord[]): void;
  /** Log writer's failure counters (`/metrics`). */
  onLogWriteFailed(): void;
  onLogRowsDropped(rows: number): void;
  /**
   * Write the rollups not yet written on their own (tests, shutdown). They normally go with the
   * next log rows; this (also once a second) covers rows whose write failed.
   */
  flushRollups(): void;
  start(): void;
  stop(): void;
}

/**
 * Limits, budgets, usage rollups, request-log queries, retention and metrics,
 * wired together. Budgets survive restarts: each key's spend for the current
 * UTC day and month and in total is read from the day rollups once, here,
 * and kept in memory from then on. The rollups commit in the same transaction
 * as the log rows they count, so a crash (kill -9) loses no usage that the
 * request log kept; a failed log write keeps its usage (written with the next
 * rows, or on its own within a second).
 */
export function createUsageFeature(options: UsageFeatureOptions): UsageFeature {
  const { repository, clock, logger } = options;
  const now = clock.now();
  // The admission reports rejections to the metrics, which read the admission: tie the knot here.
  const late: { metrics?: GatewayMetrics } = {};
  // Rollups of records the log writer has taken and whose transaction has not committed yet:
  // normally one slice's, between `account` and `writeLogs`; more only after a failed write.
  // Rows, not records, so the records die young.
  const pendingRollups = new Map<string, UsageRollup>();
  // Writes rollups whose log rows failed, on their own, if no later log write took them.
  const rollupIntervalMs = 1000;
  let rollupTimer: ReturnType<typeof setInterval> | undefined;
  // Logged once per outage (a full disk fails this every second), and once when it ends.
  let rollupFailures = 0;
  const flushRollups = (): void => {
    if (pendingRollups.size === 0) return;
    try {
      repository.applyRollups([...pendingRollups.values()]);
      pendingRollups.clear();
      if (rollupFailures > 0) logger.warn({ failedWrites: rollupFailures }, 'usage rollups written again');
      rollupFailures = 0;
    } catch (error) {
      // Kept (and added to) until a write succeeds: spend must survive a restart.
      if (rollupFailures++ === 0)
        logger.error({ err: error, count: pendingRollups.size }, 'usage rollups could not be written');
    }
  };
  const admission = createMemoryAdmission({
    clock,
    initialSpend: repository.spendByKey(periodStart('day', now), periodStart('month', now)),
    onBudgetExhausted: (event) => {
      logger.warn({ keyId: event.keyId, period: event.period }, 'virtual key budget exhausted');
      try {
        options.onBudgetExhausted?.(event);
      } catch (error) {
        logger.error({ err: error }, 'budget alert failed');
      }
    },
    onRejected: (key, limit) => late.metrics?.observeRejection(key, limit),
  });
  const metrics = createGatewayMetrics({
    getSnapshot: options.getSnapshot,
    admission,
    breakerStates: options.breakerStates,
  });
  const retention = createRetentionJob({
    repository,
    getSettings: () => options.getSnapshot().settings.logging,
    clock,
    logger,
    intervalMs: options.retentionIntervalMs,
  });
  late.metrics = metrics;
  return {
    admission,
    metrics: metrics,
    retention,
    observe: (record) => metrics.observeRequest(record),
    account(records) {
      foldUsage(pendingRollups, records);
    },
    writeLogs(records) {
      options.insertLogs(records, pendingRollups.size > 0 ? [...pendingRollups.values()] : undefined);
      pendingRollups.clear();
    },
    onLogWriteFailed: () => metrics.observeLogWriteFailure(),
    onLogRowsDropped: (rows) => metrics.observeLogRowsDropped(rows),
    flushRollups,
    service: createUsageService({
      repository,
      admission,
      keys: () => options.getSnapshot().keysByHash.values(),
      clock,
    }),
    logs: createLogService({ repository, prune: () => retention.run() }),
    start() {
      retention.start();
      rollupTimer ??= setInterval(flushRollups, rollupIntervalMs);
      rollupTimer.unref();
    },
    stop() {
      retention.stop();
      if (rollupTimer) clearInterval(rollupTimer);
      rollupTimer = undefined;
      flushRollups();
    },
  };
}
