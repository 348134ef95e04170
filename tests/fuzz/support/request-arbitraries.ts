/**
 * fast-check arbitraries shaped like the real request schemas: valid Chat Completions,
 * Responses, Anthropic Messages and Gemini generateContent bodies (protocols.md 1.1–1.3, 3), random canonical
 * requests, and mutations that turn a valid body into an almost-valid one.
 */
import fc from 'fast-check';
import type {
  CanonicalMessage,
  CanonicalRequest,
  CanonicalTool,
  ContentBlock,
  ToolChoice,
} from '../../../src-gateway/canonical/types.ts';

type Json = Record<string, unknown>;

/** Names every object has (`constructor`): as tool-schema types, formats, URL extensions, block types. */
export const objectKeyLikeWords = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

/** Text as clients send it: ASCII, any Unicode (astral planes, combining marks), control characters. */
export const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '\n', '\u0000', '"}', '</system>', 'data: [DONE]\n\n', '😀🌞晴れ'),
);

export const modelName = fc.oneof(
  fc.constantFrom('gpt-4o-mini', 'claude-sonnet-4-5', 'gemini-2.5-pro', 'vendor/model:free'),
  fc.string({ minLength: 1, maxLength: 30 }),
);

const toolName = fc.oneof(
  fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,24}$/),
  fc.string({ minLength: 1, maxLength: 20 }),
);

/** Tool-call ids as vendors make them, and ones no vendor would (dots, spaces, Unicode). */
const toolId = fc.oneof(
  fc.stringMatching(/^(call|toolu|fc)_[a-zA-Z0-9]{1,24}$/),
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
);

/** A tool's JSON Schema: an object schema with a few typed properties. */
const parameterSchema: fc.Arbitrary<Json> = fc
  .dictionary(
    fc.stringMatching(/^[a-z][a-z_]{0,10}$/),
    fc.oneof(
      fc.constantFrom({ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'integer' }),
      fc.record({ type: fc.constant('array'), items: fc.constant({ type: 'string' }) }),
      fc.record({ type: fc.constant('string'), enum: fc.array(fc.string(), { minLength: 1, maxLength: 3 }) }),
      // What a client may send as a schema: formats Gemini refuses, types that are not JSON Schema types.
      fc.record({
        type: fc.constantFrom('string', 'integer', 'number', 'object', ...objectKeyLikeWords),
        format: fc.constantFrom('date-time', 'email', 'int32', 'double', 'enum', ...objectKeyLikeWords),
      }),
      fc.record({ type: fc.constant(['string', 'null']), description: fc.string({ maxLength: 10 }) }),
    ),
    { maxKeys: 4 },
  )
  .chain((properties) =>
    fc.record(
      {
        type: fc.constant('object'),
        properties: fc.constant(properties),
        required: fc.subarray(Object.keys(properties)),
        additionalProperties: fc.boolean(),
      },
      { requiredKeys: ['type', 'properties'] },
    ),
  );

/** Tool arguments: usually a JSON object, sometimes the broken JSON models do produce. */
const toolArguments = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }))
      .map((v) => JSON.stringify(v)),
  },
  { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a":', 'null', '[1,2]', '"text"') },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

const base64 = fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes).toString('base64'));
const imageMediaType = fc.constantFrom('image/png', 'image/jpeg', 'image/webp', 'image/gif');
const imageUrl = fc.oneof(
  fc.webUrl(),
  fc
    .tuple(fc.webUrl(), fc.constantFrom('png', 'JPG', 'webp', 'pdf', ...objectKeyLikeWords))
    .map(([url, extension]) => `${url.replace(/[?#].*$/, '')}/image.${extension}`),
  fc.tuple(imageMediaType, base64).map(([type, data]) => `data:${type};base64,${data}`),
);

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

/** Drop the keys whose value is undefined (what JSON would do), so bodies are plain JSON. */
function compact<T extends Json>(value: T): T {
  const out: Json = {};
  for (const [key, entry] of Object.entries(value)) if (entry !== undefined) out[key] = entry;
  return out as T;
}

interface ToolCallSpec {
  id: string;
  name: string;
  arguments: string;
}

