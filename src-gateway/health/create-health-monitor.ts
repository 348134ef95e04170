import type { HealthTarget } from '../../src-shared/schemas/health-target.ts';
import type { AlertNotifier } from '../alerts/create-alert-notifier.ts';
import type { Clock } from '../lib/clock.ts';
import { randomId } from '../lib/ids.ts';
import type { Logger } from '../lib/logger.ts';
import type { ConfigSnapshot } from '../config-snapshot/snapshot.ts';
import type { Repositories } from '../storage/create-repositories.ts';
import type { HealthRunRecord } from '../storage/repositories/health-repository.ts';
import { createHealthScheduler } from './health-scheduler.ts';
import { computeHealthState, dayMs, hourMs } from './health-status.ts';
import { createMonitoringToken, ensureMonitoringKey, withMonitoringToken } from './monitoring-key.ts';
import { createHealthChecker, defaultCheckTimeoutMs, type CheckOutcome } from './run-health-check.ts';

export interface HealthMonitorOptions {
  repositories: Repositories;
  clock: Clock;
  logger: Logger;
  alerts: AlertNotifier;
  /** How often the timer ticks (default 1 s); 0 disables the timer (tests call `tick`). */
  tickMs?: number;
  maxConcurrency?: number;
  random?: () => number;
  /** Runs older than this are pruned (default 7 days). */
  retentionMs?: number;
  /** How often pruning runs (default 1 h). */
  pruneEveryMs?: number;
  /** Pause between a check's attempts (default 1 s). */
  retryDelayMs?: number;
}

export interface HealthMonitor {
  /** Before each snapshot build: create the monitoring key when monitoring is on and none exists. */
  prepare(): Promise<void>;
  /** After each snapshot build: let the in-memory monitoring token authenticate as the monitoring key. */
  decorate(snapshot: ConfigSnapshot): ConfigSnapshot;
  /** After each snapshot swap: follow `monitoring.enabled` (start or stop checking). */
  apply(snapshot: ConfigSnapshot): Promise<void>;
  /** The gateway listens at `baseUrl`: checks can run. */
  attach(baseUrl: string): Promise<void>;
  /** Stop checking (shutdown): aborts running checks and waits for them. */
  detach(): Promise<void>;
  /** Whether monitoring is on (the public routes answer 404 otherwise). */
  enabled(): boolean;
  /** Prune when due, then start the due checks. */
  tick(now?: number): Promise<void>;
  /** Resolves when no check is running. */
  idle(): Promise<void>;
  /** Check one target now and answer the recorded run. */
  runNow(target: HealthTarget): Promise<HealthRunRecord>;
  /** Targets were created, edited or deleted. */
  targetsChanged(): Promise<void>;
}

/**
 * Persistent monitoring: owns the scheduler, the monitoring identity, run
 * recording, state-change alerts and run retention.
 */
