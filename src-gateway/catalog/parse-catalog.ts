import type { CatalogEntry } from './catalog-entry.ts';

/** The downloaded text is not a usable price list; the previous cache is kept. */
export class CatalogFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogFormatError';
  }
}

type RawEntry = Record<string, unknown>;

const costLimit = 1;

function cost(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= costLimit
    ? value
    : undefined;
}

function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function flag(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Keep only the fields that are set, so absent stays absent (not `undefined`). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function toEntry(id: string, raw: RawEntry): CatalogEntry {
  return compact({
    id,
    provider: typeof raw.litellm_provider === 'string' ? raw.litellm_provider : 'unknown',
    mode: typeof raw.mode === 'string' ? raw.mode : undefined,
    inputCostPerToken: cost(raw.input_cost_per_token),
    outputCostPerToken: cost(raw.output_cost_per_token),
    cacheReadCostPerToken: cost(raw.cache_read_input_token_cost),
    cacheWriteCostPerToken: cost(raw.cache_creation_input_token_cost),
    contextWindow: tokenCount(raw.max_input_tokens),
    maxOutputTokens: tokenCount(raw.max_output_tokens),
    capabilities: compact({
      tools: flag(raw.supports_function_calling),
      vision: flag(raw.supports_vision),
      reasoning: flag(raw.supports_reasoning),
      promptCaching: flag(raw.supports_prompt_caching),
      pdf: flag(raw.supports_pdf_input),
      audioInput: flag(raw.supports_audio_input),
      audioOutput: flag(raw.supports_audio_output),
      responseSchema: flag(raw.supports_response_schema),
    }),
  });
}

/**
 * Parse LiteLLM's `model_prices_and_context_window.json`. Refuses (throws
 * CatalogFormatError) anything that is not a JSON object of model objects with
 * at least one priced or sized model, so a broken download never replaces a
 * good cache. Skips `sample_spec` and entries that are not objects; drops
 * values of the wrong type rather than trusting them.
 */
export function parseCatalog(text: string): CatalogEntry[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new CatalogFormatError(`The catalog is not valid JSON (${(error as Error).message})`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new CatalogFormatError('The catalog is not a JSON object of models');
  }
  const entries: CatalogEntry[] = [];
  for (const [id, raw] of Object.entries(document)) {
    if (id === 'sample_spec' || typeof raw !== 'object' || raw === null || Array.isArray(raw)) continue;
    entries.push(toEntry(id, raw as RawEntry));
  }
  const useful = entries.filter(
    (entry) => entry.inputCostPerToken !== undefined || entry.contextWindow !== undefined,
  );
  if (useful.length === 0) throw new CatalogFormatError('The catalog holds no models with prices or sizes');
  return entries;
}
