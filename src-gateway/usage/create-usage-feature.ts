import type { Router } from 'express';
import type { AuthService } from '../auth/create-auth-service.ts';
import { periodStart } from '../keys/budget-period.ts';
import {
  createMemoryAdmission,
  type BudgetExhaustedEvent,
  type MemoryAdmission,
} from '../keys/create-memory-admission.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { RequestLogRecord } from '../logs/request-log-record.ts';
import type { ConfigSnapshot } from '../runtime/snapshot.ts';
import type { UsageRepository } from '../storage/repositories/usage-repository.ts';
import type { AdminRoute } from '../http/admin/admin-route.ts';
import { createRequestLogRoutes } from '../http/admin/request-log-routes.ts';
import { createUsageRoutes } from '../http/admin/usage-routes.ts';
import {
  createGatewayMetrics,
  type BreakerReading,
  type GatewayMetrics,
} from '../metrics/create-gateway-metrics.ts';
import { createMetricsRouter } from '../metrics/create-metrics-router.ts';
import { foldUsage, type UsageRollup } from './aggregate-usage.ts';
import { createRetentionJob, type RetentionJob } from './create-retention-job.ts';

export interface UsageFeatureOptions {
  repository: UsageRepository;
  getSnapshot: () => ConfigSnapshot;
  auth: Pick<AuthService, 'verify'>;
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
  metrics: GatewayMetrics;
  retention: RetentionJob;
  /** Hot path: count a finished request in memory (metrics). */
  observe(record: RequestLogRecord): void;
  /** Log writer's `onWritten`: fold the written batch into the rollups (one transaction). */
  onLogsWritten(records: RequestLogRecord[]): void;
  /** Write the rollups of every record seen so far (tests, shutdown); otherwise they go once a second. */
  flushRollups(): void;
  /** `/api/usage*` and `/api/request-logs*`. */
  adminRoutes: AdminRoute[];
  /** `/metrics`. */
  routers: Router[];
  start(): void;
  stop(): void;
}

/**
 * Limits, budgets, usage rollups, request-log queries, retention and metrics,
 * wired together. Budgets survive restarts: each key's spend for the current
 * UTC day and month and in total is read from the day rollups once, here,
 * and kept in memory from then on.
 */
export function createUsageFeature(options: UsageFeatureOptions): UsageFeature {
  const { repository, clock, logger } = options;
  const now = clock.now();
  // The admission reports rejections to the metrics, which read the admission: tie the knot here.
  const late: { metrics?: GatewayMetrics } = {};
  // Rollups are aggregated over a second of log slices and upserted in one transaction: the log
  // writer's small slices (kept small for latency) would otherwise cost a second commit each.
  const rollupIntervalMs = 1000;
  // Rows, not records: the records themselves die young instead of waiting a second.
  let pendingRollups = new Map<string, UsageRollup>();
  let rollupTimer: ReturnType<typeof setInterval> | undefined;
  const flushRollups = (): void => {
    if (pendingRollups.size === 0) return;
    const rows = [...pendingRollups.values()];
    pendingRollups = new Map();
    try {
      repository.applyRollups(rows);
    } catch (error) {
      logger.error({ err: error, count: rows.length }, 'usage rollups could not be written');
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
    onLogsWritten(records) {
      foldUsage(pendingRollups, records);
    },
    flushRollups,
    adminRoutes: [
      ...createUsageRoutes({ repository, admission, getSnapshot: options.getSnapshot, clock }),
      ...createRequestLogRoutes({ repository, prune: () => retention.run() }),
    ],
    routers: [
      createMetricsRouter({
        metrics: metrics,
        auth: options.auth,
        enabled: () => options.getSnapshot().settings.metrics.enabled,
      }),
    ],
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
