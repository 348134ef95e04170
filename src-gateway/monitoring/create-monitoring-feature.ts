import { statusPagePath, type MonitoringStatus } from '../../src-shared/schemas/monitoring-status.ts';
import {
  createAlertNotifier,
  type AlertNotifier,
  type HealthStateChangeInput,
} from '../alerts/create-alert-notifier.ts';
import { alertSecretReference } from '../alerts/alert-secret.ts';
import { alertWebhookReference } from '../alerts/alert-webhook-url.ts';
import {
  createHealthMonitor,
  type HealthMonitor,
  type HealthMonitorOptions,
} from '../health/create-health-monitor.ts';
import { createHealthQueries, type HealthQueries } from '../health/health-queries.ts';
import { createHealthTargetService, type HealthTargetService } from '../health/health-target-service.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { ConfigSnapshot } from '../config-snapshot/snapshot.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { Repositories } from '../storage/create-repositories.ts';

/** Knobs for persistent monitoring; tests pin time and randomness through these. */
export interface MonitoringOptions {
  health?: Partial<
    Pick<HealthMonitorOptions, 'tickMs' | 'random' | 'retryDelayMs' | 'retentionMs' | 'maxConcurrency'>
  >;
  /** Alert webhook retry pauses (default 2 s, 10 s, 30 s). */
  alertRetryDelaysMs?: number[];
}

/** What the public status routes read: the health data, and whether to answer at all. */
export interface PublicStatusSource {
  queries: HealthQueries;
  /** Persistent monitoring on: otherwise every public route answers 404. */
  enabled(): boolean;
}

/** The LAN status listener as the feature drives it (the HTTP binding builds it). */
export interface StatusListener {
  /** Follow `lanStatus`: open, close or move the listener. Failures (port taken) are logged, not thrown. */
  apply(settings: { enabled: boolean; port: number }): Promise<void>;
  /** Where it listens; undefined when closed. */
  url(): string | undefined;
  close(): Promise<void>;
}

export interface MonitoringFeatureOptions {
  /** A health target's state changed (the `healthChanged` event), besides the webhook alert. */
  onHealthChanged?: (change: HealthStateChangeInput) => void;
  repositories: Repositories;
  secretStore: SecretStore;
  clock: Clock;
  logger: Logger;
  getSnapshot(): ConfigSnapshot;
  monitoring?: MonitoringOptions;
  /**
   * Builds the LAN status listener over the public status data: an HTTP binding the composition
   * root hands in (http/public), so this feature never imports a transport.
   */
  createLanListener(source: PublicStatusSource): StatusListener;
}

export interface MonitoringFeature {
  alerts: AlertNotifier;
  health: HealthMonitor;
  /** The `healthTargets` domain of the admin contract. */
  healthTargets: HealthTargetService;
  /** What the public status routes read (the main listener's router is built over it too). */
  publicStatus: PublicStatusSource;
  /** The `monitoring.status` operation: from memory, nothing stored is read. */
  status(): MonitoringStatus;
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
 * Persistent monitoring wired together: alerts, the health monitor, health target management
 * and the LAN listener following the settings. createGateway calls it.
 */
export function createMonitoringFeature(options: MonitoringFeatureOptions): MonitoringFeature {
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
  // The monitor reports state changes through its alerts: the webhook and the event both hear them.
  const monitorAlerts: AlertNotifier = {
    healthStateChanged(change) {
      alerts.healthStateChanged(change);
      options.onHealthChanged?.(change);
    },
    budgetExhausted: (key) => alerts.budgetExhausted(key),
    idle: () => alerts.idle(),
  };
  const health = createHealthMonitor({
    repositories,
    clock,
    logger,
    alerts: monitorAlerts,
    ...settings.health,
  });
  const publicStatus: PublicStatusSource = {
    queries: createHealthQueries({ health: repositories.health, clock }),
    enabled: () => health.enabled(),
  };
  const lan = options.createLanListener(publicStatus);
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
    healthTargets: createHealthTargetService({ repositories, monitor: health, clock }),
    publicStatus,
    status() {
      const { lanStatus } = options.getSnapshot().settings;
      return {
        enabled: health.enabled(),
        statusPagePath,
        lanStatus: { enabled: lanStatus.enabled, port: lanStatus.port, url: lan.url() ?? null },
      };
    },
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
