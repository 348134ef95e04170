import { z } from 'zod';
import { listOf } from '../../../src-shared/schemas/common.ts';
import { AdminError } from '../../admin/admin-error.ts';
import type { TargetHealth } from '../../routing/create-router.ts';
import type { AdminRoute } from './admin-route.ts';

/** What the routes read from the router (in memory; nothing here touches storage). */
export interface RoutingStateSource {
  breakerStates(): TargetHealth[];
  resetTarget(modelId: string): boolean;
}

const timestamp = z.string().nullable();

/** One target's circuit breaker, cooldown and latency, as `GET /api/routing/state` shows it. */
export const targetHealthSchema = z.object({
  modelId: z.string(),
  modelName: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  state: z.enum(['closed', 'open', 'half-open']),
  consecutiveFailures: z.number().int(),
  openedAt: timestamp,
  reopensAt: timestamp,
  lastError: z.string().nullable(),
  lastFailureAt: timestamp,
  window: z.object({ total: z.number().int(), failures: z.number().int() }),
  latencyMs: z.number().nullable(),
  coolingUntil: timestamp,
  keys: z.object({ total: z.number().int(), cooling: z.number().int() }),
}) satisfies z.ZodType<TargetHealth>;

/** Routing state routes: breaker states per target, and a manual reset. */
export function createRoutingStateRoutes(source: RoutingStateSource): AdminRoute[] {
  return [
    {
      method: 'get',
      path: '/routing/state',
      tag: 'routing',
      summary: 'Circuit breaker, cooldown and latency state of every target the router has seen',
      status: 200,
      response: listOf(targetHealthSchema),
      handle: async () => ({ data: source.breakerStates() }),
    },
    {
      method: 'post',
      path: '/routing/targets/:modelId/reset',
      tag: 'routing',
      summary: "Close a target's circuit breaker and clear its cooldown",
      status: 200,
      response: targetHealthSchema,
      errors: [404],
      handle: async ({ params }) => {
        const modelId = params.modelId ?? '';
        if (!source.resetTarget(modelId)) {
          throw new AdminError(404, 'not_found', `The router has no state for model "${modelId}"`);
        }
        return source.breakerStates().find((state) => state.modelId === modelId);
      },
    },
  ];
}
