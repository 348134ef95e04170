import type { Usage } from '../../canonical/types.ts';

/** Gemini `usageMetadata` as the gateway writes it to clients. */
export interface GeminiUsageMetadataOut {
  promptTokenCount: number;
  candidatesTokenCount: number;
  totalTokenCount: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
}

/**
 * Canonical usage in Gemini's terms (protocols.md 2.7), the inverse of
 * `mapGeminiUsage`: `promptTokenCount` includes cached tokens, as canonical
 * input does; `candidatesTokenCount` excludes thoughts, which canonical output
 * includes; the total is everything.
 */
export function encodeGeminiUsage(usage: Usage): GeminiUsageMetadataOut {
  const thoughts = Math.min(usage.reasoningTokens, usage.outputTokens);
  const metadata: GeminiUsageMetadataOut = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: usage.outputTokens - thoughts,
    totalTokenCount: usage.inputTokens + usage.outputTokens,
  };
  if (usage.cacheReadTokens > 0) metadata.cachedContentTokenCount = usage.cacheReadTokens;
  if (thoughts > 0) metadata.thoughtsTokenCount = thoughts;
  return metadata;
}
