import type { ModelRuntime } from '../config-snapshot/snapshot.ts';

/**
 * USD a request is expected to cost before it runs: estimated input tokens at the input price
 * and the output it may produce (`max_tokens`) at the output price. Admission reserves this
 * against the key's budget; `computeCost` settles it on the real usage.
 */
export function estimateCost(
  model: Pick<ModelRuntime, 'inputCostPerToken' | 'outputCostPerToken'>,
  inputTokens: number,
  outputTokens = 0,
): number {
  return inputTokens * (model.inputCostPerToken ?? 0) + outputTokens * (model.outputCostPerToken ?? 0);
}