const toolCalls = fc.uniqueArray(fc.record({ id: toolId, name: toolName, arguments: toolArguments }), {
  minLength: 1,
  maxLength: 3,
  selector: (call) => call.id,
});

/** One conversation turn, independent of the wire format. */
type Turn =
  | { kind: 'user'; text: string; image?: string }
  | { kind: 'assistant'; text: string }
  | { kind: 'tools'; text?: string; calls: ToolCallSpec[]; results: string[] }
  | { kind: 'system'; text: string };

const turn: fc.Arbitrary<Turn> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      { kind: fc.constant('user' as const), text: anyText, image: optional(imageUrl) },
      { requiredKeys: ['kind', 'text'] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('assistant' as const), text: anyText }) },
  {
    weight: 2,
    arbitrary: toolCalls.chain((calls) =>
      fc.record(
        {
          kind: fc.constant('tools' as const),
          text: optional(anyText),
          calls: fc.constant(calls),
          results: fc.array(anyText, { minLength: calls.length, maxLength: calls.length }),
        },
        { requiredKeys: ['kind', 'calls', 'results'] },
      ),
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('system' as const), text: anyText }) },
);

/** A conversation: mostly starting with the user, any mix of turns after. */
const conversation = fc
  .tuple(fc.record({ kind: fc.constant('user' as const), text: anyText }), fc.array(turn, { maxLength: 5 }))
  .map(([first, rest]): Turn[] => [first, ...rest]);

const tools = fc.uniqueArray(
  fc.record(
    { name: toolName, description: optional(anyText), parameters: parameterSchema },
    { requiredKeys: ['name', 'parameters'] },
  ),
  { minLength: 1, maxLength: 4, selector: (tool) => tool.name },
);

// ---------------------------------------------------------------------------------------------
// Chat Completions

function chatMessages(turns: Turn[]): Json[] {
  return turns.flatMap((entry): Json[] => {
    switch (entry.kind) {
      case 'system':
        return [{ role: 'system', content: entry.text }];
      case 'user':
        return [
          {
            role: 'user',
            content:
              entry.image === undefined
                ? entry.text
                : [
                    { type: 'text', text: entry.text },
                    { type: 'image_url', image_url: { url: entry.image } },
                  ],
          },
        ];
      case 'assistant':
        return [{ role: 'assistant', content: entry.text }];
      case 'tools':
        return [
          {
            role: 'assistant',
            content: entry.text ?? null,
            tool_calls: entry.calls.map((call) => ({
              id: call.id,
              type: 'function',
              function: { name: call.name, arguments: call.arguments },
            })),
          },
          ...entry.calls.map((call, index) => ({
            role: 'tool',
            tool_call_id: call.id,
            content: entry.results[index]!,
          })),
        ];
    }
  });
}

export const chatBody: fc.Arbitrary<Json> = fc
  .record(
    {
      model: modelName,
      turns: conversation,
      system: optional(anyText),
      tools: optional(tools),
      toolChoice: optional(fc.constantFrom('auto', 'none', 'required', 'named')),
      max_tokens: optional(fc.nat({ max: 100_000 })),
      max_completion_tokens: optional(fc.nat({ max: 100_000 })),
      temperature: optional(fc.double({ min: 0, max: 2, noNaN: true })),
      top_p: optional(fc.double({ min: 0, max: 1, noNaN: true })),
      seed: optional(fc.integer()),
      stop: optional(fc.oneof(anyText, fc.array(anyText, { maxLength: 4 }))),
      stream: optional(fc.boolean()),
      includeUsage: optional(fc.boolean()),
      reasoning_effort: optional(fc.constantFrom('none', 'minimal', 'low', 'medium', 'high', 'xhigh')),
      response_format: optional(
        fc.oneof(
          fc.constant({ type: 'text' }),
          fc.constant({ type: 'json_object' }),
          parameterSchema.map((schema) => ({ type: 'json_schema', json_schema: { name: 'answer', schema } })),
        ),
      ),
      parallel_tool_calls: optional(fc.boolean()),
      user: optional(anyText),
      extra: optional(fc.dictionary(fc.stringMatching(/^x_[a-z]{1,8}$/), fc.jsonValue({ maxDepth: 2 }))),
    },
    { requiredKeys: ['model', 'turns'] },
  )
  .map((spec) => {
    const messages = chatMessages(spec.turns);
    if (spec.system !== undefined) messages.unshift({ role: 'system', content: spec.system });
    const body: Json = compact({
      ...spec.extra,
      model: spec.model,
      messages,
      tools: spec.tools?.map((tool) => ({ type: 'function', function: compact({ ...tool }) })),
      max_tokens: spec.max_tokens,
      max_completion_tokens: spec.max_completion_tokens,
      temperature: spec.temperature,
      top_p: spec.top_p,
      seed: spec.seed,
      stop: spec.stop,
      stream: spec.stream,
      stream_options:
        spec.stream === true && spec.includeUsage !== undefined
          ? { include_usage: spec.includeUsage }
          : undefined,
      reasoning_effort: spec.reasoning_effort,
      response_format: spec.response_format,
      parallel_tool_calls: spec.parallel_tool_calls,
      user: spec.user,
    });
    if (spec.tools && spec.toolChoice !== undefined)
      body.tool_choice =
        spec.toolChoice === 'named'
          ? { type: 'function', function: { name: spec.tools[0]!.name } }
          : spec.toolChoice;
    return body;
  });

