/** Time source passed into factories so schedulers, limiters and breakers can be tested with a fake clock. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
