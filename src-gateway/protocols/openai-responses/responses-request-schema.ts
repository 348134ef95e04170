import { z } from 'zod';
import { invalidRequest } from '../../lib/errors.ts';

/**
 * zod schemas for an inbound `POST /v1/responses` body. Objects are loose: clients
 * (Codex above all) send fields we do not model (`include`, `prompt_cache_key`,
 * `client_metadata`, ...) and those must not be rejected.
 *
 * Items and content parts are validated one by one, by type, in the decoder, so an
 * unknown item type can be dropped while a malformed known one is a 400 naming its path.
 */

const textFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: z.string().nullish(),
    schema: z.record(z.string(), z.unknown()),
    strict: z.boolean().nullish(),
  }),
]);

export const responsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.looseObject({ type: z.string().optional() }))]),
  instructions: z.string().nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
  tool_choice: z
    .union([
      z.enum(['auto', 'none', 'required']),
      z.looseObject({
        type: z.string(),
        name: z.string().optional(),
        mode: z.string().optional(),
        tools: z.array(z.unknown()).optional(),
      }),
    ])
    .nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  reasoning: z
    .looseObject({
      effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullish(),
      summary: z.string().nullish(),
    })
    .nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  text: z.looseObject({ format: textFormatSchema.nullish() }).nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  service_tier: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  stream: z.boolean().nullish(),
});

export type ResponsesRequestBody = z.infer<typeof responsesRequestSchema>;

const imageDetail = z.enum(['auto', 'low', 'high']).nullish();

export const inputTextPartSchema = z.looseObject({ type: z.literal('input_text'), text: z.string() });
export const outputTextPartSchema = z.looseObject({ type: z.literal('output_text'), text: z.string() });
export const refusalPartSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });
export const inputImagePartSchema = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: imageDetail,
});
export const inputFilePartSchema = z.looseObject({
  type: z.literal('input_file'),
  file_id: z.string().nullish(),
  file_data: z.string().nullish(),
  file_url: z.string().nullish(),
  filename: z.string().nullish(),
});

const contentSchema = z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]);

export const messageItemSchema = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: contentSchema,
});

export const functionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});

export const functionCallOutputItemSchema = z.looseObject({
  type: z.enum(['function_call_output', 'custom_tool_call_output']),
  call_id: z.string().min(1),
  output: contentSchema,
});

export const customToolCallItemSchema = z.looseObject({
  type: z.literal('custom_tool_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  input: z.string(),
});

export const reasoningItemSchema = z.looseObject({
  type: z.literal('reasoning'),
  id: z.string().nullish(),
  summary: z.array(z.looseObject({ text: z.string() })).nullish(),
  content: z.array(z.looseObject({ text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
});

export const functionToolSchema = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

export const customToolSchema = z.looseObject({
  type: z.literal('custom'),
  name: z.string().min(1),
  description: z.string().nullish(),
});

/** `input[3].content[0]` style, the way OpenAI names parameters in its 400s. */
function formatPath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * Validate `value` against `schema`; on failure throw a 400 whose `param` names the
 * offending field (`prefix` is the path of `value` itself within the body).
 */
export function parseOrReject<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  prefix = '',
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = formatPath(prefix, issue?.path ?? []) || null;
  if (param !== null && valueAt(value, issue?.path ?? []) === undefined) {
    throw invalidRequest(`Missing required parameter: '${param}'.`, param);
  }
  // A union's own message ("Invalid input") says nothing; name what was accepted instead.
  const detail =
    issue?.code === 'invalid_union' ? 'unsupported type or value' : (issue?.message ?? 'invalid value');
  throw invalidRequest(
    param === null ? `Invalid request body: ${detail}` : `Invalid '${param}': ${detail}`,
    param,
  );
}