// ---------------------------------------------------------------------------------------------
// Responses

function responsesInput(turns: Turn[]): Json[] {
  return turns.flatMap((entry): Json[] => {
    switch (entry.kind) {
      case 'system':
        return [{ type: 'message', role: 'developer', content: entry.text }];
      case 'user':
        return [
          {
            type: 'message',
            role: 'user',
            content: [
              { type: 'input_text', text: entry.text },
              ...(entry.image === undefined
                ? []
                : [{ type: 'input_image', image_url: entry.image, detail: 'auto' }]),
            ],
          },
        ];
      case 'assistant':
        return [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: entry.text }] }];
      case 'tools':
        return [
          ...(entry.text === undefined
            ? []
            : [{ type: 'reasoning', summary: [{ type: 'summary_text', text: entry.text }] }]),
          ...entry.calls.map((call) => ({
            type: 'function_call',
            call_id: call.id,
            name: call.name,
            arguments: call.arguments,
          })),
          ...entry.calls.map((call, index) => ({
            type: 'function_call_output',
            call_id: call.id,
            output: entry.results[index]!,
          })),
        ];
    }
  });
}

export const responsesBody: fc.Arbitrary<Json> = fc
  .record(
    {
      model: modelName,
      input: fc.oneof(anyText, conversation.map(responsesInput)),
      instructions: optional(anyText),
      tools: optional(tools),
      toolChoice: optional(fc.constantFrom('auto', 'none', 'required', 'named')),
      max_output_tokens: optional(fc.integer({ min: 1, max: 100_000 })),
      temperature: optional(fc.double({ min: 0, max: 2, noNaN: true })),
      top_p: optional(fc.double({ min: 0, max: 1, noNaN: true })),
      reasoning: optional(
        fc.record(
          {
            effort: optional(fc.constantFrom('none', 'minimal', 'low', 'medium', 'high', 'xhigh')),
            summary: optional(fc.constantFrom('auto', 'concise', 'detailed')),
          },
          { requiredKeys: [] },
        ),
      ),
      text: optional(
        fc.oneof(
          fc.constant({ format: { type: 'text' } }),
          parameterSchema.map((schema) => ({
            format: { type: 'json_schema', name: 'answer', schema, strict: true },
          })),
        ),
      ),
      stream: optional(fc.boolean()),
      store: optional(fc.boolean()),
      parallel_tool_calls: optional(fc.boolean()),
      user: optional(anyText),
      prompt_cache_key: optional(anyText),
    },
    { requiredKeys: ['model', 'input'] },
  )
  .map((spec) => {
    const body: Json = compact({
      model: spec.model,
      input: spec.input,
      instructions: spec.instructions,
      tools: spec.tools?.map((tool) => compact({ type: 'function', ...tool })),
      max_output_tokens: spec.max_output_tokens,
      temperature: spec.temperature,
      top_p: spec.top_p,
      reasoning: spec.reasoning === undefined ? undefined : compact(spec.reasoning),
      text: spec.text,
      stream: spec.stream,
      store: spec.store,
      parallel_tool_calls: spec.parallel_tool_calls,
      user: spec.user,
      prompt_cache_key: spec.prompt_cache_key,
    });
    if (spec.tools && spec.toolChoice !== undefined)
      body.tool_choice =
        spec.toolChoice === 'named' ? { type: 'function', name: spec.tools[0]!.name } : spec.toolChoice;
    return body;
  });

