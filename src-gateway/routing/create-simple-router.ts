import type { ProviderRuntime } from '../runtime/snapshot.ts';
import type { TargetRouter } from './types.ts';

/**
 * The minimal router: candidates in the order resolution gave them (priority),
 * provider keys in turn, no learning.
 */
export function createSimpleRouter(): TargetRouter {
  const keyCursors = new Map<string, number>();
  return {
    plan: (resolution) => resolution.candidates,
    pickKey(provider: ProviderRuntime) {
      const keys = provider.apiKeys;
      if (keys.length <= 1) return keys[0];
      const cursor = keyCursors.get(provider.id) ?? 0;
      keyCursors.set(provider.id, cursor + 1);
      return keys[cursor % keys.length];
    },
    report: () => undefined,
  };
}
