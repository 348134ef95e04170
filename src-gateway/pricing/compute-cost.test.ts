import { describe, expect, it } from 'vitest';
import { computeCost } from './compute-cost.ts';

// $3 / $15 per million, cache read $0.30, cache write $3.75 (Claude Sonnet prices).
const sonnet = {
  inputCostPerToken: 3e-6,
  outputCostPerToken: 15e-6,
  cacheReadCostPerToken: 0.3e-6,
  cacheWriteCostPerToken: 3.75e-6,
};

describe('computeCost', () => {
  it('prices cached input once, at the cache prices', () => {
    // 1000 input in all: 600 cache reads, 100 cache writes, 300 plain; 200 output (50 of it reasoning).
    const cost = computeCost(sonnet, {
      inputTokens: 1000,
      outputTokens: 200,
      cacheReadTokens: 600,
      cacheWriteTokens: 100,
      reasoningTokens: 50,
    });
    // 300*3 + 600*0.3 + 100*3.75 + 200*15 = 900 + 180 + 375 + 3000 = 4455 micro-dollars
    expect(cost).toBeCloseTo(0.004455, 12);
  });

  it('falls back to the input price for cache tokens when the model has no cache prices', () => {
    const cost = computeCost(
      { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6 },
      { inputTokens: 500, outputTokens: 10, cacheReadTokens: 400, cacheWriteTokens: 0, reasoningTokens: 0 },
    );
    expect(cost).toBeCloseTo(500e-6 + 20e-6, 12);
  });

  it('costs nothing for an unpriced model', () => {
    const usage = {
      inputTokens: 5,
      outputTokens: 5,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    };
    expect(computeCost({}, usage)).toBe(0);
  });
});
