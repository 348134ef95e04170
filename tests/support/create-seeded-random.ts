import type { Random } from '../../src-gateway/routing/random.ts';

/**
 * A small seedable generator (mulberry32) to inject as the gateway's `random`: the same
 * seed gives the same sequence, so weighted and exploring routing is deterministic in tests.
 */
export function createSeededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
