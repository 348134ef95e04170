import type { AdminService } from './admin/admin-service.ts';
import type { AdminContract, CallContext, ContractImplementation } from '../src-shared/contract/index.ts';
import type { Principal } from '../src-shared/schemas/auth.ts';
import type { MonitoringStatus } from '../src-shared/schemas/monitoring-status.ts';
import type { GatewayStatus } from '../src-shared/schemas/gateway-status.ts';
import type { AuthService } from './auth/create-auth-service.ts';
import type { HealthTargetService } from './health/health-target-service.ts';
import type { PromptPreviewService } from './admin/prompt-preview-service.ts';
import type { RoutingStateService } from './routing/routing-state-service.ts';
import { AdminError } from './lib/admin-error.ts';
import type { LogService } from './logs/log-service.ts';
import type { UsageService } from './usage/usage-service.ts';
import type { CatalogAdminService } from './admin/catalog-service.ts';
import type { PresetService } from './admin/preset-service.ts';
import type { ProviderConnectionTester } from './providers/test-provider-connection.ts';
import type { BackupService } from './backups/create-backup-service.ts';

/** The services behind the contract's domains. */
export interface AdminImplementationOptions {
  /** Configuration CRUD: providers, models, virtual models, virtual keys, settings. */
  config: AdminService;
  /** The model catalog, and the provider/model actions that draw on it (import, bulk add, apply). */
  catalog: CatalogAdminService;
  /** Provider presets. */
  presets: PresetService;
  /** "Test connection": a provider's model list, fetched and counted. */
  providerTests: ProviderConnectionTester;
  /** Usage summaries and budgets (usage/usage-service.ts). */
  usage: UsageService;
  /** Request-log search, export and pruning (logs/log-service.ts). */
  logs: LogService;
  /** Login, sessions and admin API tokens. */
  auth: AuthService;
  /** Health target CRUD and run-now. */
  healthTargets: HealthTargetService;
  /** Persistent monitoring as it runs (the monitoring feature). */
  monitoring: { status(): MonitoringStatus };
  /** The router's breaker states and manual reset. */
  routing: RoutingStateService;
  /** Prompt rule preview on a sample request. */
  prompts: PromptPreviewService;
  /** The gateway itself: version, listener, uptime, database size (system/create-system-status.ts). */
  system: { status(): GatewayStatus };
  /** Configuration export and import, database copies (backups/create-backup-service.ts). */
  backups: BackupService;
}

/**
 * Who calls a per-admin operation (`auth.me`, `auth.logout`, `auth.changePassword`,
 * `apiTokens.create`). Over HTTP: the admin behind the bearer token. Over IPC: the principal
 * the desktop main process hands `registerAdminIpc` — the local admin the app acts as,
 * `via: 'login'` with no `expiresAt` (the window's session lasts as long as the app), so
 * `auth.me` answers it as given, API tokens are created for that admin without the expiry cap
 * an expiring API token would impose, and a password change checks that admin's current
 * password (throttled per username and `ipc`). The dispatcher already refuses a non-public
 * operation without a principal; this keeps the implementation honest if that ever changes.
 */
function principalOf(context: CallContext): Principal {
  if (!context.principal) throw new AdminError(401, 'unauthorized', 'Log in first');
  return context.principal;
}

/**
 * The contract's implementation: each domain's operations, each a thin call into the service
 * that holds its logic. Transport-free; the bindings validate the input before calling.
 */
export function createAdminImplementation(
  options: AdminImplementationOptions,
): ContractImplementation<AdminContract> {
  const {
    config,
    usage,
    logs,
    catalog,
    presets,
    providerTests,
    auth,
    healthTargets,
    monitoring,
    routing,
    prompts,
    system,
    backups,
  } = options;
  return {
    providers: {
      list: async () => ({ data: await config.listProviders() }),
      get: ({ id }) => config.getProvider(id),
      create: ({ body }) => config.createProvider(body),
      update: ({ id, body }) => config.updateProvider(id, body),
      remove: ({ id }) => config.deleteProvider(id),
      importModels: ({ id }) => catalog.importModels(id),
      testConnection: ({ id }) => providerTests.testConnection(id),
      addCatalogModels: ({ id, body }) => catalog.addCatalogModels(id, body.catalogIds),
    },
    models: {
      list: async () => ({ data: await config.listModels() }),
      get: ({ id }) => config.getModel(id),
      create: ({ body }) => config.createModel(body),
      update: ({ id, body }) => config.updateModel(id, body),
      remove: ({ id }) => config.deleteModel(id),
      applyCatalog: ({ id, body }) => catalog.applyCatalog(id, body),
    },
    virtualModels: {
      list: async () => ({ data: await config.listVirtualModels() }),
      get: ({ id }) => config.getVirtualModel(id),
      create: ({ body }) => config.createVirtualModel(body),
      update: ({ id, body }) => config.updateVirtualModel(id, body),
      remove: ({ id }) => config.deleteVirtualModel(id),
    },
    virtualKeys: {
      list: async () => ({ data: await config.listVirtualKeys() }),
      get: ({ id }) => config.getVirtualKey(id),
      create: ({ body }) => config.createVirtualKey(body),
      update: ({ id, body }) => config.updateVirtualKey(id, body),
      remove: ({ id }) => config.deleteVirtualKey(id),
      rotate: ({ id }) => config.rotateVirtualKey(id),
    },
    settings: {
      get: () => config.getSettings(),
      update: ({ body }) => config.updateSettings(body),
    },
    usage: {
      summary: async (input) => usage.summary(input),
      budgets: async () => usage.budgets(),
    },
    logs: {
      search: async (input) => logs.search(input),
      get: async ({ id }) => logs.get(id),
      export: (input) => logs.export(input),
      prune: () => logs.prune(),
    },
    catalog: {
      status: () => catalog.status(),
      refresh: () => catalog.refresh(),
      search: (query) => catalog.search(query),
    },
    presets: {
      list: async () => ({ data: await presets.list() }),
      get: ({ id }) => presets.get(id),
    },
    auth: {
      status: () => auth.status(),
      setup: ({ body }) => auth.setup(body),
      login: ({ body }, context) => auth.login(body, context.clientIp),
      me: async (_input, context) => principalOf(context),
      logout: (_input, context) => auth.logout(principalOf(context)),
      changePassword: ({ body }, context) =>
        auth.changePassword(principalOf(context), body, context.clientIp),
    },
    apiTokens: {
      list: async () => ({ data: await auth.listApiTokens() }),
      create: ({ body }, context) => auth.createApiToken(principalOf(context), body),
      revoke: ({ id }) => auth.revokeApiToken(id),
    },
    healthTargets: {
      list: async () => ({ data: await healthTargets.listHealthTargets() }),
      get: ({ id }) => healthTargets.getHealthTarget(id),
      create: ({ body }) => healthTargets.createHealthTarget(body),
      update: ({ id, body }) => healthTargets.updateHealthTarget(id, body),
      remove: ({ id }) => healthTargets.deleteHealthTarget(id),
      run: ({ id }) => healthTargets.runHealthTarget(id),
    },
    monitoring: {
      status: async () => monitoring.status(),
    },
    routing: {
      state: async () => ({ data: routing.state() }),
      reset: async ({ modelId }) => routing.reset(modelId),
    },
    prompts: {
      preview: async ({ id, body }) => prompts.preview(id, body),
    },
    system: {
      status: async () => system.status(),
    },
    backups: {
      exportConfig: ({ body }) => backups.exportConfig(body),
      importConfig: ({ body }) => backups.importConfig(body),
      database: ({ body }) => backups.backupDatabase(body),
    },
  };
}
