import type { AdminService } from '../../src-shared/admin-contract.ts';
import type { AdminContract, ContractImplementation } from '../../src-shared/contract/index.ts';
import type { CatalogAdminService } from './catalog-service.ts';
import type { PresetService } from './preset-service.ts';

/** The services behind the contract's domains. */
export interface AdminImplementationOptions {
  /** Configuration CRUD: providers, models, virtual models, virtual keys, settings. */
  config: AdminService;
  /** The model catalog, and the provider/model actions that draw on it (import, bulk add, apply). */
  catalog: CatalogAdminService;
  /** Provider presets. */
  presets: PresetService;
}

/**
 * The contract's implementation: each domain's operations, each a thin call into the service
 * that holds its logic. Transport-free; the bindings validate the input before calling.
 */
export function createAdminImplementation(
  options: AdminImplementationOptions,
): ContractImplementation<AdminContract> {
  const { config, catalog, presets } = options;
  return {
    providers: {
      list: async () => ({ data: await config.listProviders() }),
      get: ({ id }) => config.getProvider(id),
      create: ({ body }) => config.createProvider(body),
      update: ({ id, body }) => config.updateProvider(id, body),
      remove: ({ id }) => config.deleteProvider(id),
      importModels: ({ id }) => catalog.importModels(id),
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
    catalog: {
      status: () => catalog.status(),
      refresh: () => catalog.refresh(),
      search: (query) => catalog.search(query),
    },
    presets: {
      list: async () => ({ data: await presets.list() }),
      get: ({ id }) => presets.get(id),
    },
  };
}
