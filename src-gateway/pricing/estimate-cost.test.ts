import { describe, expect, it } from 'vitest';
import { computeCost } from './compute-cost.ts';
import { estimateCost } from './estimate-cost.ts';

const sonnet = { inputCostPerToken: 3e-6, outputCostPerToken: 15e-6 };

describe('estimateCost', () => {
  it('prices the estimated input and the allowed output, as computeCost would price that usage', () => {
    expect(estimateCost(sonnet, 1000, 200)).toBeCloseTo(0.003 + 0.003, 12);
    const usage = {
      inputTokens: 1000,
      outputTokens: 200,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    };
    expect(estimateCost(sonnet, 1000, 200)).toBeCloseTo(computeCost(sonnet, usage), 12);
  });

  it('counts no output when none is asked for (embeddings) and nothing for an unpriced model', () => {
    expect(estimateCost(sonnet, 500)).toBeCloseTo(0.0015, 12);
    expect(estimateCost({}, 500, 100)).toBe(0);
  });
});