// ---------------------------------------------------------------------------------------------
// Anthropic Messages

function anthropicMessages(turns: Turn[]): Json[] {
  return turns.flatMap((entry): Json[] => {
    switch (entry.kind) {
      case 'system':
      case 'user':
        return [
          {
            role: 'user',
            content:
              entry.kind === 'user' && entry.image?.startsWith('data:')
                ? [
                    { type: 'text', text: entry.text },
                    {
                      type: 'image',
                      source: {
                        type: 'base64',
                        media_type: entry.image.slice(5, entry.image.indexOf(';')),
                        data: entry.image.slice(entry.image.indexOf(',') + 1),
                      },
                    },
                  ]
                : entry.text,
          },
        ];
      case 'assistant':
        return [{ role: 'assistant', content: [{ type: 'text', text: entry.text }] }];
      case 'tools':
        return [
          {
            role: 'assistant',
            content: [
              ...(entry.text === undefined
                ? []
                : [{ type: 'thinking', thinking: entry.text, signature: 'sig' }]),
              ...entry.calls.map((call) => ({
                type: 'tool_use',
                id: call.id,
                name: call.name,
                input: safeParseObject(call.arguments),
              })),
            ],
          },
          {
            role: 'user',
            content: entry.calls.map((call, index) => ({
              type: 'tool_result',
              tool_use_id: call.id,
              content: entry.results[index]!,
            })),
          },
        ];
    }
  });
}

