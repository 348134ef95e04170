import type { CanonicalRequest, CanonicalTool, ToolChoice } from '../../canonical/types.ts';
import type { UpstreamRequest, UpstreamTarget } from '../types.ts';
import { openAiFamily } from '../../upstream-families/index.ts';
import { ownBuiltinTools } from '../own-builtin-tools.ts';
import { encodeChatMessages } from './encode-chat-messages.ts';
import { mapReasoningEffort } from './map-reasoning-effort.ts';

type Json = Record<string, unknown>;

/** The one string parameter a `custom` (freeform) tool becomes; the matching call wraps its input the same way. */
const customToolParameters = {
  type: 'object',
  properties: { input: { type: 'string', description: 'The raw input for this tool.' } },
  required: ['input'],
  additionalProperties: false,
};

function encodeTool(tool: CanonicalTool): Json {
  const definition: Json = {
    name: tool.name,
    parameters: tool.kind === 'custom' ? customToolParameters : tool.parameters,
  };
  if (tool.description !== undefined) definition.description = tool.description;
  if (tool.strict !== undefined && tool.kind !== 'custom') definition.strict = tool.strict;
  return { type: 'function', function: definition };
}

function encodeToolChoice(choice: ToolChoice): Json | string {
  return choice.type === 'tool' ? { type: 'function', function: { name: choice.name } } : choice.type;
}

/**
 * A canonical request as a Chat Completions body for an upstream.
 * Streams always ask for usage (`stream_options.include_usage`) for the gateway's
 * own accounting, unless the vendor rejects the field (protocols.md 0-8).
 */
export function encodeChatRequest(request: CanonicalRequest, target: UpstreamTarget): UpstreamRequest {
  const quirks = target.quirks ?? {};
  // Chat Completions runs no provider tools: any built-in tool is refused by name.
  ownBuiltinTools(request, 'openai-chat');
  const body: Json = { model: target.upstreamModel, messages: encodeChatMessages(request, quirks) };
  if (request.stream) {
    body.stream = true;
    if (!quirks.noStreamOptions) body.stream_options = { include_usage: true };
  }
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map(encodeTool);
    // OpenAI rejects both fields when no tools are given.
    if (request.toolChoice) body.tool_choice = encodeToolChoice(request.toolChoice);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.maxTokens !== undefined) {
    // o-series and gpt-5 (the `developer`-role models) reject `max_tokens`; most other vendors
    // know only `max_tokens`.
    body[quirks.developerRole ? 'max_completion_tokens' : 'max_tokens'] = request.maxTokens;
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop && request.stop.length > 0) body.stop = request.stop;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.user !== undefined) body.user = request.user;
  // OpenAI-only parameters, for OpenAI's own API only: other chat vendors may reject them.
  if (target.openAiPlatform) {
    if (request.serviceTier !== undefined) body.service_tier = request.serviceTier;
    if (request.promptCacheKey !== undefined) body.prompt_cache_key = request.promptCacheKey;
  }
  const effort = mapReasoningEffort(request.reasoning);
  if (effort !== undefined) body.reasoning_effort = effort;
  const format = request.responseFormat;
  if (format?.type === 'json_schema') {
    const schema: Json = { name: format.name ?? 'response', schema: format.schema };
    if (format.strict !== undefined) schema.strict = format.strict;
    body.response_format = { type: 'json_schema', json_schema: schema };
  } else if (format) {
    body.response_format = { type: format.type };
  }
  return { path: openAiFamily.paths.chat, body };
}
