import type { GatewayAdminService } from '../../admin/create-admin-service.ts';
import { settingsSchema } from '../../../src-shared/schemas/settings.ts';
import { createCatalogFetch } from '../../catalog/create-catalog-fetch.ts';
import {
  createCatalogService,
  type CatalogService,
  type CatalogServiceOptions,
} from '../../catalog/create-catalog-service.ts';
import type { CatalogFetch } from '../../catalog/download-catalog.ts';
import { defaultBundledCatalog, type BundledCatalog } from '../../catalog/bundled-catalog.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { ConfigSnapshot, DispatcherPool } from '../../runtime/snapshot.ts';
import type { Repositories } from '../../storage/create-repositories.ts';
import type { EnvironmentProxy } from '../../upstream/create-dispatcher-pool.ts';
import type { AdminRoute } from './admin-route.ts';
import { createCatalogRoutes } from './catalog-routes.ts';
import { createImportModelsRoutes } from './import-models-routes.ts';
import { createProviderPresetRoutes } from './provider-preset-routes.ts';

/** `createGateway({ catalog })`: how the model catalog is fetched. Background refresh is off unless asked for. */
export type GatewayCatalogOptions = Partial<
  Omit<CatalogServiceOptions, 'repository' | 'getSettings' | 'clock' | 'logger' | 'fetch' | 'bundled'>
> & {
  /** Replaces the HTTP client (tests). Default: undici over the environment proxy. */
  fetch?: CatalogFetch;
  /** The catalog until a download succeeds. Default: the snapshot shipped with the app; `false`: empty. */
  bundled?: BundledCatalog | false;
};

export interface CatalogFeatureOptions {
  admin: GatewayAdminService;
  repositories: Repositories;
  clock: Clock;
  logger: Logger;
  dispatchers: DispatcherPool;
  getSnapshot(): ConfigSnapshot;
  environmentProxy?: EnvironmentProxy;
  catalog?: GatewayCatalogOptions;
}

/**
 * Presets, import models and the model catalog, wired together: the catalog
 * service and the admin routes for all three. `close()` stops the background refresh.
 */
export function createCatalogFeature(options: CatalogFeatureOptions): {
  catalog: CatalogService;
  routes: AdminRoute[];
  close(): Promise<void>;
} {
  const { fetch: injectedFetch, bundled, ...catalogOptions } = options.catalog ?? {};
  const client = injectedFetch ? undefined : createCatalogFetch(options.environmentProxy);
  const catalog = createCatalogService({
    ...catalogOptions,
    ...(bundled === false ? {} : { bundled: bundled ?? defaultBundledCatalog() }),
    repository: options.repositories.catalog,
    getSettings: async () =>
      ((await options.repositories.settings.get()) ?? settingsSchema.parse({})).catalog,
    fetch: injectedFetch ?? client!.fetch,
    clock: options.clock,
    logger: options.logger,
  });
  const routes = [
    ...createProviderPresetRoutes(),
    ...createImportModelsRoutes({
      admin: options.admin,
      catalog,
      dispatchers: options.dispatchers,
      getProvider: (id) => options.getSnapshot().providers.get(id),
    }),
    ...createCatalogRoutes(options.admin, catalog),
  ];
  return {
    catalog,
    routes,
    async close() {
      catalog.stop();
      await client?.close();
    },
  };
}