function safeParseObject(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

export const anthropicBody: fc.Arbitrary<Json> = fc
  .record(
    {
      model: modelName,
      max_tokens: fc.integer({ min: 1, max: 128_000 }),
      turns: conversation,
      system: optional(
        fc.oneof(
          anyText,
          fc.array(fc.record({ type: fc.constant('text'), text: anyText }), { maxLength: 3 }),
        ),
      ),
      tools: optional(tools),
      toolChoice: optional(fc.constantFrom('auto', 'any', 'none', 'tool')),
      stop_sequences: optional(fc.array(anyText, { maxLength: 4 })),
      temperature: optional(fc.double({ min: 0, max: 1, noNaN: true })),
      top_p: optional(fc.double({ min: 0, max: 1, noNaN: true })),
      top_k: optional(fc.nat({ max: 500 })),
      thinking: optional(
        fc.oneof(
          fc
            .integer({ min: 1024, max: 32_000 })
            .map((budget) => ({ type: 'enabled', budget_tokens: budget })),
          fc.constant({ type: 'disabled' }),
          fc.constant({ type: 'adaptive' }),
        ),
      ),
      metadata: optional(fc.record({ user_id: anyText })),
      stream: optional(fc.boolean()),
    },
    { requiredKeys: ['model', 'max_tokens', 'turns'] },
  )
  .map((spec) => {
    const body: Json = compact({
      model: spec.model,
      max_tokens: spec.max_tokens,
      messages: anthropicMessages(spec.turns),
      system: spec.system,
      tools: spec.tools?.map((tool) =>
        compact({ name: tool.name, description: tool.description, input_schema: tool.parameters }),
      ),
      stop_sequences: spec.stop_sequences,
      temperature: spec.temperature,
      top_p: spec.top_p,
      top_k: spec.top_k,
      thinking: spec.thinking,
      metadata: spec.metadata,
      stream: spec.stream,
    });
    if (spec.tools && spec.toolChoice !== undefined)
      body.tool_choice =
        spec.toolChoice === 'tool' ? { type: 'tool', name: spec.tools[0]!.name } : { type: spec.toolChoice };
    return body;
  });

// ---------------------------------------------------------------------------------------------
// Gemini generateContent (the model and streaming are in the URL, not the body)

function geminiUserParts(entry: Extract<Turn, { kind: 'user' }>): Json[] {
  const parts: Json[] = [{ text: entry.text }];
  const image = entry.image;
  if (image === undefined) return parts;
  const inline = /^data:([^;]+);base64,(.*)$/.exec(image);
  parts.push(
    inline
      ? { inlineData: { mimeType: inline[1], data: inline[2] } }
      : { fileData: { mimeType: 'image/png', fileUri: image } },
  );
  return parts;
}

function geminiContents(turns: Turn[]): Json[] {
  return turns.flatMap((entry): Json[] => {
    switch (entry.kind) {
      case 'system':
        return [{ role: 'user', parts: [{ text: entry.text }] }];
      case 'user':
        return [{ role: 'user', parts: geminiUserParts(entry) }];
      case 'assistant':
        return [{ role: 'model', parts: [{ text: entry.text }] }];
      case 'tools':
        return [
          {
            role: 'model',
            parts: [
              ...(entry.text === undefined ? [] : [{ text: entry.text }]),
              ...entry.calls.map((call, index) =>
                compact({
                  functionCall: compact({
                    // Gemini often gives calls no id; the decoder pairs results by name then.
                    id: index % 2 === 0 ? call.id : undefined,
                    name: call.name,
                    args: safeParseObject(call.arguments),
                  }),
                  thoughtSignature: index === 0 ? 'c2ln' : undefined,
                }),
              ),
            ],
          },
          {
            role: 'user',
            parts: entry.calls.map((call, index) => ({
              functionResponse: compact({
                id: index % 2 === 0 ? call.id : undefined,
                name: call.name,
                response:
                  index % 3 === 2 ? { error: entry.results[index]! } : { output: entry.results[index]! },
              }),
            })),
          },
        ];
    }
  });
}

export const geminiBody: fc.Arbitrary<Json> = fc
  .record(
    {
      turns: conversation,
      system: optional(fc.oneof(anyText, fc.array(anyText, { maxLength: 3 }))),
      tools: optional(tools),
      builtin: optional(fc.constantFrom({ googleSearch: {} }, { codeExecution: {} }, { urlContext: {} })),
      mode: optional(fc.constantFrom('AUTO', 'ANY', 'NONE', 'VALIDATED', 'any')),
      allowed: fc.boolean(),
      maxOutputTokens: optional(fc.integer({ min: 1, max: 65_536 })),
      temperature: optional(fc.double({ min: 0, max: 2, noNaN: true })),
      topP: optional(fc.double({ min: 0, max: 1, noNaN: true })),
      topK: optional(fc.nat({ max: 100 })),
      stopSequences: optional(fc.array(anyText, { maxLength: 3 })),
      thinking: optional(
        fc.oneof(
          fc.record({ includeThoughts: fc.boolean(), thinkingBudget: fc.integer({ min: -1, max: 32_768 }) }),
          fc.record({ thinkingLevel: fc.constantFrom('low', 'high', 'LOW', 'medium', 'minimal') }),
        ),
      ),
      json: fc.boolean(),
      safetySettings: optional(
        fc.constant([{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }]),
      ),
    },
    { requiredKeys: ['turns', 'allowed', 'json'] },
  )
  .map((spec) => {
    const generationConfig = compact({
      maxOutputTokens: spec.maxOutputTokens,
      temperature: spec.temperature,
      topP: spec.topP,
      topK: spec.topK,
      stopSequences: spec.stopSequences,
      thinkingConfig: spec.thinking,
      responseMimeType: spec.json ? 'application/json' : undefined,
    });
    const declarations = spec.tools?.map((tool, index) =>
      compact({
        name: tool.name,
        description: tool.description,
        // Clients send either JSON Schema or Gemini's OpenAPI subset.
        ...(index % 2 === 0 ? { parametersJsonSchema: tool.parameters } : { parameters: tool.parameters }),
      }),
    );
    const toolEntries: Json[] = [
      ...(declarations ? [{ functionDeclarations: declarations }] : []),
      ...(spec.builtin ? [spec.builtin] : []),
    ];
    const system = spec.system;
    return compact({
      contents: geminiContents(spec.turns),
      systemInstruction:
        system === undefined
          ? undefined
          : typeof system === 'string'
            ? { parts: [{ text: system }] }
            : { role: 'user', parts: system.map((text) => ({ text })) },
      tools: toolEntries.length > 0 ? toolEntries : undefined,
      toolConfig:
        spec.mode === undefined
          ? undefined
          : {
              functionCallingConfig: compact({
                mode: spec.mode,
                allowedFunctionNames:
                  spec.allowed && spec.tools && spec.mode === 'ANY' ? [spec.tools[0]!.name] : undefined,
              }),
            },
      generationConfig: Object.keys(generationConfig).length > 0 ? generationConfig : undefined,
      safetySettings: spec.safetySettings,
    });
  });

// ---------------------------------------------------------------------------------------------
// Mutations: a valid body with one thing wrong (or several)

type Path = Array<string | number>;

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((entry, index) => paths(entry, [...prefix, index], out));
  else if (value !== null && typeof value === 'object')
    for (const [key, entry] of Object.entries(value)) paths(entry, [...prefix, key], out);
  return out;
}

