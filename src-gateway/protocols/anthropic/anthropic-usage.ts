import { estimateRequestTokens } from '../../canonical/estimate-tokens.ts';
import type { Usage } from '../../canonical/types.ts';
import { decodeAnthropicRequest } from './decode-anthropic-request.ts';

/** Anthropic's usage object as it appears in messages, `message_start` and `message_delta`. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Anthropic usage -> canonical (protocols.md 2.7). Anthropic's `input_tokens` excludes
 * cache reads and writes; canonical `inputTokens` is all input, so they are added back.
 */
export function fromAnthropicUsage(usage: AnthropicUsage): Usage {
  const cacheRead = count(usage.cache_read_input_tokens);
  const cacheWrite = count(usage.cache_creation_input_tokens);
  return {
    inputTokens: count(usage.input_tokens) + cacheRead + cacheWrite,
    outputTokens: count(usage.output_tokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: count(usage.output_tokens_details?.thinking_tokens),
  };
}

/** The four fields Anthropic clients read, all always present (Claude Code sums input and cache_*). */
export interface AnthropicUsageOut {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/**
 * Canonical usage -> Anthropic: `input_tokens` is the uncached part, never negative.
 * `fallbackInputTokens` (a local estimate) stands in when the upstream reported no input at all.
 */
export function toAnthropicUsage(usage: Usage, fallbackInputTokens?: number): AnthropicUsageOut {
  const cacheRead = count(usage.cacheReadTokens);
  const cacheWrite = count(usage.cacheWriteTokens);
  const known = count(usage.inputTokens) > 0 || cacheRead > 0 || cacheWrite > 0;
  const input = known
    ? Math.max(0, count(usage.inputTokens) - cacheRead - cacheWrite)
    : count(fallbackInputTokens);
  return {
    input_tokens: input,
    output_tokens: count(usage.outputTokens),
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}

/**
 * Estimate input tokens from the client's own Anthropic body, when the caller did not
 * pass an estimate; undefined when there is no usable body.
 */
export function estimateAnthropicInputTokens(
  clientBody: Record<string, unknown> | undefined,
): number | undefined {
  if (!clientBody) return undefined;
  try {
    return estimateRequestTokens(decodeAnthropicRequest(clientBody));
  } catch {
    return undefined;
  }
}
