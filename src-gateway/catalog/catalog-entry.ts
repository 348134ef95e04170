/** The catalog's shapes are shared with the renderer; they live in src-shared. */
export {
  capabilityNames,
  catalogEntrySchema,
  catalogStatusSchema,
  type CapabilityName,
  type CatalogEntry,
  type CatalogStatus,
} from '../../src-shared/schemas/catalog.ts';
