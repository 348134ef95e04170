import type { GatewayAdminService } from './create-admin-service.ts';
import type { Model } from '../../src-shared/schemas/model.ts';
import type {
  ApplyCatalogRequest,
  BulkAddResult,
  CatalogSearchQuery,
  CatalogStatus,
} from '../../src-shared/schemas/catalog.ts';
import { catalogSearchQuery } from '../../src-shared/schemas/catalog.ts';
import type { CatalogPage } from '../catalog/catalog-index.ts';
import type { CatalogRefreshResult } from '../catalog/create-catalog-service.ts';
import { importProviderModels, type ImportModelsDependencies } from '../providers/import-provider-models.ts';
import { addCatalogModels, applyCatalogEntry } from './add-catalog-models.ts';
import { parseInput } from '../lib/admin-error.ts';

/** The catalog's admin operations, and the provider and model actions that draw on it. */
export interface CatalogAdminService {
  status(): Promise<CatalogStatus>;
  refresh(): Promise<CatalogRefreshResult>;
  /** Query-string names (`q`, `page_size`); `capability` comma-separated or a list. */
  search(query: CatalogSearchQuery): Promise<CatalogPage>;
  /** Copy a catalog entry onto a model: 404 unknown model, 400 unknown entry. */
  applyCatalog(modelId: string, request: ApplyCatalogRequest): Promise<Model>;
  /** Create models on a provider from catalog entries, in one write. */
  addCatalogModels(providerId: string, catalogIds: readonly string[]): Promise<BulkAddResult>;
  /** List the upstream's models and create the missing ones (502 when the upstream fails). */
  importModels(providerId: string): Promise<BulkAddResult>;
}

/** Transport-free: the bindings validate input with the contract first; `search` parses again for direct callers. */
export function createCatalogAdminService(
  dependencies: ImportModelsDependencies & { admin: GatewayAdminService },
): CatalogAdminService {
  const { admin, catalog } = dependencies;
  return {
    status: () => catalog.status(),
    refresh: () => catalog.refresh(),
    search(raw) {
      const query = parseInput(catalogSearchQuery, raw);
      return catalog.search({
        query: query.q,
        provider: query.provider,
        mode: query.mode,
        capabilities: query.capability,
        page: query.page,
        pageSize: query.page_size,
      });
    },
    applyCatalog: (modelId, request) =>
      applyCatalogEntry(admin, catalog, modelId, request.catalogId, request.overrides),
    addCatalogModels: (providerId, catalogIds) => addCatalogModels(admin, catalog, providerId, catalogIds),
    importModels: (providerId) => importProviderModels(dependencies, providerId),
  };
}
