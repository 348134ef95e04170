import { AdminError } from '../lib/admin-error.ts';
import type { TargetHealth } from './create-router.ts';

/** What the service reads from the router (in memory; nothing here touches storage). */
export interface RoutingStateSource {
  breakerStates(): TargetHealth[];
  resetTarget(modelId: string): boolean;
}

/** The `routing` domain of the admin contract: breaker states per target, and a manual reset. */
export interface RoutingStateService {
  /** Every target the router has seen. */
  state(): TargetHealth[];
  /** Close one target's breaker and clear its cooldown; answers its state (404 when unknown). */
  reset(modelId: string): TargetHealth;
}

export function createRoutingStateService(source: RoutingStateSource): RoutingStateService {
  return {
    state: () => source.breakerStates(),
    reset(modelId) {
      const found = source.resetTarget(modelId)
        ? source.breakerStates().find((state) => state.modelId === modelId)
        : undefined;
      if (!found) throw new AdminError(404, 'not_found', `The router has no state for model "${modelId}"`);
      return found;
    },
  };
}
