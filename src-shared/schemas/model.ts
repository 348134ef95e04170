import { z } from 'zod';
import { idSchema, isoTimestamp, nameSchema } from './common.ts';

const cost = z.number().min(0).max(1);

export const modelCapabilitiesSchema = z.object({
  tools: z.boolean().optional(),
  vision: z.boolean().optional(),
  reasoning: z.boolean().optional(),
  promptCaching: z.boolean().optional(),
  pdf: z.boolean().optional(),
  audioInput: z.boolean().optional(),
  audioOutput: z.boolean().optional(),
  responseSchema: z.boolean().optional(),
});

const modelFields = {
  providerId: idSchema,
  name: nameSchema,
  upstreamModel: z.string().trim().min(1).max(256),
  enabled: z.boolean(),
  /** USD per token. */
  inputCostPerToken: cost.optional(),
  outputCostPerToken: cost.optional(),
  cacheReadCostPerToken: cost.optional(),
  cacheWriteCostPerToken: cost.optional(),
  contextWindow: z.number().int().positive().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  capabilities: modelCapabilitiesSchema.optional(),
  /** The catalog entry applied to this model, if any. */
  catalogId: z.string().max(256).optional(),
};

export const createModelInput = z.object({
  ...modelFields,
  upstreamModel: modelFields.upstreamModel.optional(),
  enabled: z.boolean().default(true),
});
export type CreateModelInput = z.infer<typeof createModelInput>;
/** What a caller sends to create a model (the schema's input side: defaults may be left out). */
export type CreateModelRequest = z.input<typeof createModelInput>;

export const updateModelInput = z
  .object({
    ...modelFields,
    inputCostPerToken: cost.nullable(),
    outputCostPerToken: cost.nullable(),
    cacheReadCostPerToken: cost.nullable(),
    cacheWriteCostPerToken: cost.nullable(),
    contextWindow: z.number().int().positive().nullable(),
    maxOutputTokens: z.number().int().positive().nullable(),
    capabilities: modelCapabilitiesSchema.nullable(),
    catalogId: modelFields.catalogId.nullable(),
  })
  .partial();
export type UpdateModelInput = z.infer<typeof updateModelInput>;
export type UpdateModelRequest = z.input<typeof updateModelInput>;

export const modelSchema = z.object({
  id: idSchema,
  ...modelFields,
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Model = z.infer<typeof modelSchema>;
