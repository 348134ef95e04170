import type { Clock } from '../lib/clock.ts';

export interface LoginThrottle {
  /**
   * Reserve one password check for `key` before it runs. Answers the seconds
   * to wait when `key` is locked out (nothing is reserved then), else undefined:
   * the attempt now counts as a failure until `recordSuccess` clears it.
   */
  reserve(key: string): number | undefined;
  /** The password was right: forget every failure (and reservation) of `key`. */
  recordSuccess(key: string): void;
}

/**
 * Counts password checks per key (username + client IP) in a sliding window.
 * After `maxFailures` inside `windowMs` the key is locked until the oldest
 * failure leaves the window. Memory is bounded: old keys are pruned.
 *
 * An attempt is counted when it is reserved, before the (slow, awaited)
 * password hash: counting it afterwards let any number of parallel guesses
 * pass the check while the first ones were still hashing.
 */
export function createLoginThrottle(options: {
  clock: Clock;
  maxFailures?: number;
  windowMs?: number;
  maxKeys?: number;
}): LoginThrottle {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const maxKeys = options.maxKeys ?? 10_000;
  const failures = new Map<string, number[]>();

  function recent(key: string, now: number): number[] {
    const times = (failures.get(key) ?? []).filter((time) => time > now - windowMs);
    if (times.length === 0) failures.delete(key);
    else failures.set(key, times);
    return times;
  }

  return {
    reserve(key) {
      const now = options.clock.now();
      const times = recent(key, now);
      if (times.length >= maxFailures) {
        const unlockAt = times[times.length - maxFailures]! + windowMs;
        return Math.max(1, Math.ceil((unlockAt - now) / 1000));
      }
      times.push(now);
      failures.set(key, times);
      if (failures.size > maxKeys) {
        // Maps iterate in insertion order: drop the oldest key.
        const oldest = failures.keys().next().value;
        if (oldest !== undefined) failures.delete(oldest);
      }
      return undefined;
    },
    recordSuccess(key) {
      failures.delete(key);
    },
  };
}