function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

type Mutation =
  { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'wrap' } | { kind: 'unwrap' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom(null, '', 0, -1, 1e308, -0, true, [], {}, '__proto__', 'constructor', 'toString'),
        fc.constantFrom({ type: 'nonsense' }, { role: 'robot' }, [null], ['x']),
      )
      .map((value) => ({ kind: 'replace' as const, value })),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'delete' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'wrap' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'unwrap' as const }) },
);

function applyMutation(body: unknown, path: Path, change: Mutation): unknown {
  if (path.length === 0) {
    if (change.kind === 'replace') return change.value;
    if (change.kind === 'wrap') return [body];
    return change.kind === 'delete' ? undefined : body;
  }
  const copy = structuredCloneJson(body);
  let parent: any = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path[path.length - 1]!;
  const current = parent[last];
  switch (change.kind) {
    case 'replace':
      parent[last] = change.value;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
      break;
    case 'wrap':
      parent[last] = [current];
      break;
    case 'unwrap':
      parent[last] = Array.isArray(current)
        ? current[0]
        : current !== null && typeof current === 'object'
          ? Object.values(current)[0]
          : String(current);
      break;
  }
  return copy;
}

/** `valid` with 1–3 random changes at random places (replaced, deleted, wrapped, unwrapped values). */
export function mutated(valid: fc.Arbitrary<Json>): fc.Arbitrary<unknown> {
  return valid.chain((body) =>
    fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 3 }).map((changes) => {
      let current: unknown = body;
      for (const [pick, change] of changes) {
        const candidates = paths(current);
        current = applyMutation(current, candidates[pick % candidates.length]!, change);
      }
      return current;
    }),
  );
}

/** Anything a client could send as a JSON body: a mutated valid body or random JSON. */
export function hostileBody(valid: fc.Arbitrary<Json>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: mutated(valid) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          model: fc.jsonValue({ maxDepth: 1 }),
          messages: fc.jsonValue({ maxDepth: 3 }),
          input: fc.jsonValue({ maxDepth: 3 }),
          max_tokens: fc.jsonValue({ maxDepth: 1 }),
        },
        { requiredKeys: [] },
      ),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Canonical requests (what translators get)

const cacheControl = optional(fc.constant({ type: 'ephemeral' as const }));

const canonicalImage = fc.record(
  {
    type: fc.constant('image' as const),
    source: fc.oneof(
      fc.record({ kind: fc.constant('base64' as const), mediaType: imageMediaType, data: base64 }),
      fc.record({ kind: fc.constant('url' as const), url: imageUrl }),
    ),
    detail: optional(fc.constantFrom('auto' as const, 'low' as const, 'high' as const)),
  },
  { requiredKeys: ['type', 'source'] },
);

