import type { CanonicalRequest, ReasoningEffort } from '../../canonical/types.ts';

/**
 * `max_tokens` is required by Anthropic but optional in OpenAI Chat and Responses.
 * 4096 is accepted by every current Claude model and is enough for a normal answer;
 * when thinking is on, the thinking budget is added on top (thinking counts toward it).
 */
export const defaultAnthropicMaxTokens = 4096;

/** Anthropic rejects a thinking budget under 1024 tokens. */
const minimumBudget = 1024;

/**
 * Effort bucket -> `budget_tokens` heuristic (the buckets have no exact Anthropic
 * equivalent; these double per step from the API minimum, like musistudio/llms `getThinkLevel`
 * read backwards). Adaptive thinking with no budget is assumed to use about `medium`.
 */
export const effortBudgets: Record<ReasoningEffort, number> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 32768,
};

export interface AnthropicThinkingConfig {
  maxTokens: number;
  thinking?: { type: 'enabled'; budget_tokens: number } | { type: 'adaptive' };
  /** `output_config.effort` for adaptive thinking. */
  effort?: 'low' | 'medium' | 'high' | 'xhigh';
}

/**
 * Turn canonical reasoning into Anthropic `thinking` plus a consistent `max_tokens`:
 * - an explicit budget is used as is (raised to the 1024 minimum);
 * - an effort alone (OpenAI `reasoning_effort`) becomes a budget from {@link effortBudgets};
 * - `enabled` without a budget (an Anthropic client's adaptive thinking) stays adaptive;
 * - a budget that does not fit under the client's own `max_tokens` is shrunk to fit,
 *   and thinking is dropped when even the minimum does not fit.
 */
export function encodeAnthropicThinking(request: CanonicalRequest): AnthropicThinkingConfig {
  const reasoning = request.reasoning;
  const requested = request.maxTokens;
  if (!reasoning || reasoning.enabled === false) return { maxTokens: requested ?? defaultAnthropicMaxTokens };

  if (reasoning.budgetTokens === undefined && reasoning.enabled === true) {
    const config: AnthropicThinkingConfig = {
      maxTokens: requested ?? defaultAnthropicMaxTokens + effortBudgets.medium,
      thinking: { type: 'adaptive' },
    };
    if (reasoning.effort) config.effort = reasoning.effort === 'minimal' ? 'low' : reasoning.effort;
    return config;
  }

  let budget = reasoning.budgetTokens ?? (reasoning.effort ? effortBudgets[reasoning.effort] : undefined);
  if (budget === undefined) return { maxTokens: requested ?? defaultAnthropicMaxTokens };
  budget = Math.max(minimumBudget, Math.round(budget));
  if (requested === undefined) {
    return {
      maxTokens: defaultAnthropicMaxTokens + budget,
      thinking: { type: 'enabled', budget_tokens: budget },
    };
  }
  // budget_tokens must be strictly below max_tokens.
  if (budget >= requested) budget = requested - 1;
  if (budget < minimumBudget) return { maxTokens: requested };
  return { maxTokens: requested, thinking: { type: 'enabled', budget_tokens: budget } };
}
