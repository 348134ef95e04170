import { z } from 'zod';
import { modelCapabilitiesSchema } from '../../src-shared/schemas/model.ts';

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
