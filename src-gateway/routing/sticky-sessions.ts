import type { Clock } from '../lib/clock.ts';

export interface StickySessions {
  /** The target a session last succeeded on, if the entry has not expired. */
  get(sessionKey: string): string | undefined;
  /** Remember (or refresh) the session's target. */
  set(sessionKey: string, modelId: string): void;
  size(): number;
}

/**
 * Session id -> target, so a conversation keeps hitting the upstream whose
 * prompt cache is warm. A bounded LRU (a Map kept in use order) whose entries
 * expire `ttlMs` after their last use.
 */
export function createStickySessions(options: {
  clock: Clock;
  maxEntries?: number;
  ttlMs?: number;
}): StickySessions {
  const maxEntries = options.maxEntries ?? 10_000;
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const entries = new Map<string, { modelId: string; expiresAt: number }>();
  return {
    get(sessionKey) {
      const entry = entries.get(sessionKey);
      if (!entry) return undefined;
      const now = options.clock.now();
      if (entry.expiresAt <= now) {
        entries.delete(sessionKey);
        return undefined;
      }
      entries.delete(sessionKey);
      entries.set(sessionKey, { modelId: entry.modelId, expiresAt: now + ttlMs });
      return entry.modelId;
    },
    set(sessionKey, modelId) {
      entries.delete(sessionKey);
      while (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(sessionKey, { modelId, expiresAt: options.clock.now() + ttlMs });
    },
    size: () => entries.size,
  };
}
