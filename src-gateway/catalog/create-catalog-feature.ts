import { settingsSchema } from '../../src-shared/schemas/settings.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { Repositories } from '../storage/create-repositories.ts';
import type { EnvironmentProxy } from '../upstream/create-dispatcher-pool.ts';
import { defaultBundledCatalog, type BundledCatalog } from './bundled-catalog.ts';
import { createCatalogFetch } from './create-catalog-fetch.ts';
import {
  createCatalogService,
  type CatalogService,
  type CatalogServiceOptions,
} from './create-catalog-service.ts';
import type { CatalogFetch } from './download-catalog.ts';

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
  repositories: Repositories;
  clock: Clock;
  logger: Logger;
  environmentProxy?: EnvironmentProxy;
  catalog?: GatewayCatalogOptions;
}

/**
 * The model catalog service with its download client (undici over the environment proxy, unless a
 * `fetch` is given) and the snapshot shipped with the app. `close()` stops the background refresh
 * and the client.
 */
export function createCatalogFeature(options: CatalogFeatureOptions): {
  catalog: CatalogService;
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
  return {
    catalog,
    async close() {
      catalog.stop();
      await client?.close();
    },
  };
}
