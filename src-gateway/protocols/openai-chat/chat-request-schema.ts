import { z } from 'zod';

/**
 * Zod schema of an inbound Chat Completions body (protocols.md 1.1).
 * Objects are loose: unknown fields are allowed (clients send vendor extras),
 * but every field the gateway reads is checked, so a bad value is a clear 400.
 */

const cacheControl = z.looseObject({ type: z.literal('ephemeral'), ttl: z.string().optional() });

const textPart = z.looseObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControl.optional(),
});

const imageUrlPart = z.looseObject({
  type: z.literal('image_url'),
  // Some clients send the URL as a bare string; accept both.
  image_url: z.union(
    [z.string(), z.looseObject({ url: z.string(), detail: z.enum(['auto', 'low', 'high']).optional() })],
    { error: 'expected an object {url, detail?}' },
  ),
  cache_control: cacheControl.optional(),
});

const filePart = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({
    file_data: z.string().optional(),
    file_id: z.string().optional(),
    filename: z.string().optional(),
  }),
});

const inputAudioPart = z.looseObject({ type: z.literal('input_audio') });
const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

const userPart = z.discriminatedUnion('type', [textPart, imageUrlPart, filePart, inputAudioPart]);
const assistantPart = z.discriminatedUnion('type', [textPart, refusalPart]);

const textContent = z.union([z.string(), z.array(textPart)], {
  error: 'expected a string or an array of text parts',
});

const functionCall = z.looseObject({ name: z.string(), arguments: z.string().default('') });

const toolCall = z.discriminatedUnion('type', [
  z.looseObject({ id: z.string(), type: z.literal('function'), function: functionCall }),
  z.looseObject({
    id: z.string(),
    type: z.literal('custom'),
    custom: z.looseObject({ name: z.string(), input: z.string().default('') }),
  }),
]);

const systemMessage = z.looseObject({ role: z.enum(['system', 'developer']), content: textContent });

const userMessage = z.looseObject({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(userPart)], {
    error: 'expected a string or an array of content parts',
  }),
});

const assistantMessage = z.looseObject({
  role: z.literal('assistant'),
  content: z
    .union([z.string(), z.array(assistantPart)], {
      error: 'expected a string, null or an array of text parts',
    })
    .nullish(),
  refusal: z.string().nullish(),
  tool_calls: z.array(toolCall).nullish(),
  function_call: functionCall.nullish(),
  reasoning_content: z.string().nullish(),
  reasoning: z.string().nullish(),
  /** OpenRouter's convention, which clients echo back; the gateway's envelopes ride in it. */
  reasoning_details: z.array(z.unknown()).nullish(),
});

const toolMessage = z.looseObject({
  role: z.literal('tool'),
  tool_call_id: z.string(),
  content: textContent,
});

/** Legacy `function` role: the result of a legacy `function_call`. */
const functionMessage = z.looseObject({
  role: z.literal('function'),
  name: z.string(),
  content: z.string().nullable(),
});

export const chatMessageSchema = z.discriminatedUnion('role', [
  systemMessage,
  userMessage,
  assistantMessage,
  toolMessage,
  functionMessage,
]);

const functionDefinition = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  strict: z.boolean().nullish(),
});

const chatTool = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('function'), function: functionDefinition }),
  z.looseObject({
    type: z.literal('custom'),
    custom: z.looseObject({ name: z.string().min(1), description: z.string().optional() }),
  }),
]);

const namedToolChoice = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
  z.looseObject({ type: z.literal('custom'), custom: z.looseObject({ name: z.string() }) }),
  z.looseObject({
    type: z.literal('allowed_tools'),
    allowed_tools: z.looseObject({
      mode: z.enum(['auto', 'required']),
      tools: z
        .array(
          z.looseObject({
            type: z.string(),
            function: z.looseObject({ name: z.string() }).optional(),
            custom: z.looseObject({ name: z.string() }).optional(),
          }),
        )
        .optional(),
    }),
  }),
]);

const responseFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const nonNegativeInteger = z.number().int().nonnegative();

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(chatMessageSchema).min(1),
  tools: z.array(chatTool).nullish(),
  tool_choice: z
    .union([z.enum(['none', 'auto', 'required']), namedToolChoice], {
      error: "expected 'none', 'auto', 'required' or a named tool choice",
    })
    .nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  functions: z.array(functionDefinition).nullish(),
  function_call: z
    .union([z.enum(['none', 'auto']), z.looseObject({ name: z.string() })], {
      error: "expected 'none', 'auto' or {name}",
    })
    .nullish(),
  max_tokens: nonNegativeInteger.nullish(),
  max_completion_tokens: nonNegativeInteger.nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().int().nullish(),
  n: z.number().int().nullish(),
  stop: z
    .union([z.string(), z.array(z.string())], { error: 'expected a string or an array of strings' })
    .nullish(),
  seed: z.number().int().nullish(),
  response_format: responseFormat.nullish(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullish(),
  user: z.string().nullish(),
  service_tier: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
});

export type ChatRequestBody = z.infer<typeof chatRequestSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type ChatUserPart = z.infer<typeof userPart>;
