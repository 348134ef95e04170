import type { IncomingHttpHeaders } from 'node:http';
import type { InboundProtocol, UpstreamProtocol } from '../protocols/types.ts';
import type { ProviderRuntime } from '../config-snapshot/snapshot.ts';
import { identityHeaders } from './identity-headers.ts';

type JsonObject = Record<string, unknown>;

export interface RelayIsolationResult {
  body: JsonObject;
  /** Identity headers for this upstream (empty when isolation is off). */
  headers: Record<string, string>;
  /** Set when `instructions` in the answer must be replaced by this value before the client sees it. */
  instructionsEcho?: { replacement: unknown };
}

/**
 * Relay isolation (protocols.md section 5), for a provider that enables it:
 * - channel separation: the provider's required prompt goes in `instructions`,
 *   byte for byte as configured (so prompt caches hit); the client's own
 *   `instructions` move, verbatim, into a leading developer item of `input`;
 * - idempotence: a client that already sent the required prompt (Codex CLI
 *   itself) gets no second copy, and an input that already starts with the
 *   developer item gets no second one;
 * - identity headers (`originator`, `x-codex-*`, `session_id` ...) are passed
 *   to this upstream, and only to upstreams with isolation on;
 * - no echo: the answer's `instructions` are replaced by what the client sent.
 * With isolation off, the body is returned untouched and nothing is added.
 */
export function applyRelayIsolation(options: {
  provider: ProviderRuntime;
  inbound: InboundProtocol;
  upstream: UpstreamProtocol;
  /** The body about to go upstream (already in the upstream's protocol). */
  body: JsonObject;
  clientHeaders: IncomingHttpHeaders;
  /** What the client itself sent as `instructions` (Responses clients only). */
  clientInstructions: unknown;
}): RelayIsolationResult {
  const settings = options.provider.relayIsolation;
  if (!settings?.enabled) return { body: options.body, headers: {} };
  const headers = identityHeaders(options.clientHeaders);
  const instructionsEcho =
    options.inbound === 'openai-responses' && options.upstream === 'openai-responses'
      ? { replacement: options.clientInstructions ?? null }
      : undefined;
  const required = settings.requiredInstructions;
  if (options.upstream !== 'openai-responses' || !required)
    return { body: options.body, headers, instructionsEcho };
  return { body: separateChannels(options.body, required), headers, instructionsEcho };
}

function separateChannels(body: JsonObject, required: string): JsonObject {
  let own = typeof body.instructions === 'string' && body.instructions !== '' ? body.instructions : undefined;
  // Already the required prompt (or the required prompt plus the client's text): never a second copy.
  if (own !== undefined && own.startsWith(required)) own = own.slice(required.length).trim() || undefined;
  const edited: JsonObject = { ...body, instructions: required };
  // A chained turn: the upstream kept the first turn's developer item with the conversation.
  if (own === undefined || body.previous_response_id) return edited;
  const items: unknown[] =
    typeof body.input === 'string'
      ? [{ type: 'message', role: 'user', content: body.input }]
      : Array.isArray(body.input)
        ? body.input
        : [];
  if (developerText(items[0]) === own) return { ...edited, input: items };
  const developer = { type: 'message', role: 'developer', content: [{ type: 'input_text', text: own }] };
  return { ...edited, input: [developer, ...items] };
}

/** The text of a developer message item, or undefined. */
function developerText(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const message = item as JsonObject;
  if (message.role !== 'developer') return undefined;
  if (typeof message.content === 'string') return message.content;
  if (!Array.isArray(message.content)) return undefined;
  return message.content.map((part) => (part as JsonObject)?.text ?? '').join('');
}
