/** A source of uniform numbers in [0, 1), injected so routing tests are deterministic. */
export type Random = () => number;

/**
 * A small seedable generator (mulberry32): the same seed gives the same
 * sequence, which is all the weighted and exploring strategies need.
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
