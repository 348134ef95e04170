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
  /**
   * The key for one attempt at `model` of `providerId`, in turn among those not cooling down for
   * that model (a key resting as a whole rests for every model).
   */
  pick(providerId: string, keys: readonly string[], model?: string): string | undefined;
  /**
   * Rest one key until `until` (epoch ms): for `model` only when it is given, otherwise for every
   * model. A later cooldown never shortens an earlier one.
   */
  coolDown(providerId: string, key: string, until: number, model?: string): void;
  /** When the key may be used again (for `model`, when given); undefined when it is not cooling. */
  coolingUntil(providerId: string, key: string, model?: string): number | undefined;
  /** When the provider's first key becomes usable again (for `model`); undefined when one is usable now. */
  providerCoolingUntil(providerId: string, keys: readonly string[], model?: string): number | undefined;
  /** How many of the provider's keys are cooling now (for `model`). */
  coolingCount(providerId: string, keys: readonly string[], model?: string): number;
}

/**
 * Provider-key rotation with cooldowns. A key that was rate limited for one
 * model rests for that model while its siblings (and its other models) serve;
 * a key that was rejected rests for all. Keys are only ever used as map keys
 * in memory; nothing here logs or returns them beyond `pick`.
 */
export function createKeyPool(options: { clock: Clock; maxEntries?: number }): KeyPool {
  const cursors = new Map<string, number>();
  // Whole keys and (key, model) pairs apart, so the common case (nothing cooling) costs no lookup.
  const keyCooldowns = new Map<string, number>();
  const pairCooldowns = new Map<string, number>();
  const maxEntries = options.maxEntries ?? 10_000;
  const slot = (providerId: string, key: string): string => `${providerId}\u0000${key}`;
  const pairSlot = (providerId: string, key: string, model: string): string =>
    `${providerId}\u0000${key}\u0000${model}`;

  const live = (cooldowns: Map<string, number>, at: string, now: number): number | undefined => {
    const until = cooldowns.get(at);
    if (until === undefined) return undefined;
    if (until <= now) {
      cooldowns.delete(at);
      return undefined;
    }
    return until;
  };

  const coolingUntil = (providerId: string, key: string, model?: string): number | undefined => {
    const now = options.clock.now();
    const whole = keyCooldowns.size === 0 ? undefined : live(keyCooldowns, slot(providerId, key), now);
    if (model === undefined || pairCooldowns.size === 0) return whole;
    const pair = live(pairCooldowns, pairSlot(providerId, key, model), now);
    if (pair === undefined) return whole;
    return whole === undefined ? pair : Math.max(whole, pair);
  };

  return {
    pick(providerId, keys, model) {
      const now = options.clock.now();
      const chosen = chooseKey(
        keys,
        cursors.get(providerId) ?? 0,
        (key) => coolingUntil(providerId, key, model),
        now,
      );
      if (chosen.index >= 0) cursors.set(providerId, chosen.index + 1);
      return chosen.key;
    },
    coolDown(providerId, key, until, model) {
      const now = options.clock.now();
      const cooldowns = model === undefined ? keyCooldowns : pairCooldowns;
      const at = model === undefined ? slot(providerId, key) : pairSlot(providerId, key, model);
      const previous = live(cooldowns, at, now) ?? 0;
      if (cooldowns.size >= maxEntries) pruneExpired(cooldowns, now);
      if (cooldowns.size >= maxEntries) return;
      cooldowns.set(at, Math.max(previous, until));
    },
    coolingUntil,
    providerCoolingUntil(providerId, keys, model) {
      if (keys.length === 0) return undefined;
      let soonest = Infinity;
      for (const key of keys) {
        const until = coolingUntil(providerId, key, model);
        if (until === undefined) return undefined;
        soonest = Math.min(soonest, until);
      }
      return soonest;
    },
    coolingCount(providerId, keys, model) {
      return keys.filter((key) => coolingUntil(providerId, key, model) !== undefined).length;
    },
  };
}

function pruneExpired(cooldowns: Map<string, number>, now: number): void {
  for (const [slot, until] of cooldowns) if (until <= now) cooldowns.delete(slot);
}