export function createHealthMonitor(options: HealthMonitorOptions): HealthMonitor {
  const { repositories, clock, logger, alerts } = options;
  const health = repositories.health;
  const retentionMs = options.retentionMs ?? 7 * dayMs;
  const pruneEveryMs = options.pruneEveryMs ?? hourMs;
  const token = createMonitoringToken();
  let baseUrl: string | undefined;
  let snapshot: ConfigSnapshot | undefined;
  let targets: HealthTarget[] = [];
  let lastPrunedAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let ticking = false;

  const check = createHealthChecker({
    baseUrl: () => baseUrl,
    token: () => token,
    retryDelayMs: options.retryDelayMs,
  });

  function modelName(target: HealthTarget): string | undefined {
    if (!snapshot) return undefined;
    if (target.type === 'model') return snapshot.modelsById.get(target.targetId)?.name;
    for (const virtualModel of snapshot.virtualModelsByName.values())
      if (virtualModel.id === target.targetId) return virtualModel.name;
    return undefined;
  }

  async function record(
    target: HealthTarget,
    startedAt: number,
    outcome: CheckOutcome,
  ): Promise<HealthRunRecord> {
    const before = computeHealthState(
      await health.runs.listSince(target.id, startedAt - hourMs),
      clock.now(),
    );
    const run: HealthRunRecord = { id: randomId('hr_', 16), targetId: target.id, startedAt, ...outcome };
    // The target may have been deleted while it was being checked.
    if (!(await health.targets.get(target.id))) return run;
    await health.runs.insert(run);
    const now = clock.now();
    const recent = await health.runs.listSince(target.id, now - hourMs);
    const after = computeHealthState(recent, now);
    // unknown -> healthy is a target starting out fine: not news.
    if (after !== before && after !== 'unknown' && !(before === 'unknown' && after === 'healthy')) {
      const failures = recent.filter((entry) => !entry.success).length;
      alerts.healthStateChanged({
        target: { id: target.id, name: target.name, type: target.type },
        from: before,
        to: after,
        errorRate1h: recent.length === 0 ? null : failures / recent.length,
        lastError: outcome.errorType
          ? { type: outcome.errorType, message: outcome.errorMessage ?? '' }
          : null,
      });
    }
    return run;
  }

  async function runCheck(target: HealthTarget, signal: AbortSignal): Promise<HealthRunRecord> {
    const startedAt = clock.now();
    const model = modelName(target);
    const outcome: CheckOutcome = model
      ? await check(
          {
            model,
            prompt: target.prompt,
            timeoutMs: target.timeoutMs ?? defaultCheckTimeoutMs,
            retries: target.retries ?? 0,
          },
          signal,
        )
      : {
          success: false,
          latencyMs: null,
          ttftMs: null,
          errorType: 'client_error',
          errorMessage: `The ${target.type === 'model' ? 'model' : 'virtual model'} no longer exists`,
          attempts: 1,
        };
    return record(target, startedAt, outcome);
  }

  const scheduler = createHealthScheduler<HealthTarget, HealthRunRecord>({
    clock,
    listTargets: () => targets,
    runCheck,
    maxConcurrency: options.maxConcurrency,
    random: options.random,
    onError: (error, target) => {
      if ((error as Error)?.name !== 'AbortError')
        logger.error({ err: error, targetId: target?.id }, 'health check failed to run');
    },
  });

  const enabled = () => snapshot?.settings.monitoring.enabled === true;
  const running = () => enabled() && baseUrl !== undefined;

  async function tick(now = clock.now()): Promise<void> {
    if (lastPrunedAt === undefined || now - lastPrunedAt >= pruneEveryMs) {
      lastPrunedAt = now;
      const pruned = await health.runs.prune(now - retentionMs);
      if (pruned > 0) logger.debug({ pruned }, 'pruned old health runs');
    }
    if (running()) await scheduler.tick(now);
  }

  async function follow(): Promise<void> {
    const tickMs = options.tickMs ?? 1000;
    if (running()) {
      if (!timer && tickMs > 0) {
        await refresh();
        timer = setInterval(() => {
          if (ticking) return;
          ticking = true;
          tick()
            .catch((error: unknown) => logger.error({ err: error }, 'health tick failed'))
            .finally(() => {
              ticking = false;
            });
        }, tickMs);
        timer.unref();
      }
      return;
    }
    if (timer) clearInterval(timer);
    timer = undefined;
    await scheduler.stop();
  }

  async function refresh(): Promise<void> {
    targets = await health.targets.list();
  }

  return {
    async prepare() {
      const settings = await repositories.settings.get();
      if (settings?.monitoring.enabled)
        await ensureMonitoringKey(repositories, new Date(clock.now()).toISOString());
    },
    decorate: (built) => withMonitoringToken(built, token),
    async apply(next) {
      snapshot = next;
      await refresh();
      await follow();
    },
    async attach(url) {
      baseUrl = url;
      await follow();
    },
    async detach() {
      baseUrl = undefined;
      await follow();
    },
    enabled,
    tick,
    idle: () => scheduler.idle(),
    runNow: (target) => scheduler.runNow(target),
    targetsChanged: refresh,
  };
}