const canonicalUserBlock: fc.Arbitrary<ContentBlock> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      { type: fc.constant('text' as const), text: anyText, cacheControl },
      { requiredKeys: ['type', 'text'] },
    ),
  },
  { weight: 1, arbitrary: canonicalImage },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        type: fc.constant('file' as const),
        mediaType: optional(fc.constant('application/pdf')),
        data: optional(base64),
        url: optional(fc.webUrl()),
        fileId: optional(fc.stringMatching(/^file-[a-z0-9]{4,12}$/)),
        filename: optional(fc.constantFrom('a.pdf', 'report final.pdf')),
      },
      { requiredKeys: ['type'] },
    ),
  },
);

const reasoningBlock = fc.record(
  {
    type: fc.constant('reasoning' as const),
    text: anyText,
    signature: optional(fc.string({ minLength: 1, maxLength: 20 })),
    redactedData: optional(base64),
    encryptedContent: optional(base64),
    itemId: optional(fc.stringMatching(/^rs_[a-z0-9]{4,10}$/)),
    origin: optional(
      fc.constantFrom('anthropic' as const, 'openai' as const, 'gemini' as const, 'openai-chat' as const),
    ),
  },
  { requiredKeys: ['type', 'text'] },
);

/** A canonical conversation: tool results always answer calls of the turn before (as decoders produce). */
function canonicalMessages(
  turns: Array<
    | { kind: 'user'; blocks: ContentBlock[] }
    | { kind: 'assistant'; blocks: ContentBlock[] }
    | { kind: 'system'; text: string }
    | {
        kind: 'tools';
        reasoning?: ContentBlock;
        text?: string;
        calls: Array<ToolCallSpec & { custom: boolean; thoughtSignature?: string }>;
        results: Array<{ text: string; isError?: boolean; image?: ContentBlock }>;
      }
  >,
): CanonicalMessage[] {
  return turns.flatMap((entry): CanonicalMessage[] => {
    switch (entry.kind) {
      case 'user':
        return [{ role: 'user', content: entry.blocks }];
      case 'assistant':
        return [{ role: 'assistant', content: entry.blocks }];
      case 'system':
        return [{ role: 'system', content: [{ type: 'text', text: entry.text }] }];
      case 'tools': {
        const assistant: ContentBlock[] = [];
        if (entry.reasoning) assistant.push(entry.reasoning);
        if (entry.text !== undefined) assistant.push({ type: 'text', text: entry.text });
        for (const call of entry.calls)
          assistant.push(
            compact({
              type: 'tool_call' as const,
              id: call.id,
              name: call.name,
              arguments: call.arguments,
              custom: call.custom || undefined,
              thoughtSignature: call.thoughtSignature,
            }),
          );
        const results: ContentBlock[] = entry.calls.map((call, index) => {
          const result = entry.results[index]!;
          return compact({
            type: 'tool_result' as const,
            toolCallId: call.id,
            name: index % 2 === 0 ? call.name : undefined,
            content: result.image
              ? [{ type: 'text' as const, text: result.text }, result.image as never]
              : result.text,
            isError: result.isError,
            custom: call.custom || undefined,
          });
        });
        return [
          { role: 'assistant', content: assistant },
          { role: 'user', content: results },
        ];
      }
    }
  });
}

const canonicalTurn = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('user' as const),
      blocks: fc.array(canonicalUserBlock, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('assistant' as const),
      blocks: fc.array(
        fc.oneof(fc.record({ type: fc.constant('text' as const), text: anyText }), reasoningBlock),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('system' as const), text: anyText }) },
  {
    weight: 2,
    arbitrary: fc
      .uniqueArray(
        fc.record(
          {
            id: toolId,
            name: toolName,
            arguments: toolArguments,
            custom: fc.boolean(),
            thoughtSignature: optional(fc.string({ minLength: 1, maxLength: 12 })),
          },
          { requiredKeys: ['id', 'name', 'arguments', 'custom'] },
        ),
        { minLength: 1, maxLength: 3, selector: (call) => call.id },
      )
      .chain((calls) =>
        fc.record(
          {
            kind: fc.constant('tools' as const),
            reasoning: optional(reasoningBlock),
            text: optional(anyText),
            calls: fc.constant(calls),
            results: fc.array(
              fc.record(
                { text: anyText, isError: optional(fc.boolean()), image: optional(canonicalImage) },
                { requiredKeys: ['text'] },
              ),
              { minLength: calls.length, maxLength: calls.length },
            ),
          },
          { requiredKeys: ['kind', 'calls', 'results'] },
        ),
      ),
  },
);

