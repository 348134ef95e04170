import type { CanonicalRequest, ReasoningEffort } from '../../canonical/types.ts';

/**
 * The `reasoning_effort` for a chat upstream. An explicit effort wins; otherwise a
 * token budget (Anthropic `thinking.budget_tokens`, Gemini `thinkingBudget`) is
 * bucketed with the heuristic of musistudio/llms `getThinkLevel`:
 * up to 1024 tokens low, up to 8192 medium, above that high.
 * Reasoning switched off, or a budget of 0, sends nothing.
 */
export function mapReasoningEffort(reasoning: CanonicalRequest['reasoning']): ReasoningEffort | undefined {
  if (!reasoning || reasoning.enabled === false) return undefined;
  if (reasoning.effort) return reasoning.effort;
  const budget = reasoning.budgetTokens;
  if (budget === undefined || budget <= 0) return undefined;
  if (budget <= 1024) return 'low';
  if (budget <= 8192) return 'medium';
  return 'high';
}
