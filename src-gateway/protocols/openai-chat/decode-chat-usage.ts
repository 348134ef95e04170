import type { Usage } from '../../canonical/types.ts';

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * A chat `usage` object to canonical usage (protocols.md 2.7). `prompt_tokens`
 * already includes cached tokens, so it is the canonical `inputTokens` as is.
 * Only the fields the upstream actually reported are set, so a partial report
 * never overwrites an earlier one with zeros.
 */
export function decodeChatUsage(usage: unknown): Partial<Usage> {
  const out: Partial<Usage> = {};
  const input = count(field(usage, 'prompt_tokens'));
  if (input !== undefined) out.inputTokens = input;
  const output = count(field(usage, 'completion_tokens'));
  if (output !== undefined) out.outputTokens = output;
  // DeepSeek reports cache hits as `prompt_cache_hit_tokens`.
  const cacheRead =
    count(field(field(usage, 'prompt_tokens_details'), 'cached_tokens')) ??
    count(field(usage, 'prompt_cache_hit_tokens')) ??
    count(field(usage, 'cache_read_input_tokens'));
  if (cacheRead !== undefined) out.cacheReadTokens = cacheRead;
  // Not in OpenAI's schema; LiteLLM and some vendors add it.
  const cacheWrite =
    count(field(usage, 'cache_creation_input_tokens')) ??
    count(field(field(usage, 'prompt_tokens_details'), 'cache_creation_tokens'));
  if (cacheWrite !== undefined) out.cacheWriteTokens = cacheWrite;
  const reasoning = count(field(field(usage, 'completion_tokens_details'), 'reasoning_tokens'));
  if (reasoning !== undefined) out.reasoningTokens = reasoning;
  return out;
}
