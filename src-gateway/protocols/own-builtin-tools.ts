import type { BuiltinTool, CanonicalRequest } from '../canonical/types.ts';
import type { UpstreamProtocol } from './types.ts';
import { unsupportedContent } from './unsupported-content.ts';

const owners: Record<BuiltinTool['protocol'], { kind: string; models: string }> = {
  'openai-responses': { kind: 'an OpenAI Responses built-in tool', models: 'a Responses API model' },
  anthropic: { kind: 'an Anthropic server tool', models: 'an Anthropic model' },
  gemini: { kind: 'a Gemini built-in tool', models: 'a Gemini model' },
};

/**
 * The request's provider-run tools for an upstream speaking `protocol`: its own are returned
 * (to send as they came). Another family's cannot run there. When the client's tool choice
 * names one, the request makes no sense without it and is refused, naming it. Otherwise it is
 * left out (`droppedBuiltinTools` names them; the client sees `x-gateway-dropped-tools`):
 * Codex CLI offers `web_search` and its `namespace` tools with every request, and refusing
 * them would refuse every Codex request to a non-Responses model.
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
    if (tool.forced) {
      const owner = owners[tool.protocol];
      throw unsupportedContent(
        protocol,
        `the tool "${tool.type}" (${owner.kind}, which only that provider runs), which tool_choice requires; remove it or pick ${owner.models}`,
      );
    }
  }
  return own;
}

/** The request's provider-run tools an upstream speaking `protocol` does not get (see above). */
export function droppedBuiltinTools(request: CanonicalRequest, protocol: UpstreamProtocol): string[] {
  return (request.builtinTools ?? []).filter((tool) => tool.protocol !== protocol).map((tool) => tool.type);
}
