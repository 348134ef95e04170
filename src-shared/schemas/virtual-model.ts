import { z } from 'zod';
import { idSchema, isoTimestamp, nameSchema } from './common.ts';

export const routingStrategySchema = z.enum(['weighted', 'round-robin', 'priority', 'least-latency']);
export type RoutingStrategy = z.infer<typeof routingStrategySchema>;

export const routingTargetSchema = z.object({
  modelId: idSchema,
  weight: z.number().min(0).max(1_000_000).optional(),
  priority: z.number().int().min(0).max(1_000_000).optional(),
});
export type RoutingTarget = z.infer<typeof routingTargetSchema>;

const text = z.string().max(200_000);

export const promptRuleSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('system'),
    mode: z.enum(['override', 'prepend', 'append']),
    text,
    firstTurnOnly: z.boolean().optional(),
  }),
  z.object({ type: z.literal('prepend'), text, firstTurnOnly: z.boolean().optional() }),
  z.object({ type: z.literal('append'), text, firstTurnOnly: z.boolean().optional() }),
  z.object({
    type: z.literal('replace'),
    pattern: z.string().min(1).max(10_000),
    replacement: z.string().max(200_000),
    regex: z.boolean().optional(),
    /** Regex flags, any of `i` (ignore case), `m` (multiline anchors), `s` (dot matches newline). */
    flags: z
      .string()
      .regex(/^[ims]*$/, 'flags may only contain i, m and s')
      .optional(),
    scope: z.enum(['system', 'user', 'all']).optional(),
    firstTurnOnly: z.boolean().optional(),
  }),
]);
export type PromptRule = z.infer<typeof promptRuleSchema>;

/** Per-virtual-model request parameter overrides (issue 6). */
export const paramOverridesSchema = z.object({
  /** Applied when the client did not set the field. */
  defaults: z.record(z.string(), z.unknown()).optional(),
  /** Upper bounds for numeric fields (e.g. `max_tokens`, `temperature`). */
  caps: z.record(z.string(), z.number()).optional(),
  /** Fields always set, whatever the client sent. */
  force: z.record(z.string(), z.unknown()).optional(),
  /** Fields removed from the request. */
  remove: z.array(z.string()).optional(),
});

const virtualModelFields = {
  name: nameSchema,
  strategy: routingStrategySchema,
  targets: z.array(routingTargetSchema).max(64),
  promptRules: z.array(promptRuleSchema).max(100),
  enabled: z.boolean(),
  paramOverrides: paramOverridesSchema.optional(),
  /** Requests per target before moving on, and a total deadline for failover. */
  maxAttempts: z.number().int().min(1).max(20).optional(),
};

export const createVirtualModelInput = z.object({
  ...virtualModelFields,
  strategy: routingStrategySchema.default('priority'),
  targets: virtualModelFields.targets.default([]),
  promptRules: virtualModelFields.promptRules.default([]),
  enabled: z.boolean().default(true),
});
export type CreateVirtualModelInput = z.infer<typeof createVirtualModelInput>;
/** What a caller sends to create a virtual model (the schema's input side: defaults may be left out). */
export type CreateVirtualModelRequest = z.input<typeof createVirtualModelInput>;

export const updateVirtualModelInput = z
  .object({
    ...virtualModelFields,
    // `null` clears an optional field.
    paramOverrides: paramOverridesSchema.nullable(),
    maxAttempts: virtualModelFields.maxAttempts.nullable(),
  })
  .partial();
export type UpdateVirtualModelInput = z.infer<typeof updateVirtualModelInput>;
export type UpdateVirtualModelRequest = z.input<typeof updateVirtualModelInput>;

export const virtualModelSchema = z.object({
  id: idSchema,
  ...virtualModelFields,
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type VirtualModel = z.infer<typeof virtualModelSchema>;
