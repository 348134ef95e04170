import type { Usage } from '../canonical/types.ts';
import type { ModelRuntime } from '../config-snapshot/snapshot.ts';

/**
 * USD cost of one request from canonical usage (input includes cached tokens,
 * so cache reads and writes are priced separately and never counted twice).
 * Cache prices fall back to the input price when the model has none.
 */
export function computeCost(
  model: Pick<
    ModelRuntime,
    'inputCostPerToken' | 'outputCostPerToken' | 'cacheReadCostPerToken' | 'cacheWriteCostPerToken'
  >,
  usage: Usage,
): number {
  const inputPrice = model.inputCostPerToken ?? 0;
  const outputPrice = model.outputCostPerToken ?? 0;
  const cacheReadPrice = model.cacheReadCostPerToken ?? inputPrice;
  const cacheWritePrice = model.cacheWriteCostPerToken ?? inputPrice;
  const uncachedInput = Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
  return (
    uncachedInput * inputPrice +
    usage.cacheReadTokens * cacheReadPrice +
    usage.cacheWriteTokens * cacheWritePrice +
    usage.outputTokens * outputPrice
  );
}
