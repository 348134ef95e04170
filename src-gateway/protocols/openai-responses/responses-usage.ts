import type { Usage } from '../../canonical/types.ts';

/** Usage as Responses clients read it (Codex requires the three integer totals). */
export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

const count = (value: number): number => (Number.isFinite(value) ? Math.max(0, Math.round(value)) : 0);

/** Canonical usage -> Responses usage. Both count cached input inside `input_tokens` (protocols.md 2.7). */
export function encodeResponsesUsage(usage: Usage): ResponsesUsage {
  const input = count(usage.inputTokens);
  const output = count(usage.outputTokens);
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: count(usage.cacheReadTokens) },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: count(usage.reasoningTokens) },
    total_tokens: input + output,
  };
}

function numberAt(source: unknown, key: string): number | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  const value = (source as Record<string, unknown>)[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** An upstream Responses `usage` object -> the canonical fields it reports; undefined when absent. */
export function decodeResponsesUsage(raw: unknown): Partial<Usage> | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const usage: Partial<Usage> = {};
  const input = numberAt(raw, 'input_tokens');
  const output = numberAt(raw, 'output_tokens');
  const cached = numberAt((raw as Record<string, unknown>)['input_tokens_details'], 'cached_tokens');
  const reasoning = numberAt((raw as Record<string, unknown>)['output_tokens_details'], 'reasoning_tokens');
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  if (cached !== undefined) usage.cacheReadTokens = cached;
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  return Object.keys(usage).length > 0 ? usage : undefined;
}
