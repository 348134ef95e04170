import type { CanonicalRequest, ReasoningEffort } from '../../canonical/types.ts';
import type { UpstreamRequest, UpstreamTarget } from '../types.ts';
import { openAiFamily } from '../../upstream-families/index.ts';
import { ownBuiltinTools } from '../own-builtin-tools.ts';
import { encodeResponsesInput } from './encode-responses-input.ts';

/** Heuristic buckets for a token budget (Anthropic `budget_tokens`) -> an effort. */
function effortForBudget(budgetTokens: number): ReasoningEffort {
  if (budgetTokens < 4096) return 'low';
  if (budgetTokens < 16384) return 'medium';
  return 'high';
}

function encodeReasoning(reasoning: CanonicalRequest['reasoning']): Record<string, unknown> | undefined {
  if (!reasoning || reasoning.enabled === false) return undefined;
  if (reasoning.budgetTokens !== undefined && reasoning.budgetTokens <= 0) return undefined;
  const effort =
    reasoning.effort ??
    (reasoning.budgetTokens !== undefined ? effortForBudget(reasoning.budgetTokens) : undefined);
  // Without a summary request the upstream streams no visible reasoning at all.
  const out: Record<string, unknown> = { summary: reasoning.summary ?? 'auto' };
  if (effort !== undefined) out['effort'] = effort;
  return out;
}

function encodeTextFormat(format: CanonicalRequest['responseFormat']): Record<string, unknown> | undefined {
  if (!format) return undefined;
  if (format.type !== 'json_schema') return { format: { type: format.type } };
  const out: Record<string, unknown> = {
    type: 'json_schema',
    name: format.name ?? 'response',
    schema: format.schema,
  };
  if (format.strict !== undefined) out['strict'] = format.strict;
  return { format: out };
}

/**
 * Canonical request -> an upstream `/responses` body. `store:false` always: the
 * gateway replays history itself and never relies on server-side state.
 */
export function encodeResponsesRequest(request: CanonicalRequest, target: UpstreamTarget): UpstreamRequest {
  const body: Record<string, unknown> = {
    model: target.upstreamModel,
    input: encodeResponsesInput(request.messages, target.quirks),
    store: false,
    stream: request.stream,
  };
  if (request.system.length > 0) body['instructions'] = request.system.map((part) => part.text).join('\n\n');
  const builtins = ownBuiltinTools(request, 'openai-responses');
  const hasTools = (request.tools?.length ?? 0) + builtins.length > 0;
  if (hasTools) {
    body['tools'] = (request.tools ?? []).map((tool) =>
      tool.kind === 'custom'
        ? { type: 'custom', name: tool.name, ...(tool.description ? { description: tool.description } : {}) }
        : {
            type: 'function',
            name: tool.name,
            ...(tool.description ? { description: tool.description } : {}),
            parameters: tool.parameters,
            // The Responses API defaults `strict` to true, which rejects ordinary schemas.
            strict: tool.strict ?? false,
          },
    );
    (body['tools'] as unknown[]).push(...builtins);
  }
  const choice = request.toolChoice;
  // Like Chat Completions, a tool choice means nothing (and may be refused) without tools.
  if (choice && hasTools) {
    if (choice.type !== 'tool') body['tool_choice'] = choice.type;
    else {
      const custom = request.tools?.some((tool) => tool.name === choice.name && tool.kind === 'custom');
      body['tool_choice'] = { type: custom ? 'custom' : 'function', name: choice.name };
    }
  }
  if (request.parallelToolCalls !== undefined) body['parallel_tool_calls'] = request.parallelToolCalls;
  if (request.maxTokens !== undefined) body['max_output_tokens'] = request.maxTokens;
  if (request.temperature !== undefined) body['temperature'] = request.temperature;
  if (request.topP !== undefined) body['top_p'] = request.topP;
  const reasoning = encodeReasoning(request.reasoning);
  if (reasoning) {
    body['reasoning'] = reasoning;
    body['include'] = ['reasoning.encrypted_content'];
  }
  const text = encodeTextFormat(request.responseFormat);
  if (text) body['text'] = text;
  if (request.user !== undefined) body['user'] = request.user;
  // OpenAI-only parameters, for OpenAI's own API only (UpstreamTarget.openAiPlatform).
  if (target.openAiPlatform) {
    if (request.serviceTier !== undefined) body['service_tier'] = request.serviceTier;
    if (request.promptCacheKey !== undefined) body['prompt_cache_key'] = request.promptCacheKey;
  }
  return { path: openAiFamily.paths.responses, body };
}
