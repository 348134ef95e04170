import type { CreateModelRequest, Model } from '../../src-shared/schemas/model.ts';
import type { Provider } from '../../src-shared/schemas/provider.ts';
import { notFound } from '../lib/admin-error.ts';
import { catalogCreateFields } from '../catalog/catalog-model-fields.ts';
import type { CatalogService } from '../catalog/create-catalog-service.ts';
import { yieldToEventLoop } from '../lib/yield-to-event-loop.ts';
import { matchCatalogEntry } from '../catalog/match-catalog-entry.ts';
import type { DispatcherPool, ProviderRuntime } from '../config-snapshot/snapshot.ts';
import { listUpstreamModels } from './list-upstream-models.ts';
import { bulkModelNames, type ModelListings } from './bulk-model-names.ts';
import { findProviderPreset } from './provider-presets.ts';

export interface ImportModelsDependencies {
  /** What the import needs of the admin service: the provider, and the one-transaction bulk create. */
  admin: ModelListings & {
    getProvider(id: string): Promise<Provider>;
    createModels(inputs: readonly CreateModelRequest[]): Promise<Model[]>;
  };
  catalog: CatalogService;
  dispatchers: DispatcherPool;
  /** The provider as the hot path sees it (decrypted keys, merged timeouts, proxy). */
  getProvider(id: string): ProviderRuntime | undefined;
}

export interface ImportModelsResult {
  /** The models created. */
  data: Model[];
  /** Upstream ids not created, with why (already present, or no free name). */
  skipped: Array<{ id: string; reason: string }>;
}

/**
 * `POST /api/providers/:id/import-models`: list the upstream's models and
 * create the missing ones, each matched to a catalog entry where one exists
 * (prices, context window, capabilities filled in), in one write (`createModels`).
 */
export async function importProviderModels(
  dependencies: ImportModelsDependencies,
  providerId: string,
): Promise<ImportModelsResult> {
  const { admin, catalog } = dependencies;
  const provider = await admin.getProvider(providerId);
  const runtime = dependencies.getProvider(providerId);
  if (!runtime) throw notFound('provider', providerId);
  const ids = await listUpstreamModels(runtime, await dependencies.dispatchers.get(runtime));
  const catalogProvider = provider.preset ? findProviderPreset(provider.preset)?.catalogProvider : undefined;
  const { existing, allocate } = await bulkModelNames(admin, provider);
  const inputs: CreateModelRequest[] = [];
  const skipped: ImportModelsResult['skipped'] = [];
  for (const [index, id] of ids.entries()) {
    // Matching searches the catalog: a list of thousands must not hold up traffic meanwhile.
    if (index % 128 === 127) await yieldToEventLoop();
    if (existing.has(id)) {
      skipped.push({ id, reason: 'already imported' });
      continue;
    }
    const name = allocate(id);
    if (name === undefined) {
      skipped.push({ id, reason: 'both possible names are taken' });
      continue;
    }
    const entry = await matchCatalogEntry(catalog, id, catalogProvider);
    inputs.push({ providerId, name, upstreamModel: id, ...(entry ? catalogCreateFields(entry) : {}) });
  }
  const data: Model[] = await admin.createModels(inputs);
  return { data, skipped };
}
