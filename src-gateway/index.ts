import type { Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { systemClock } from './lib/clock.ts';
import { createRepositories } from './storage/index.ts';
import { createConfigSnapshotBuilder } from './config-snapshot/build-config-snapshot.ts';
import { createConfigRecordCache } from './config-snapshot/create-config-record-cache.ts';
import { createAdminService } from './admin/index.ts';
import { createAdminImplementation } from './create-admin-implementation.ts';
import { createCatalogAdminService } from './admin/catalog-service.ts';
import { createProviderConnectionTester } from './providers/test-provider-connection.ts';
import { createPresetService } from './admin/preset-service.ts';
import { createContractDispatcher, type ContractDispatcher } from './admin/create-contract-dispatcher.ts';
import { adminContract } from '../src-shared/contract/index.ts';
import { createAuthService, createSetupCode } from './auth/index.ts';
import { createAdminRouter } from './http/admin/index.ts';
import { createDispatcherPool } from './upstream/create-dispatcher-pool.ts';
import { createLogWriter, type LogWriter } from './logs/create-log-writer.ts';
import { createStorageHealth } from './logs/create-storage-health.ts';
import { createEventBus, type EventBus } from './events/create-event-bus.ts';
import { createLiveStats } from './events/create-live-stats.ts';
import { createTicker } from './events/create-ticker.ts';
import type { AdminEvent, AdminEventData } from '../src-shared/contract/events.ts';
import { createIdleGc } from './lib/idle-gc.ts';
import { createApiApp } from './http/create-api-app.ts';
import { createHostCheck } from './http/create-host-check.ts';
import { createMetricsRouter } from './http/create-metrics-router.ts';
import { createGuardedServer } from './http/create-guarded-server.ts';
import { inboundCodecs, upstreamCodecs } from './protocols/registry.ts';
import { createRouter } from './routing/create-router.ts';
import { createRoutingStateService } from './routing/routing-state-service.ts';
import { createUsageFeature } from './usage/create-usage-feature.ts';
import { createPromptRuleEngine } from './prompts/create-prompt-rule-engine.ts';
import { createPromptPreviewService } from './admin/prompt-preview-service.ts';
import { createCatalogFeature } from './catalog/create-catalog-feature.ts';
import { createMonitoringFeature } from './monitoring/create-monitoring-feature.ts';
import { createPublicStatusHttp } from './http/public/create-public-status-http.ts';
import { createRendererRouter } from './http/create-renderer-router.ts';
import { protectAlertWebhookUrl } from './alerts/protect-alert-webhook-url.ts';
import type { Principal } from '../src-shared/schemas/auth.ts';
import { attachGatewayInternals } from './gateway-internals-for-tests.ts';
import { createSystemStatus } from './system/create-system-status.ts';
import { createBackupService } from './backups/create-backup-service.ts';

export type { GatewayMonitoringOptions, GatewayOptions } from './gateway-options.ts';
import type { GatewayOptions } from './gateway-options.ts';

/**
 * What a composition root (the headless CLI, the desktop main process) gets: the admin contract,
 * its events, and the listener's lifecycle. Nothing raw (repositories, services, the decrypted
 * snapshot): every management action goes through the contract, as it does over HTTP and IPC.
 * Tests reach the parts through `gatewayInternals(gateway)` (gateway-internals-for-tests.ts).
 */
export interface Gateway {
  /** Every admin operation of the contract (src-shared/contract): what the HTTP and IPC bindings call. */
  readonly admin: ContractDispatcher;
  /** The contract's events (src-shared/contract/events.ts): configuration, gateway state, live stats, health, breakers, budgets. */
  readonly events: EventBus;
  /** What a new listener is sent first (the gateway's state, traffic so far). */
  initialEvents(): AdminEvent[];
  /** The main listener's state now (what the last `gatewayState` event said). */
  gatewayState(): AdminEventData<'gatewayState'>;
  /** The LAN status listener's URL while it is open. */
  lanUrl(): string | undefined;
  /**
   * Who a login token or admin API token belongs to (401 AdminError otherwise): what the HTTP
   * binding does with a bearer token. The desktop main process turns the local admin's login
   * (`auth.login` or `auth.setup` through `admin`) into the principal the IPC binding acts as.
   */
  verifyToken(token: string): Promise<Principal>;
  /**
   * The principal a trusted local caller acts as (the desktop window, which has no login): the
   * first admin created, or undefined while there is none.
   */
  localAdmin(): Promise<Principal | undefined>;
  /** Start listening; resolves with the URL clients use. */
  start(): Promise<{ url: string; port: number }>;
  /** Stop accepting, finish in-flight requests (bounded), flush logs. Does not close the database. */
  stop(): Promise<void>;
  /** Rebuild the configuration snapshot from storage, also picking up writes made straight to the database. */
  reload(): Promise<void>;
}

/**
 * The one entry point for the headless CLI and the Electron main process.
 * Everything environmental comes in through `options`; nothing here reads the
 * environment or imports Electron.
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger;
  const storedRepositories = createRepositories(options.database);
  // Older versions kept the alert webhook URL in plain text; move it to the secret store first.
  await protectAlertWebhookUrl({
    settings: storedRepositories.settings,
    secretStore: options.secretStore,
    now: new Date(clock.now()).toISOString(),
  });
  // Writes through these repositories are noted: a rebuild after an admin write re-reads nothing.
  const configRecords = createConfigRecordCache(storedRepositories);
  const repositories = configRecords.repositories;
  const snapshotBuilder = createConfigSnapshotBuilder({ secretStore: options.secretStore });
  let version = 0;
  const events = createEventBus();
  const liveStats = createLiveStats({ clock });
  const isAllowedHost = createHostCheck({ host: options.host, allowedHosts: options.allowedHosts });
  const publicStatusHttp = createPublicStatusHttp({
    ...options.monitoring,
    clock,
    logger,
    isAllowedHost,
    connectionLimits: options.connections,
  });
  const monitoring = createMonitoringFeature({
    repositories,
    secretStore: options.secretStore,
    clock,
    logger,
    getSnapshot: () => current,
    monitoring: options.monitoring,
    createLanListener: publicStatusHttp.lanListener,
    onHealthChanged: (change) =>
      events.emit('healthChanged', {
        targetId: change.target.id,
        targetName: change.target.name,
        state: change.to,
        previousState: change.from,
      }),
  });
  // Every build goes through monitoring: it may create the monitoring key and adds its in-memory token.
  const buildSnapshot = () =>
    monitoring.build(async () => snapshotBuilder.build(await configRecords.read(), ++version));
  let current = await buildSnapshot();
  await monitoring.follow(current);
  let reloading: Promise<void> = Promise.resolve();

  const rebuild = (): Promise<void> => {
    // Serialize rebuilds so a slow one never overwrites a newer snapshot.
    reloading = reloading.then(async () => {
      current = await buildSnapshot();
      await monitoring.follow(current);
      events.emit('configChanged', { version: current.version, at: new Date(clock.now()).toISOString() });
    });
    return reloading;
  };
  // `gateway.reload()` also picks up writes made around the repositories (straight to the database).
  const reload = (): Promise<void> => {
    configRecords.invalidate();
    return rebuild();
  };

  const auth = createAuthService({
    repositories,
    jwtSecret: options.jwtSecret,
    clock,
    setupCode: options.setupCode === false ? undefined : (options.setupCode ?? createSetupCode()),
  });
  if (options.adminUsername && options.adminPassword) {
    await auth.ensureAdminFromEnv(options.adminUsername, options.adminPassword);
  }
  const admin = createAdminService({
    repositories,
    secretStore: options.secretStore,
    clock,
    onConfigChanged: rebuild,
  });
  const dispatchers = createDispatcherPool({ environmentProxy: options.environmentProxy });
  const catalogFeature = createCatalogFeature({
    repositories,
    clock,
    logger,
    environmentProxy: options.environmentProxy,
    catalog: options.catalog,
  });
  const catalogAdmin = createCatalogAdminService({
    admin,
    catalog: catalogFeature.catalog,
    dispatchers,
    getProvider: (id) => current.providers.get(id),
  });
  const usage = createUsageFeature({
    repository: repositories.usage,
    insertLogs: (records, rollups) => repositories.requestLogs.insertBatch(records, rollups),
    getSnapshot: () => current,
    clock,
    logger,
    onBudgetExhausted: (event) => {
      monitoring.alerts.budgetExhausted({
        id: event.keyId,
        name: event.keyName,
        budgetUsd: event.budgetUsd,
        budgetPeriod: event.period,
        spentUsd: event.spentUsd,
      });
      options.onBudgetExhausted?.(event);
      events.emit('budgetExhausted', {
        keyId: event.keyId,
        keyName: event.keyName,
        period: event.period,
        budgetUsd: event.budgetUsd,
        spentUsd: event.spentUsd,
      });
    },
    breakerStates: () => router.breakerStates(),
    retentionIntervalMs: options.retentionIntervalMs,
  });
  // A full disk or a read-only database: requests go on, the status and an event say so.
  const storageHealth = createStorageHealth({
    clock,
    logger,
    onChange: (status) => events.emit('storageChanged', status),
    pendingRows: () => logWriter.pending,
  });
  const logWriter: LogWriter = createLogWriter({
    // Rows and the usage rollups they add commit together; usage is accounted even if a row never is.
    insertBatch: storageHealth.watch(usage.writeLogs),
    account: (records) => {
      usage.account(records);
      liveStats.add(records);
    },
    onWriteFailed: usage.onLogWriteFailed,
    onDropped: (rows) => {
      storageHealth.dropped(rows);
      usage.onLogRowsDropped(rows);
    },
    logger,
    intervalMs: options.logFlushIntervalMs,
    maxQueue: options.logQueueLimit,
  });

  const idleGc = createIdleGc({ enabled: options.collectGarbageWhenIdle !== false });

  const router = createRouter({
    clock,
    random: options.random,
    getSettings: () => current.settings,
    logger,
    onBreakerChanged: (change) => events.emit('breakerChanged', change),
  });
  // Live statistics go out every few seconds while someone listens; nothing runs otherwise.
  const liveStatsTicker = createTicker(options.liveStatsIntervalMs ?? 5000, () => {
    logWriter.flush();
    events.emit('liveStats', liveStats.read());
  });
  events.onListenersChanged((count) => (count > 0 ? liveStatsTicker.start() : liveStatsTicker.stop()));
  let gatewayState: AdminEventData<'gatewayState'> = {
    state: 'stopped',
    url: null,
    lanUrl: null,
    startedAt: null,
  };
  const initialEvents = (): AdminEvent[] => [
    { name: 'gatewayState', data: gatewayState },
    { name: 'liveStats', data: liveStats.read() },
  ];
  const setGatewayState = (next: AdminEventData<'gatewayState'>) => {
    gatewayState = next;
    events.emit('gatewayState', next);
  };

  let server: Server | undefined;
  const systemStatus = createSystemStatus({
    database: options.database,
    clock,
    version: options.version,
    host: options.host ?? '127.0.0.1',
    gatewayState: () => gatewayState,
    port: () => (server?.listening ? (server.address() as AddressInfo).port : undefined),
    storage: () => storageHealth.status(logWriter.pending),
  });

  const bodyLimitBytes = options.bodyLimitBytes ?? 32 * 1024 * 1024;
  const promptRules = createPromptRuleEngine({ bodyLimitBytes });
  const adminDispatcher = createContractDispatcher(
    adminContract,
    createAdminImplementation({
      config: admin,
      usage: usage.service,
      logs: usage.logs,
      catalog: catalogAdmin,
      presets: createPresetService(),
      providerTests: createProviderConnectionTester({
        dispatchers,
        getProvider: (id) => current.providers.get(id),
      }),
      auth,
      healthTargets: monitoring.healthTargets,
      monitoring,
      routing: createRoutingStateService(router),
      prompts: createPromptPreviewService({
        getSnapshot: () => current,
        promptRules,
        inboundCodecs,
        upstreamCodecs,
        clock,
      }),
      system: systemStatus,
      backups: createBackupService({
        repository: repositories.configBackup,
        secretStore: options.secretStore,
        database: options.database,
        directory:
          options.backupDirectory ??
          (options.database.memory ? undefined : path.join(path.dirname(options.database.name), 'backups')),
        clock,
        logger,
        appVersion: options.version,
        onConfigReplaced: async () => {
          await reload();
          await monitoring.health.targetsChanged();
        },
      }),
    }),
    logger,
  );
  const { listener } = createApiApp({
    proxy: {
      getSnapshot: () => current,
      dispatchers,
      upstreamCodecs,
      recordRequest: (record) => {
        usage.observe(record);
        logWriter.push(record);
        idleGc.activity();
      },
      onUpstreamWait: () => {
        logWriter.writeWhileWaiting();
        idleGc.activity();
      },
      router,
      admission: usage.admission,
      promptRules,
      clock,
      logger,
      bodyLimitBytes,
    },
    inbound: inboundCodecs,
    extraRouters: [
      createMetricsRouter({
        metrics: usage.metrics,
        auth,
        enabled: () => current.settings.metrics.enabled,
      }),
      publicStatusHttp.mainRouter(monitoring.publicStatus),
      // Last: the UI answers only what no API route did (its client-side routes).
      createRendererRouter({ directory: options.rendererDirectory }),
    ],
    adminRouter: createAdminRouter({
      dispatcher: adminDispatcher,
      events: { bus: events, initial: () => initialEvents() },
      auth,
      logger,
    }),
    logger,
    isAllowedHost,
  });

  const gateway: Gateway = {
    admin: adminDispatcher,
    events,
    initialEvents,
    gatewayState: () => gatewayState,
    lanUrl: () => monitoring.lanUrl(),
    verifyToken: (token) => auth.verify(token),
    localAdmin: async () => {
      const oldest = (await repositories.admins.list()).sort((a, b) =>
        a.createdAt.localeCompare(b.createdAt),
      )[0];
      return oldest ? { adminId: oldest.id, username: oldest.username, via: 'login' } : undefined;
    },
    reload,
    async start() {
      server = createGuardedServer(listener, options.connections);
      const host = options.host ?? '127.0.0.1';
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(options.port ?? 3000, host, () => resolve());
      });
      const { port } = server.address() as AddressInfo;
      const shownHost =
        host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      catalogFeature.catalog.start();
      usage.start();
      const url = `http://${shownHost}:${port}`;
      await monitoring.start(url, current);
      setGatewayState({
        state: 'listening',
        url,
        lanUrl: monitoring.lanUrl() ?? null,
        startedAt: new Date(clock.now()).toISOString(),
      });
      // undici is imported once the caller has said the gateway is ready (the await continues first):
      // off the start-up path, and usually done before the first request.
      setImmediate(() => dispatchers.preload());
      return { url, port };
    },
    async stop() {
      liveStatsTicker.stop();
      await monitoring.stop();
      const running = server;
      server = undefined;
      if (running) {
        const closed = new Promise<void>((resolve) => running.close(() => resolve()));
        running.closeIdleConnections();
        const grace = options.shutdownGraceMs ?? 10_000;
        const timer = setTimeout(() => running.closeAllConnections(), grace);
        await closed;
        clearTimeout(timer);
      }
      logWriter.close();
      idleGc.stop();
      usage.stop();
      await catalogFeature.close();
      await dispatchers.close();
      setGatewayState({ state: 'stopped', url: null, lanUrl: null, startedAt: null });
    },
  };
  attachGatewayInternals(gateway, {
    repositories,
    catalog: catalogFeature.catalog,
    health: monitoring.health,
    alerts: monitoring.alerts,
    auth,
    usage,
    snapshot: () => current,
    flushLogs: () => {
      logWriter.flush();
      usage.flushRollups();
    },
  });
  return gateway;
}
