import type { UpdateModelRequest } from '../../src-shared/schemas/model.ts';
import type { CatalogEntry } from './catalog-entry.ts';

/**
 * Everything the catalog knows about a model, as model fields: prices, context
 * window, max output, capability flags and `catalogId`. Fields the entry lacks
 * are `null` so applying an entry never leaves stale values from before.
 */
export function catalogModelFields(entry: CatalogEntry): UpdateModelRequest {
  return {
    inputCostPerToken: entry.inputCostPerToken ?? null,
    outputCostPerToken: entry.outputCostPerToken ?? null,
    cacheReadCostPerToken: entry.cacheReadCostPerToken ?? null,
    cacheWriteCostPerToken: entry.cacheWriteCostPerToken ?? null,
    contextWindow: entry.contextWindow ?? null,
    maxOutputTokens: entry.maxOutputTokens ?? null,
    capabilities: Object.keys(entry.capabilities).length > 0 ? { ...entry.capabilities } : null,
    catalogId: entry.id,
  };
}

/** The same fields for a new model: absent instead of `null`. */
export function catalogCreateFields(entry: CatalogEntry): Record<string, unknown> {
  return Object.fromEntries(Object.entries(catalogModelFields(entry)).filter(([, value]) => value !== null));
}

/**
 * The model id the vendor expects for a catalog entry: the key without
 * LiteLLM's provider prefix (`groq/llama-3.1-8b-instant` -> `llama-3.1-8b-instant`,
 * `openrouter/openai/gpt-4o` -> `openai/gpt-4o`).
 */
export function upstreamModelOf(entry: CatalogEntry): string {
  const prefix = `${entry.provider}/`;
  return entry.id.startsWith(prefix) ? entry.id.slice(prefix.length) : entry.id;
}
