import type { BuiltinTool, CanonicalRequest } from '../canonical/types.ts';
import type { UpstreamProtocol } from './types.ts';
import { unsupportedContent } from './unsupported-content.ts';

const owners: Record<BuiltinTool['protocol'], { kind: string; models: string }> = {
  'openai-responses': { kind: 'an OpenAI Responses built-in tool', models: 'a Responses API model' },
  anthropic: { kind: 'an Anthropic server tool', models: 'an Anthropic model' },
  gemini: { kind: 'a Gemini built-in tool', models: 'a Gemini model' },
};

/**
 * The request's provider-run tools for an upstream speaking `protocol`: its own are
 * returned (to send as they came); another family's cannot run there, and the
 * request is refused naming the first of them, rather than silently losing it.
 */
export function ownBuiltinTools(
  request: CanonicalRequest,
  protocol: UpstreamProtocol,
): Array<Record<string, unknown>> {
  const own: Array<Record<string, unknown>> = [];
  for (const tool of request.builtinTools ?? []) {
    if (tool.protocol === protocol) {
      own.push(tool.definition);
      continue;
    }
    const owner = owners[tool.protocol];
    throw unsupportedContent(
      protocol,
      `the tool "${tool.type}" (${owner.kind}, which only that provider runs); remove it or pick ${owner.models}`,
    );
  }
  return own;
}
