import { z } from 'zod';
import { idSchema, listOf } from '../schemas/common.ts';
import { targetHealthSchema } from '../schemas/routing-state.ts';
import { operation } from './define-operation.ts';

/** The router's in-memory state: breakers, cooldowns, latency per target. */
export const routing = {
  state: operation({
    summary: 'Circuit breaker, cooldown and latency state of every target the router has seen',
    input: z.object({}),
    output: listOf(targetHealthSchema),
    errors: [],
  }),
  reset: operation({
    summary: "Close a target's circuit breaker and clear its cooldown",
    input: z.object({ modelId: idSchema }),
    output: targetHealthSchema,
    errors: [404],
  }),
};
