import type { Usage } from '../../canonical/types.ts';
import type { GeminiUsageMetadata } from './gemini-response-schema.ts';

/**
 * Gemini `usageMetadata` in canonical terms (protocols.md 2.7): input includes
 * cached and tool-use prompt tokens; `candidatesTokenCount` excludes thoughts,
 * so output is candidates + thoughts.
 */
export function mapGeminiUsage(metadata: GeminiUsageMetadata): Usage {
  const thoughts = metadata.thoughtsTokenCount ?? 0;
  return {
    inputTokens: (metadata.promptTokenCount ?? 0) + (metadata.toolUsePromptTokenCount ?? 0),
    outputTokens: (metadata.candidatesTokenCount ?? 0) + thoughts,
    cacheReadTokens: metadata.cachedContentTokenCount ?? 0,
    cacheWriteTokens: 0,
    reasoningTokens: thoughts,
  };
}
