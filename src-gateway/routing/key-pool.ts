import type { Clock } from '../lib/clock.ts';

/**
 * Pick the next usable key after `cursor` (round robin), skipping keys whose
 * cooldown (epoch ms) has not passed. When every key is cooling, the one that
 * recovers first is used: an answer with a stale key still beats no attempt.
 * Pure: the caller keeps the cursor and the cooldowns.
 */
export function chooseKey(
  keys: readonly string[],
  cursor: number,
  coolingUntil: (key: string) => number | undefined,
  now: number,
): { key: string | undefined; index: number } {
  if (keys.length === 0) return { key: undefined, index: -1 };
  let soonest = -1;
  let soonestAt = Infinity;
  for (let step = 0; step < keys.length; step++) {
    const index = (cursor + step) % keys.length;
    const until = coolingUntil(keys[index]!) ?? 0;
    if (until <= now) return { key: keys[index], index };
    if (until < soonestAt) {
      soonestAt = until;
      soonest = index;
    }
  }
  return { key: keys[soonest], index: soonest };
}

export interface KeyPool {
  /** The key for one attempt at `providerId`, in turn among those not cooling down. */
  pick(providerId: string, keys: readonly string[]): string | undefined;
  /** Rest one key until `until` (epoch ms); a later cooldown never shortens an earlier one. */
  coolDown(providerId: string, key: string, until: number): void;
  /** When the key may be used again; undefined when it is not cooling. */
  coolingUntil(providerId: string, key: string): number | undefined;
  /** When the provider's first key becomes usable again; undefined when one is usable now. */
  providerCoolingUntil(providerId: string, keys: readonly string[]): number | undefined;
  /** How many of the provider's keys are cooling now. */
  coolingCount(providerId: string, keys: readonly string[]): number;
}

/**
 * Provider-key rotation with cooldowns. A key that was rate limited or
 * rejected rests while its siblings serve. Keys are only ever used as map keys
 * in memory; nothing here logs or returns them beyond `pick`.
 */
export function createKeyPool(options: { clock: Clock; maxEntries?: number }): KeyPool {
  const cursors = new Map<string, number>();
  const cooldowns = new Map<string, number>();
  const maxEntries = options.maxEntries ?? 10_000;
  const slot = (providerId: string, key: string): string => `${providerId}\u0000${key}`;

  const coolingUntil = (providerId: string, key: string): number | undefined => {
    const until = cooldowns.get(slot(providerId, key));
    if (until === undefined) return undefined;
    if (until <= options.clock.now()) {
      cooldowns.delete(slot(providerId, key));
      return undefined;
    }
    return until;
  };

  return {
    pick(providerId, keys) {
      const now = options.clock.now();
      const chosen = chooseKey(
        keys,
        cursors.get(providerId) ?? 0,
        (key) => coolingUntil(providerId, key),
        now,
      );
      if (chosen.index >= 0) cursors.set(providerId, chosen.index + 1);
      return chosen.key;
    },
    coolDown(providerId, key, until) {
      const previous = coolingUntil(providerId, key) ?? 0;
      if (cooldowns.size >= maxEntries) pruneExpired(cooldowns, options.clock.now());
      if (cooldowns.size >= maxEntries) return;
      cooldowns.set(slot(providerId, key), Math.max(previous, until));
    },
    coolingUntil,
    providerCoolingUntil(providerId, keys) {
      if (keys.length === 0) return undefined;
      let soonest = Infinity;
      for (const key of keys) {
        const until = coolingUntil(providerId, key);
        if (until === undefined) return undefined;
        soonest = Math.min(soonest, until);
      }
      return soonest;
    },
    coolingCount(providerId, keys) {
      return keys.filter((key) => coolingUntil(providerId, key) !== undefined).length;
    },
  };
}

function pruneExpired(cooldowns: Map<string, number>, now: number): void {
  for (const [slot, until] of cooldowns) if (until <= now) cooldowns.delete(slot);
}
