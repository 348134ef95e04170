import { z } from 'zod';
import { paramOverridesSchema, promptRuleSchema } from './virtual-model.ts';

/** The protocols a sample request may be written in. */
export const previewProtocolSchema = z.enum(['openai-chat', 'openai-responses', 'anthropic']);

/** A sample request, and optionally draft rules to try before saving them. */
export const promptPreviewInput = z.object({
  /** The protocol the sample request is written in. */
  protocol: previewProtocolSchema,
  /** The request body as a client would send it (its `model` is ignored). */
  request: z.record(z.string(), z.unknown()),
  /** Sample client headers (e.g. Codex identity headers, to see which reach a relay). */
  headers: z.record(z.string(), z.string()).optional(),
  /** Preview these rules instead of the saved ones. */
  promptRules: z.array(promptRuleSchema).max(100).optional(),
  /** Preview these overrides instead of the saved ones (`null`: none). */
  paramOverrides: paramOverridesSchema.nullable().optional(),
});
export type PromptPreviewInput = z.infer<typeof promptPreviewInput>;

const previewTargetSchema = z.object({
  modelId: z.string(),
  modelName: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  upstreamProtocol: z.enum(['openai-chat', 'openai-responses', 'anthropic', 'gemini']),
  /** Provider base URL plus the path. */
  url: z.string(),
  /** Headers the gateway derives from the request (auth and the provider's own headers are left out). */
  headers: z.record(z.string(), z.string()),
  /** The JSON body exactly as the upstream receives it. */
  body: z.unknown(),
});

/** What each target's upstream would receive for the sample, after rules, overrides and translation. */
export const promptPreviewSchema = z.object({
  virtualModel: z.object({ id: z.string(), name: z.string() }),
  protocol: previewProtocolSchema,
  /** The request after rules and overrides, still in the client's protocol. */
  request: z.record(z.string(), z.unknown()),
  /** What each target's upstream would receive, in the virtual model's target order. */
  targets: z.array(previewTargetSchema),
});
export type PromptPreview = z.infer<typeof promptPreviewSchema>;
