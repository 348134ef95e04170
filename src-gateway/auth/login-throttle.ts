import type { Clock } from '../lib/clock.ts';

export interface LoginThrottle {
  /** Seconds to wait when `key` is locked out, else undefined. */
  retryAfter(key: string): number | undefined;
  recordFailure(key: string): void;
  recordSuccess(key: string): void;
}

/**
 * Counts failed logins per key (username + client IP) in a sliding window.
 * After `maxFailures` inside `windowMs` the key is locked until the oldest
 * failure leaves the window. Memory is bounded: old keys are pruned.
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
    retryAfter(key) {
      const now = options.clock.now();
      const times = recent(key, now);
      if (times.length < maxFailures) return undefined;
      const unlockAt = times[times.length - maxFailures]! + windowMs;
      return Math.max(1, Math.ceil((unlockAt - now) / 1000));
    },
    recordFailure(key) {
      const now = options.clock.now();
      const times = recent(key, now);
      times.push(now);
      failures.set(key, times);
      if (failures.size > maxKeys) {
        // Maps iterate in insertion order: drop the oldest key.
        const oldest = failures.keys().next().value;
        if (oldest !== undefined) failures.delete(oldest);
      }
    },
    recordSuccess(key) {
      failures.delete(key);
    },
  };
}
