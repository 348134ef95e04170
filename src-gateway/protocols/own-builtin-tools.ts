import type { CanonicalRequest } from '../canonical/types.ts';
import type { UpstreamProtocol } from './types.ts';
import { unsupportedContent } from './unsupported-content.ts';

const vendors: Record<string, string> = {
  'openai-responses': 'an OpenAI Responses built-in tool',
  anthropic: 'an Anthropic server tool',
  gemini: 'a Gemini built-in tool',
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
    throw unsupportedContent(
      protocol,
      `the tool "${tool.type}" (${vendors[tool.protocol]}, which only that provider runs); remove it or pick a ${tool.protocol === 'openai-responses' ? 'Responses API' : tool.protocol === 'anthropic' ? 'Anthropic' : 'Gemini'} model`,
    );
  }
  return own;
}
