import type { HealthState } from '../../src-shared/schemas/public-health.ts';

/**
 * What the alert webhook receives (JSON). Names and numbers only: never a key,
 * a key hash, a provider URL or a provider key.
 */
export type AlertEvent =
  | {
      type: 'health.state_changed';
      /** ISO-8601 UTC. */
      at: string;
      target: { id: string; name: string; type: 'model' | 'virtual-model' };
      from: HealthState;
      to: HealthState;
      /** Error rate over the last hour, 0..1. */
      errorRate1h: number | null;
      lastError: { type: string; message: string } | null;
    }
  | {
      type: 'key.budget_exhausted';
      at: string;
      key: { id: string; name: string };
      budgetUsd: number | null;
      budgetPeriod: 'day' | 'month' | 'total' | null;
      spentUsd: number | null;
    };
