import type { CanonicalTool, ToolChoice } from '../../canonical/types.ts';
import type { ResponsesRequestBody } from './responses-request-schema.ts';
import { customToolSchema, functionToolSchema, parseOrReject } from './responses-request-schema.ts';

/** How a freeform (`custom`) tool is offered to upstreams that only know JSON-schema functions. */
export const customToolParameters: Record<string, unknown> = {
  type: 'object',
  properties: { input: { type: 'string' } },
  required: ['input'],
};

/**
 * Flat Responses tools -> canonical tools. `local_shell`, `web_search`, `tool_search`,
 * namespace and other hosted tools have no counterpart elsewhere and are dropped.
 */
export function decodeResponsesTools(tools: ResponsesRequestBody['tools']): CanonicalTool[] {
  const out: CanonicalTool[] = [];
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
    }
  });
  return out;
}

/** Responses `tool_choice` -> canonical; hosted-tool choices fall back to `auto`. */
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
