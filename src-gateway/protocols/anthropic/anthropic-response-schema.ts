import { z } from 'zod';

/** Anthropic usage as upstreams send it; every field may be missing or null on compatible vendors. */
export const anthropicUsageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  output_tokens_details: z.looseObject({ thinking_tokens: z.number().nullish() }).nullish(),
});

/** A non-stream upstream answer. Only what the gateway reads is checked. */
export const anthropicMessageSchema = z.looseObject({
  id: z.string().nullish(),
  type: z.literal('message').optional(),
  model: z.string().nullish(),
  content: z.array(z.looseObject({ type: z.string() })),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: anthropicUsageSchema.nullish(),
});

export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;