const canonicalTool: fc.Arbitrary<CanonicalTool> = fc
  .record(
    {
      name: toolName,
      description: optional(anyText),
      parameters: parameterSchema,
      strict: optional(fc.boolean()),
      kind: optional(fc.constantFrom('function' as const, 'custom' as const)),
    },
    { requiredKeys: ['name', 'parameters'] },
  )
  .map((tool) => compact(tool));

export const canonicalRequest: fc.Arbitrary<CanonicalRequest> = fc
  .record(
    {
      model: modelName,
      system: fc.array(
        fc
          .record(
            {
              text: anyText,
              provenance: optional(
                fc.constantFrom('client' as const, 'client-builtin' as const, 'gateway' as const),
              ),
              cacheControl,
            },
            { requiredKeys: ['text'] },
          )
          .map((entry) => compact(entry)),
        { maxLength: 3 },
      ),
      first: fc.array(canonicalUserBlock, { minLength: 1, maxLength: 2 }),
      turns: fc.array(canonicalTurn, { maxLength: 5 }),
      tools: optional(
        fc.uniqueArray(canonicalTool, { minLength: 1, maxLength: 4, selector: (tool) => tool.name }),
      ),
      toolChoice: optional(fc.constantFrom('auto', 'none', 'required', 'tool')),
      parallelToolCalls: optional(fc.boolean()),
      maxTokens: optional(fc.integer({ min: 1, max: 128_000 })),
      temperature: optional(fc.double({ min: 0, max: 2, noNaN: true })),
      topP: optional(fc.double({ min: 0, max: 1, noNaN: true })),
      topK: optional(fc.integer({ min: 1, max: 500 })),
      stop: optional(fc.array(anyText, { minLength: 1, maxLength: 4 })),
      seed: optional(fc.integer()),
      reasoning: optional(
        fc
          .record(
            {
              effort: optional(
                fc.constantFrom(
                  'minimal' as const,
                  'low' as const,
                  'medium' as const,
                  'high' as const,
                  'xhigh' as const,
                ),
              ),
              budgetTokens: optional(fc.integer({ min: 0, max: 64_000 })),
              summary: optional(fc.constantFrom('auto', 'detailed')),
              enabled: optional(fc.boolean()),
            },
            { requiredKeys: [] },
          )
          .map((entry) => compact(entry)),
      ),
      responseFormat: optional(
        fc.oneof(
          fc.constant({ type: 'text' as const }),
          fc.constant({ type: 'json_object' as const }),
          fc
            .record(
              {
                type: fc.constant('json_schema' as const),
                name: optional(fc.constant('answer')),
                schema: parameterSchema,
                strict: optional(fc.boolean()),
              },
              { requiredKeys: ['type', 'schema'] },
            )
            .map((entry) => compact(entry)),
        ),
      ),
      stream: fc.boolean(),
      user: optional(anyText),
    },
    { requiredKeys: ['model', 'system', 'first', 'turns', 'stream'] },
  )
  .map((spec) => {
    const request: CanonicalRequest = compact({
      model: spec.model,
      system: spec.system,
      messages: [{ role: 'user' as const, content: spec.first }, ...canonicalMessages(spec.turns)],
      tools: spec.tools,
      parallelToolCalls: spec.parallelToolCalls,
      maxTokens: spec.maxTokens,
      temperature: spec.temperature,
      topP: spec.topP,
      topK: spec.topK,
      stop: spec.stop,
      seed: spec.seed,
      reasoning: spec.reasoning,
      responseFormat: spec.responseFormat,
      stream: spec.stream,
      user: spec.user,
    });
    if (spec.toolChoice !== undefined) {
      const choice: ToolChoice =
        spec.toolChoice === 'tool'
          ? { type: 'tool', name: spec.tools?.[0]?.name ?? 'missing_tool' }
          : { type: spec.toolChoice as 'auto' | 'none' | 'required' };
      request.toolChoice = choice;
    }
    return request;
  });
