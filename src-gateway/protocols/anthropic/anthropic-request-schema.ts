import { z } from 'zod';

/**
 * Zod schema of an inbound Anthropic Messages body (protocols.md 1.3).
 * Objects are loose: unknown fields (new API features, betas) pass validation,
 * and block types the gateway does not translate are kept as generic objects
 * so the decoder can skip them instead of rejecting the request.
 */
const cacheControlSchema = z.looseObject({ type: z.literal('ephemeral'), ttl: z.string().optional() });

export const anthropicTextBlockSchema = z.looseObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControlSchema.nullish(),
});

const imageSourceSchema = z.union([
  z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  z.looseObject({ type: z.literal('url'), url: z.string() }),
  z.looseObject({ type: z.literal('file'), file_id: z.string() }),
]);

export const anthropicImageBlockSchema = z.looseObject({
  type: z.literal('image'),
  source: imageSourceSchema,
  cache_control: cacheControlSchema.nullish(),
});

const documentSourceSchema = z.union([
  z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  z.looseObject({ type: z.literal('text'), media_type: z.string().optional(), data: z.string() }),
  z.looseObject({ type: z.literal('url'), url: z.string() }),
  z.looseObject({ type: z.literal('file'), file_id: z.string() }),
  z.looseObject({ type: z.literal('content'), content: z.union([z.string(), z.array(z.looseObject({}))]) }),
]);

const documentBlockSchema = z.looseObject({
  type: z.literal('document'),
  source: documentSourceSchema,
  title: z.string().nullish(),
});

const toolUseBlockSchema = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
});

const toolResultBlockSchema = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).nullish(),
  is_error: z.boolean().nullish(),
});

const thinkingBlockSchema = z.looseObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string().nullish(),
});

const redactedThinkingBlockSchema = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

const blockSchemas: Record<string, z.ZodType> = {
  text: anthropicTextBlockSchema,
  image: anthropicImageBlockSchema,
  document: documentBlockSchema,
  tool_use: toolUseBlockSchema,
  tool_result: toolResultBlockSchema,
  thinking: thinkingBlockSchema,
  redacted_thinking: redactedThinkingBlockSchema,
};

/**
 * A content block, validated by its `type` (a dispatch rather than a union, so a
 * malformed `text` block is reported at `…content[0].text`). Other block types
 * (server tool results, search results, …) are accepted here and skipped by the decoder.
 */
export const anthropicContentBlockSchema = z
  .looseObject({ type: z.string() })
  .superRefine((block, context) => {
    // Own keys only: a block typed `__proto__` or `constructor` is an unknown type, not a lookup into Object.
    if (!Object.hasOwn(blockSchemas, block.type)) return;
    const schema = blockSchemas[block.type]!;
    const result = schema.safeParse(block);
    if (result.success) return;
    for (const issue of result.error.issues) {
      context.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
  });

export type AnthropicContentBlock = z.infer<typeof anthropicContentBlockSchema>;

const messageSchema = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(anthropicContentBlockSchema)]),
});

const toolSchema = z.looseObject({
  type: z.string().nullish(),
  name: z.string(),
  description: z.string().nullish(),
  input_schema: z.record(z.string(), z.unknown()).nullish(),
});

const toolChoiceSchema = z.looseObject({
  type: z.enum(['auto', 'any', 'tool', 'none']),
  name: z.string().optional(),
  disable_parallel_tool_use: z.boolean().nullish(),
});

const thinkingSchema = z.union([
  z.looseObject({ type: z.literal('enabled'), budget_tokens: z.number().int().nonnegative() }),
  z.looseObject({ type: z.enum(['disabled', 'adaptive', 'between_tools']) }),
]);

export const anthropicRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z.array(messageSchema),
  system: z.union([z.string(), z.array(anthropicTextBlockSchema)]).nullish(),
  tools: z.array(toolSchema).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().int().nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
  service_tier: z.string().nullish(),
  thinking: thinkingSchema.nullish(),
  output_config: z
    .looseObject({
      effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).nullish(),
      format: z
        .looseObject({ type: z.string(), schema: z.record(z.string(), z.unknown()).optional() })
        .nullish(),
    })
    .nullish(),
  stream: z.boolean().nullish(),
});

export type AnthropicRequestBody = z.infer<typeof anthropicRequestSchema>;
