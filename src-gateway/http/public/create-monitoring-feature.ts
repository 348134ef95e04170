import type { Router } from 'express';
import { createAlertNotifier, type AlertNotifier } from '../../alerts/create-alert-notifier.ts';
import { alertSecretReference } from '../../alerts/alert-secret.ts';
import { alertWebhookReference } from '../../alerts/alert-webhook-url.ts';
import {
  createHealthMonitor,
  type HealthMonitor,
  type HealthMonitorOptions,
} from '../../health/create-health-monitor.ts';
import { createHealthQueries } from '../../health/health-queries.ts';
import { createHealthTargetOperations } from '../../health/health-target-operations.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { ConfigSnapshot } from '../../runtime/snapshot.ts';
import type { SecretStore } from '../../secrets/secret-store.ts';
import type { Repositories } from '../../storage/create-repositories.ts';
import type { AdminRoute } from '../admin/admin-route.ts';
import { createHealthTargetRoutes } from '../admin/health-target-routes.ts';
import type { ConnectionLimits } from '../create-guarded-server.ts';
import { createLanApp } from './create-lan-app.ts';
import { createLanListener } from './create-lan-listener.ts';
import { createPublicRouter } from './create-public-router.ts';
import { createRateLimiter } from './create-rate-limiter.ts';
import { createStatusPageRouter } from './create-status-page-router.ts';

/** Knobs for persistent monitoring; tests pin time and randomness through these. */
export interface GatewayMonitoringOptions {
  health?: Partial<
    Pick<HealthMonitorOptions, 'tickMs' | 'random' | 'retryDelayMs' | 'retentionMs' | 'maxConcurrency'>
  >;
  /** Alert webhook retry pauses (default 2 s, 10 s, 30 s). */
  alertRetryDelaysMs?: number[];
  /** The LAN listener's address (default `0.0.0.0`; tests use 127.0.0.1). */
  lanHost?: string;
  /** Where the built status page is (default `dist-status/`). */
  statusPageDirectory?: string;
  /** Public routes per client IP per minute (default 60). */
  publicRateLimit?: number;
}

export interface MonitoringFeature {
  alerts: AlertNotifier;
  health: HealthMonitor;
  /** `/api/health-targets` routes. */
  routes: AdminRoute[];
  /** `/status` and `/public/health/*` for the main listener (this machine's clients are not rate limited there). */
  publicRouter: Router;
  /** Run around every snapshot build: creates the monitoring key when needed, adds the in-memory token. */
  build(buildSnapshot: () => Promise<ConfigSnapshot>): Promise<ConfigSnapshot>;
  /** After every snapshot swap: follow `monitoring` and `lanStatus`. Never throws. */
  follow(snapshot: ConfigSnapshot): Promise<void>;
  /** The main listener is up at `url`: checks may run, the LAN listener may open. */
  start(url: string, snapshot: ConfigSnapshot): Promise<void>;
  stop(): Promise<void>;
  lanUrl(): string | undefined;
}

/**
 * Persistent monitoring wired together: alerts, the health monitor, the
 * admin routes, the public routes and the LAN listener. createGateway calls it.
 */
export function createMonitoringFeature(options: {
  repositories: Repositories;
  secretStore: SecretStore;
  clock: Clock;
  logger: Logger;
  getSnapshot(): ConfigSnapshot;
  monitoring?: GatewayMonitoringOptions;
  /** The `Host` guard, applied to the LAN listener as to the main one. */
  isAllowedHost?: (header: string | undefined) => boolean;
  /** Connection limits and timeouts for the LAN listener (createGuardedServer). */
  connectionLimits?: ConnectionLimits;
}): MonitoringFeature {
  const { repositories, clock, logger } = options;
  const settings = options.monitoring ?? {};
  const alerts = createAlertNotifier({
    getSettings: () => options.getSnapshot().settings,
    getWebhookUrl: () => options.secretStore.get(alertWebhookReference),
    getSecretHeader: () => options.secretStore.get(alertSecretReference),
    clock,
    logger,
    retryDelaysMs: settings.alertRetryDelaysMs,
  });
  const health = createHealthMonitor({ repositories, clock, logger, alerts, ...settings.health });
  // One limiter for both listeners, so a LAN client's budget is the same whichever port it uses.
  const publicRoutes = {
    queries: createHealthQueries({ health: repositories.health, clock }),
    enabled: () => health.enabled(),
    limiter: createRateLimiter({ clock, limit: settings.publicRateLimit }),
    statusPage: createStatusPageRouter({ directory: settings.statusPageDirectory }),
  };
  const publicRouter = createPublicRouter({ ...publicRoutes, exemptLoopback: true });
  const lan = createLanListener({
    app: createLanApp({
      publicRouter: createPublicRouter(publicRoutes),
      logger,
      isAllowedHost: options.isAllowedHost,
    }),
    logger,
    host: settings.lanHost,
    connectionLimits: options.connectionLimits,
  });
  let listening = false;

  async function follow(snapshot: ConfigSnapshot): Promise<void> {
    try {
      await health.apply(snapshot);
      if (listening) await lan.apply(snapshot.settings.lanStatus);
    } catch (error) {
      logger.error({ err: error }, 'applying monitoring settings failed');
    }
  }

  return {
    alerts,
    health,
    routes: createHealthTargetRoutes(createHealthTargetOperations({ repositories, monitor: health, clock })),
    publicRouter,
    async build(buildSnapshot) {
      await health.prepare();
      return health.decorate(await buildSnapshot());
    },
    follow,
    async start(url, snapshot) {
      listening = true;
      await health.attach(url);
      await follow(snapshot);
    },
    async stop() {
      listening = false;
      await health.detach();
      await lan.close();
    },
    lanUrl: () => lan.url(),
  };
}
