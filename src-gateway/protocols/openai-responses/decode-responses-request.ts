import type { CanonicalRequest } from '../../canonical/types.ts';
import { decodeResponsesInput } from './decode-responses-input.ts';
import {
  allowedToolNames,
  decodeResponsesToolChoice,
  decodeResponsesTools,
} from './decode-responses-tools.ts';
import type { ResponsesRequestBody } from './responses-request-schema.ts';
import { parseOrReject, responsesRequestSchema } from './responses-request-schema.ts';

function decodeReasoning(reasoning: ResponsesRequestBody['reasoning']): CanonicalRequest['reasoning'] {
  if (!reasoning) return undefined;
  const out: NonNullable<CanonicalRequest['reasoning']> = {};
  if (reasoning.effort === 'none') out.enabled = false;
  else if (reasoning.effort) out.effort = reasoning.effort;
  if (reasoning.summary) out.summary = reasoning.summary;
  return Object.keys(out).length > 0 ? out : undefined;
}

function decodeResponseFormat(text: ResponsesRequestBody['text']): CanonicalRequest['responseFormat'] {
  const format = text?.format;
  if (!format) return undefined;
  if (format.type !== 'json_schema') return { type: format.type };
  const out: NonNullable<CanonicalRequest['responseFormat']> = { type: 'json_schema', schema: format.schema };
  if (format.name) out.name = format.name;
  if (typeof format.strict === 'boolean') out.strict = format.strict;
  return out;
}

function decodeUser(body: ResponsesRequestBody): string | undefined {
  const fromMetadata = body.metadata?.['user_id'];
  return body.user ?? body.safety_identifier ?? (typeof fromMetadata === 'string' ? fromMetadata : undefined);
}

/**
 * Validate an inbound `/v1/responses` body and translate it to the canonical request.
 * Throws a 400 GatewayError naming the offending field.
 */
export function decodeResponsesRequest(body: unknown): CanonicalRequest {
  const parsed = parseOrReject(responsesRequestSchema, body);
  const input = decodeResponsesInput(parsed.input);
  const request: CanonicalRequest = {
    model: parsed.model,
    system: [
      ...(typeof parsed.instructions === 'string' && parsed.instructions !== ''
        ? [{ text: parsed.instructions, provenance: 'client' as const }]
        : []),
      ...input.system,
    ],
    messages: input.messages,
    stream: parsed.stream === true,
  };
  const decodedTools = decodeResponsesTools(parsed.tools);
  // `allowed_tools` lets the model call only some tools: for another family, those are the tools.
  const allowed = allowedToolNames(parsed.tool_choice);
  const tools = allowed ? decodedTools.tools.filter((tool) => allowed.has(tool.name)) : decodedTools.tools;
  if (decodedTools.builtinTools.length > 0) {
    // A hosted-tool choice (`{type: 'web_search'}`) requires that tool.
    const chosen =
      typeof parsed.tool_choice === 'object' && parsed.tool_choice ? parsed.tool_choice.type : undefined;
    for (const tool of decodedTools.builtinTools) if (tool.type === chosen) tool.forced = true;
    request.builtinTools = decodedTools.builtinTools;
  }
  if (tools.length > 0) {
    request.tools = tools;
    const toolChoice = decodeResponsesToolChoice(parsed.tool_choice);
    if (toolChoice) request.toolChoice = toolChoice;
  } else if (parsed.tool_choice === 'none') {
    request.toolChoice = { type: 'none' };
  }
  if (typeof parsed.parallel_tool_calls === 'boolean') request.parallelToolCalls = parsed.parallel_tool_calls;
  if (typeof parsed.max_output_tokens === 'number') request.maxTokens = parsed.max_output_tokens;
  if (typeof parsed.temperature === 'number') request.temperature = parsed.temperature;
  if (typeof parsed.top_p === 'number') request.topP = parsed.top_p;
  const reasoning = decodeReasoning(parsed.reasoning);
  if (reasoning) request.reasoning = reasoning;
  const responseFormat = decodeResponseFormat(parsed.text);
  if (responseFormat) request.responseFormat = responseFormat;
  const user = decodeUser(parsed);
  if (user !== undefined) request.user = user;
  if (parsed.service_tier) request.serviceTier = parsed.service_tier;
  if (parsed.prompt_cache_key) request.promptCacheKey = parsed.prompt_cache_key;
  return request;
}
