import type { z } from 'zod';
import type { CanonicalRequest, CanonicalTool, ToolChoice } from '../../canonical/types.ts';
import { invalidRequest } from '../../lib/errors.ts';
import { chatRequestSchema, type ChatRequestBody } from './chat-request-schema.ts';
import { decodeChatMessages } from './decode-chat-messages.ts';

/** `messages[2].content` style path, as OpenAI names a bad parameter. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function firstIssue(error: z.ZodError): { message: string; param: string | null } {
  const issue = error.issues[0];
  if (issue === undefined) return { message: 'Invalid request body', param: null };
  const param = formatPath(issue.path);
  return {
    message: param === '' ? issue.message : `Invalid '${param}': ${issue.message}`,
    param: param || null,
  };
}

function decodeTools(body: ChatRequestBody): CanonicalTool[] | undefined {
  const tools: CanonicalTool[] = [];
  for (const tool of body.tools ?? []) {
    if (tool.type === 'custom') {
      const entry: CanonicalTool = { name: tool.custom.name, parameters: {}, kind: 'custom' };
      if (tool.custom.description !== undefined) entry.description = tool.custom.description;
      tools.push(entry);
      continue;
    }
    tools.push(decodeFunction(tool.function));
  }
  for (const definition of body.functions ?? []) tools.push(decodeFunction(definition));
  return tools.length > 0 ? tools : undefined;
}

function decodeFunction(definition: {
  name: string;
  description?: string | undefined;
  parameters?: Record<string, unknown> | undefined;
  strict?: boolean | null | undefined;
}): CanonicalTool {
  const tool: CanonicalTool = {
    name: definition.name,
    // OpenAI treats a missing schema as "no arguments".
    parameters: definition.parameters ?? { type: 'object', properties: {} },
  };
  if (definition.description !== undefined) tool.description = definition.description;
  if (typeof definition.strict === 'boolean') tool.strict = definition.strict;
  return tool;
}

/** `allowed_tools` lets the model call only the tools it lists: for another family, those are the tools. */
function allowedOnly(
  tools: CanonicalTool[] | undefined,
  choice: ChatRequestBody['tool_choice'],
): CanonicalTool[] | undefined {
  if (!tools || typeof choice !== 'object' || choice === null || choice.type !== 'allowed_tools')
    return tools;
  if (!choice.allowed_tools.tools) return tools;
  const names = new Set<string>();
  for (const tool of choice.allowed_tools.tools) {
    const name = tool.type === 'custom' ? tool.custom?.name : tool.function?.name;
    if (typeof name === 'string') names.add(name);
  }
  const allowed = tools.filter((tool) => names.has(tool.name));
  return allowed.length > 0 ? allowed : undefined;
}

function decodeToolChoice(body: ChatRequestBody): ToolChoice | undefined {
  const choice = body.tool_choice;
  if (choice === undefined || choice === null) {
    // Legacy `function_call`: 'none' | 'auto' | {name}.
    const legacy = body.function_call;
    if (legacy === undefined || legacy === null) return undefined;
    return typeof legacy === 'string' ? { type: legacy } : { type: 'tool', name: legacy.name };
  }
  if (typeof choice === 'string') return { type: choice };
  switch (choice.type) {
    case 'function':
      return { type: 'tool', name: choice.function.name };
    case 'custom':
      return { type: 'tool', name: choice.custom.name };
    case 'allowed_tools':
      return { type: choice.allowed_tools.mode };
  }
}

/**
 * Validate a client's Chat Completions body and turn it into a canonical request.
 * Throws a 400 GatewayError naming the first bad field.
 */
export function decodeChatRequest(raw: unknown): CanonicalRequest {
  const parsed = chatRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const { message, param } = firstIssue(parsed.error);
    throw invalidRequest(message, param);
  }
  const body = parsed.data;
  if (typeof body.n === 'number' && body.n > 1) {
    throw invalidRequest("Invalid 'n': only one choice per request is supported", 'n');
  }
  const { system, messages } = decodeChatMessages(body.messages);
  const request: CanonicalRequest = { model: body.model, system, messages, stream: body.stream === true };

  const tools = allowedOnly(decodeTools(body), body.tool_choice);
  if (tools) request.tools = tools;
  const toolChoice = decodeToolChoice(body);
  if (toolChoice) request.toolChoice = toolChoice;
  if (typeof body.parallel_tool_calls === 'boolean') request.parallelToolCalls = body.parallel_tool_calls;

  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (typeof maxTokens === 'number') request.maxTokens = maxTokens;
  if (typeof body.temperature === 'number') request.temperature = body.temperature;
  if (typeof body.top_p === 'number') request.topP = body.top_p;
  if (typeof body.top_k === 'number') request.topK = body.top_k;
  if (typeof body.seed === 'number') request.seed = body.seed;
  if (typeof body.stop === 'string') request.stop = [body.stop];
  else if (Array.isArray(body.stop) && body.stop.length > 0) request.stop = body.stop;
  if (body.user) request.user = body.user;
  if (body.service_tier) request.serviceTier = body.service_tier;
  if (body.prompt_cache_key) request.promptCacheKey = body.prompt_cache_key;

  if (body.reasoning_effort === 'none') request.reasoning = { enabled: false };
  else if (body.reasoning_effort) request.reasoning = { effort: body.reasoning_effort };

  const format = body.response_format;
  if (format?.type === 'json_schema') {
    request.responseFormat = {
      type: 'json_schema',
      schema: format.json_schema.schema ?? {},
      ...(format.json_schema.name !== undefined ? { name: format.json_schema.name } : {}),
      ...(typeof format.json_schema.strict === 'boolean' ? { strict: format.json_schema.strict } : {}),
    };
  } else if (format) {
    request.responseFormat = { type: format.type };
  }
  return request;
}
