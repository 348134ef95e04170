import type { AdminService } from '../../src-shared/admin-contract.ts';
import type { AdminContract, ContractImplementation } from '../../src-shared/contract/index.ts';
import type { LogService } from '../logs/log-service.ts';
import type { UsageService } from '../usage/usage-service.ts';

/** The services behind the contract's domains. */
export interface AdminImplementationOptions {
  /** Configuration CRUD: providers, models, virtual models, virtual keys, settings. */
  config: AdminService;
  /** Usage summaries and budgets (usage/usage-service.ts). */
  usage: UsageService;
  /** Request-log search, export and pruning (logs/log-service.ts). */
  logs: LogService;
}

/**
 * The contract's implementation: each domain's operations, each a thin call into the service
 * that holds its logic. Transport-free; the bindings validate the input before calling.
 */
export function createAdminImplementation(
  options: AdminImplementationOptions,
): ContractImplementation<AdminContract> {
  const { config, usage, logs } = options;
  return {
    providers: {
      list: async () => ({ data: await config.listProviders() }),
      get: ({ id }) => config.getProvider(id),
      create: ({ body }) => config.createProvider(body),
      update: ({ id, body }) => config.updateProvider(id, body),
      remove: ({ id }) => config.deleteProvider(id),
    },
    models: {
      list: async () => ({ data: await config.listModels() }),
      get: ({ id }) => config.getModel(id),
      create: ({ body }) => config.createModel(body),
      update: ({ id, body }) => config.updateModel(id, body),
      remove: ({ id }) => config.deleteModel(id),
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
  };
}
