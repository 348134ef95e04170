import type { Usage } from '../../canonical/types.ts';

/** The `usage` object a chat client expects (protocols.md 1.1, 2.7). */
export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
  cache_creation_input_tokens?: number;
}

/** Canonical usage to chat usage; `prompt_tokens` is all input, cached included. */
export function encodeChatUsage(usage: Usage): ChatUsage {
  const out: ChatUsage = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
  // The LiteLLM convention, so chat clients can see cache writes at all.
  if (usage.cacheWriteTokens > 0) out.cache_creation_input_tokens = usage.cacheWriteTokens;
  return out;
}
