import type { CanonicalRequest, CanonicalTool } from '../../canonical/types.ts';
import type { UpstreamRequest, UpstreamTarget } from '../types.ts';
import { anthropicApiVersion, anthropicFamily } from '../../upstream-families/index.ts';
import { ownBuiltinTools } from '../own-builtin-tools.ts';
import { encodeAnthropicThinking } from './anthropic-thinking-config.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';
import { lastToolTurnLacksThinking } from './last-tool-turn-lacks-thinking.ts';

/**
 * Canonical request -> an upstream `POST /v1/messages` body.
 * Sampling parameters Anthropic rejects in combination are dropped rather than
 * failing the request: with thinking on, `temperature`, `top_p` and `top_k` are not
 * allowed; and current models refuse `temperature` together with `top_p`, so
 * `temperature` wins.
 */
export function encodeAnthropicRequest(request: CanonicalRequest, target: UpstreamTarget): UpstreamRequest {
  const messages = convertToAnthropicMessages(request.messages);
  const body: Record<string, unknown> = { model: target.upstreamModel };

  const system = request.system
    .filter((entry) => entry.text !== '')
    .map((entry) =>
      entry.cacheControl
        ? { type: 'text', text: entry.text, cache_control: { ...entry.cacheControl } }
        : { type: 'text', text: entry.text },
    );
  if (system.length > 0) body.system = system;
  body.messages = messages;

  const builtins = ownBuiltinTools(request, 'anthropic');
  const hasTools = (request.tools?.length ?? 0) + builtins.length > 0;
  if (hasTools) body.tools = [...(request.tools ?? []).map(encodeTool), ...builtins];
  const toolChoice = hasTools ? encodeToolChoice(request) : undefined;
  if (toolChoice) body.tool_choice = toolChoice;

  const forcedTool = toolChoice?.type === 'any' || toolChoice?.type === 'tool';
  let thinking = encodeAnthropicThinking(request);
  // Anthropic refuses thinking with a forced tool choice, and a tool loop whose last
  // assistant turn has no (replayable) thinking block; the answer matters more than the thinking.
  // A turn that came from Anthropic through another protocol has its blocks back (the
  // gateway's envelope, reasoning-envelope.ts), so this is only a family switch's cost.
  if (thinking.thinking && (forcedTool || lastToolTurnLacksThinking(messages))) {
    thinking = { maxTokens: request.maxTokens ?? thinking.maxTokens };
  }
  body.max_tokens = thinking.maxTokens;
  if (thinking.thinking) body.thinking = thinking.thinking;

  if (!thinking.thinking) {
    if (request.temperature !== undefined) body.temperature = request.temperature;
    else if (request.topP !== undefined) body.top_p = request.topP;
    if (request.topK !== undefined) body.top_k = request.topK;
  }
  if (request.stop && request.stop.length > 0) body.stop_sequences = request.stop;
  if (request.user) body.metadata = { user_id: request.user };
  // Anthropic knows two tiers: `auto` and `standard_only` (OpenAI's `default`); no others.
  if (request.serviceTier === 'auto') body.service_tier = 'auto';
  else if (request.serviceTier === 'default') body.service_tier = 'standard_only';

  const outputConfig: Record<string, unknown> = {};
  if (thinking.effort) outputConfig.effort = thinking.effort;
  if (request.responseFormat?.type === 'json_schema') {
    outputConfig.format = { type: 'json_schema', schema: request.responseFormat.schema };
  }
  if (Object.keys(outputConfig).length > 0) body.output_config = outputConfig;
  if (request.stream) body.stream = true;

  // The body is built for this version, so it replaces one an OpenAI-format client may have sent.
  return {
    path: anthropicFamily.paths.messages,
    body,
    headers: { 'anthropic-version': anthropicApiVersion },
  };
}

function encodeTool(tool: CanonicalTool): Record<string, unknown> {
  const schema =
    tool.kind === 'custom'
      ? { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] }
      : { type: 'object', ...tool.parameters };
  const encoded: Record<string, unknown> = { name: tool.name, input_schema: schema };
  if (tool.description) encoded.description = tool.description;
  return encoded;
}

function encodeToolChoice(request: CanonicalRequest): Record<string, unknown> | undefined {
  const choice = request.toolChoice;
  if (choice?.type === 'none') return { type: 'none' };
  let encoded: Record<string, unknown>;
  if (choice?.type === 'required') encoded = { type: 'any' };
  else if (choice?.type === 'tool') encoded = { type: 'tool', name: choice.name };
  else if (choice?.type === 'auto' || request.parallelToolCalls === false) encoded = { type: 'auto' };
  else return undefined;
  if (request.parallelToolCalls === false) encoded.disable_parallel_tool_use = true;
  return encoded;
}
