import { z } from 'zod';
import { modelCapabilitiesSchema, modelSchema } from './model.ts';

/** One model of the catalog (LiteLLM's price list), in the gateway's own field names. */
export const catalogEntrySchema = z.object({
  /** The LiteLLM key, e.g. `gpt-4o-mini` or `groq/llama-3.1-8b-instant`. */
  id: z.string(),
  /** `litellm_provider`, e.g. `openai`, `groq`, `together_ai`. */
  provider: z.string(),
  /** `chat`, `embedding`, `completion`, `image_generation`, ... */
  mode: z.string().optional(),
  /** USD per token. */
  inputCostPerToken: z.number().optional(),
  outputCostPerToken: z.number().optional(),
  cacheReadCostPerToken: z.number().optional(),
  cacheWriteCostPerToken: z.number().optional(),
  contextWindow: z.number().int().optional(),
  maxOutputTokens: z.number().int().optional(),
  capabilities: modelCapabilitiesSchema,
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

/** Capability names accepted by search filters (the keys of `capabilities`). */
export const capabilityNames = [
  'tools',
  'vision',
  'reasoning',
  'promptCaching',
  'pdf',
  'audioInput',
  'audioOutput',
  'responseSchema',
] as const;
export type CapabilityName = (typeof capabilityNames)[number];

/** What the catalog knows about itself: shown so users can tell how fresh the prices are. */
export const catalogStatusSchema = z.object({
  /** Where the catalog is fetched from (settings `catalog.url`). */
  url: z.string(),
  entryCount: z.number().int(),
  /**
   * What the catalog in use is: `fetched` (downloaded from `url`), `bundled` (the snapshot shipped
   * with the app, used until the first successful download), or `none` (empty).
   */
  source: z.enum(['fetched', 'bundled', 'none']),
  /** When the catalog in use was taken: the download, or the bundled snapshot's date. */
  fetchedAt: z.string().optional(),
  /** When the cached copy was downloaded; absent before the first successful fetch. */
  updatedAt: z.string().optional(),
  /** When the source was last confirmed (a download or a 304). */
  checkedAt: z.string().optional(),
  /** The last refresh failure, if the most recent attempt failed (the cache is still used). */
  lastError: z.string().optional(),
  refreshing: z.boolean(),
  autoRefresh: z.boolean(),
});
export type CatalogStatus = z.infer<typeof catalogStatusSchema>;

/** The largest page a catalog search answers. */
export const catalogMaxPageSize = 500;

/** A catalog key (`gpt-4o-mini`, `groq/llama-3.1-8b-instant`). */
export const catalogIdSchema = z.string().min(1).max(256);

/** Search filters; over HTTP they are the query string (`capability` comma-separated or repeated). */
export const catalogSearchQuery = z.object({
  q: z.string().max(256).optional(),
  provider: z.string().max(128).optional(),
  mode: z.string().max(64).optional(),
  capability: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(',')))
    .pipe(z.array(z.enum(capabilityNames)))
    .optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  page_size: z.coerce.number().int().min(1).max(catalogMaxPageSize).optional(),
});
export type CatalogSearchQuery = z.input<typeof catalogSearchQuery>;

/** One page of search results, best match first. */
export const catalogPageSchema = z.object({
  data: z.array(catalogEntrySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** What a refresh did; a failure keeps the cached catalog. */
export const catalogRefreshResultSchema = z.object({
  outcome: z.enum(['updated', 'not-modified', 'failed']),
  error: z.string().optional(),
  status: catalogStatusSchema,
});

/** Copy a catalog entry onto a model. */
export const applyCatalogInput = z.object({
  catalogId: catalogIdSchema,
  /** Model fields that win over the catalog's values (same rules as PATCH /models/:id). */
  overrides: z.record(z.string(), z.unknown()).optional(),
});
export type ApplyCatalogRequest = z.input<typeof applyCatalogInput>;

/** Create models on a provider from catalog entries. */
export const addCatalogModelsInput = z.object({ catalogIds: z.array(catalogIdSchema).min(1).max(500) });

/** A bulk add (import models, add catalog models): the models created, and the ids left out with why. */
export const bulkAddResultSchema = z.object({
  data: z.array(modelSchema),
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
});
export type BulkAddResult = z.infer<typeof bulkAddResultSchema>;
