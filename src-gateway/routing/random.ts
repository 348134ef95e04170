/** A source of uniform numbers in [0, 1), injected so routing tests are deterministic. */
export type Random = () => number;
