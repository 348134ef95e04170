import type { BuiltinTool, CanonicalTool, ToolChoice } from '../../canonical/types.ts';
import type { ResponsesRequestBody } from './responses-request-schema.ts';
import { customToolSchema, functionToolSchema, parseOrReject } from './responses-request-schema.ts';

/** How a freeform (`custom`) tool is offered to upstreams that only know JSON-schema functions. */
export const customToolParameters: Record<string, unknown> = {
  type: 'object',
  properties: { input: { type: 'string' } },
  required: ['input'],
};

/**
 * Flat Responses tools -> canonical tools. Every other type (`web_search`, `file_search`,
 * `computer_use_preview`, `code_interpreter`, `image_generation`, `mcp`, `local_shell`,
 * namespaces...) is run or defined by OpenAI: it is kept as a built-in tool, which a
 * Responses upstream gets as it came and any other upstream refuses by name.
 */
export function decodeResponsesTools(tools: ResponsesRequestBody['tools']): {
  tools: CanonicalTool[];
  builtinTools: BuiltinTool[];
} {
  const out: CanonicalTool[] = [];
  const builtinTools: BuiltinTool[] = [];
  (tools ?? []).forEach((tool, index) => {
    const path = `tools[${index}]`;
    if (tool.type === 'function') {
      const parsed = parseOrReject(functionToolSchema, tool, path);
      const decoded: CanonicalTool = {
        name: parsed.name,
        parameters: parsed.parameters ?? { type: 'object', properties: {} },
        kind: 'function',
      };
      if (parsed.description) decoded.description = parsed.description;
      if (typeof parsed.strict === 'boolean') decoded.strict = parsed.strict;
      out.push(decoded);
    } else if (tool.type === 'custom') {
      const parsed = parseOrReject(customToolSchema, tool, path);
      const decoded: CanonicalTool = { name: parsed.name, parameters: customToolParameters, kind: 'custom' };
      if (parsed.description) decoded.description = parsed.description;
      out.push(decoded);
    } else {
      builtinTools.push({ protocol: 'openai-responses', type: tool.type, definition: tool });
    }
  });
  return { tools: out, builtinTools };
}

/** The tool names an `allowed_tools` choice lets the model call (function and custom tools only). */
export function allowedToolNames(choice: ResponsesRequestBody['tool_choice']): Set<string> | undefined {
  if (choice === null || choice === undefined || typeof choice === 'string') return undefined;
  if (choice.type !== 'allowed_tools' || !Array.isArray(choice.tools)) return undefined;
  const names = new Set<string>();
  for (const tool of choice.tools as unknown[]) {
    if (tool !== null && typeof tool === 'object' && typeof (tool as { name?: unknown }).name === 'string')
      names.add((tool as { name: string }).name);
  }
  return names;
}

/**
 * Responses `tool_choice` -> canonical. `allowed_tools` keeps its mode (the caller
 * narrows the tools to the allowed ones); a hosted-tool choice falls back to `auto`
 * (the hosted tool itself is a built-in tool, refused by foreign upstreams).
 */
export function decodeResponsesToolChoice(
  choice: ResponsesRequestBody['tool_choice'],
): ToolChoice | undefined {
  if (choice === null || choice === undefined) return undefined;
  if (typeof choice === 'string') return { type: choice };
  if ((choice.type === 'function' || choice.type === 'custom') && choice.name) {
    return { type: 'tool', name: choice.name };
  }
  if (choice.type === 'allowed_tools' && choice.mode === 'required') return { type: 'required' };
  return { type: 'auto' };
}
