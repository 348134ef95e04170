export {
  createCatalogService,
  type CatalogService,
  type CatalogServiceOptions,
  type CatalogRefreshResult,
} from './create-catalog-service.ts';
export { createCatalogFetch } from './create-catalog-fetch.ts';
export {
  catalogEntrySchema,
  catalogStatusSchema,
  capabilityNames,
  type CatalogEntry,
  type CatalogStatus,
  type CapabilityName,
} from './catalog-entry.ts';
export {
  createCatalogIndex,
  type CatalogIndex,
  type CatalogPage,
  type CatalogQuery,
} from './catalog-index.ts';
export { parseCatalog, CatalogFormatError } from './parse-catalog.ts';
export { downloadCatalog, CatalogDownloadError, type CatalogFetch } from './download-catalog.ts';
export { catalogModelFields, upstreamModelOf } from './catalog-model-fields.ts';
export { matchCatalogEntry } from './match-catalog-entry.ts';
