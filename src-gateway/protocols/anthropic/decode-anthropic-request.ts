import type {
  BuiltinTool,
  CanonicalMessage,
  CanonicalRequest,
  CanonicalTool,
  ReasoningEffort,
  ToolChoice,
} from '../../canonical/types.ts';
import { invalidRequest } from '../../lib/errors.ts';
import { parseRequestBody } from '../parse-request-body.ts';
import { anthropicRequestSchema, type AnthropicRequestBody } from './anthropic-request-schema.ts';
import { decodeAnthropicContent } from './decode-anthropic-content.ts';
import { decodeAnthropicSystem } from './decode-anthropic-system.ts';
import { passesAnthropicRequestSchema } from './passes-anthropic-request-schema.ts';

/**
 * Validate an inbound Anthropic Messages body and turn it into a canonical request.
 * Throws a 400 GatewayError naming the offending field.
 */
export function decodeAnthropicRequest(body: unknown): CanonicalRequest {
  // Most bodies are read as they are; zod (and its copy of the body) only for the rest.
  const input = passesAnthropicRequestSchema(body) ? body : parseRequestBody(anthropicRequestSchema, body);
  const request: CanonicalRequest = {
    model: input.model,
    system: decodeAnthropicSystem(input.system),
    messages: input.messages.map((message): CanonicalMessage => ({
      role: message.role,
      content: decodeAnthropicContent(message.content),
    })),
    maxTokens: input.max_tokens,
    stream: input.stream === true,
  };
  const tools = decodeTools(input);
  if (tools) request.tools = tools;
  const builtinTools = decodeServerTools(input);
  if (builtinTools) {
    // `tool_choice: {type: 'tool', name}` naming a server tool requires it.
    const chosen = input.tool_choice?.type === 'tool' ? input.tool_choice.name : undefined;
    for (const tool of builtinTools)
      if (chosen !== undefined && tool.definition.name === chosen) tool.forced = true;
    request.builtinTools = builtinTools;
  }
  if (input.tool_choice) {
    request.toolChoice = decodeToolChoice(input.tool_choice);
    if (input.tool_choice.disable_parallel_tool_use === true) request.parallelToolCalls = false;
  }
  if (input.stop_sequences && input.stop_sequences.length > 0) request.stop = input.stop_sequences;
  if (typeof input.temperature === 'number') request.temperature = input.temperature;
  if (typeof input.top_p === 'number') request.topP = input.top_p;
  if (typeof input.top_k === 'number') request.topK = input.top_k;
  if (typeof input.metadata?.user_id === 'string') request.user = input.metadata.user_id;
  // Canonical tiers use OpenAI's words: Anthropic's `standard_only` is OpenAI's `default`.
  if (input.service_tier === 'auto') request.serviceTier = 'auto';
  else if (input.service_tier === 'standard_only') request.serviceTier = 'default';
  const reasoning = decodeReasoning(input);
  if (reasoning) request.reasoning = reasoning;
  const format = input.output_config?.format;
  if (format?.type === 'json_schema' && format.schema) {
    request.responseFormat = { type: 'json_schema', schema: format.schema };
  }
  return request;
}

function decodeTools(input: AnthropicRequestBody): CanonicalTool[] | undefined {
  const tools: CanonicalTool[] = [];
  for (const tool of input.tools ?? []) {
    // Server tools (web_search_…, bash_…, text_editor_…) are Anthropic's own: see decodeServerTools.
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') continue;
    const entry: CanonicalTool = {
      name: tool.name,
      parameters: tool.input_schema ?? { type: 'object', properties: {} },
    };
    if (tool.description) entry.description = tool.description;
    tools.push(entry);
  }
  return tools.length > 0 ? tools : undefined;
}

/**
 * Server tools (`web_search_…`, `web_fetch_…`, `code_execution_…`) and Anthropic-defined
 * ones (`bash_…`, `text_editor_…`, `computer_…`, `memory_…`) are Anthropic's own: kept as
 * built-in tools, which a foreign upstream refuses by name instead of losing them.
 */
function decodeServerTools(input: AnthropicRequestBody): BuiltinTool[] | undefined {
  const builtins: BuiltinTool[] = [];
  for (const tool of input.tools ?? []) {
    if (tool.type === undefined || tool.type === null || tool.type === 'custom') continue;
    builtins.push({ protocol: 'anthropic', type: tool.type, definition: tool });
  }
  return builtins.length > 0 ? builtins : undefined;
}

function decodeToolChoice(choice: NonNullable<AnthropicRequestBody['tool_choice']>): ToolChoice {
  switch (choice.type) {
    case 'any':
      return { type: 'required' };
    case 'none':
      return { type: 'none' };
    case 'tool':
      if (!choice.name)
        throw invalidRequest(
          "tool_choice.name is required when tool_choice.type is 'tool'",
          'tool_choice.name',
        );
      return { type: 'tool', name: choice.name };
    default:
      return { type: 'auto' };
  }
}

/**
 * `thinking.enabled` carries a budget; `adaptive` (and `between_tools`) means "think as
 * you see fit", expressed as `enabled` plus the optional `output_config.effort`.
 */
function decodeReasoning(input: AnthropicRequestBody): CanonicalRequest['reasoning'] {
  const effort = decodeEffort(input.output_config?.effort);
  const thinking = input.thinking;
  if (!thinking) return effort ? { effort } : undefined;
  if (thinking.type === 'disabled') return { enabled: false };
  const reasoning: NonNullable<CanonicalRequest['reasoning']> = { enabled: true };
  if (thinking.type === 'enabled' && typeof thinking.budget_tokens === 'number') {
    reasoning.budgetTokens = thinking.budget_tokens;
  }
  if (effort) reasoning.effort = effort;
  return reasoning;
}

function decodeEffort(effort: string | null | undefined): ReasoningEffort | undefined {
  if (effort === 'max') return 'xhigh';
  if (effort === 'low' || effort === 'medium' || effort === 'high' || effort === 'xhigh') return effort;
  return undefined;
}
