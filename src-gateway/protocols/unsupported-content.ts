import { GatewayError } from '../lib/errors.ts';
import type { UpstreamProtocol } from './types.ts';

const protocolNames: Record<UpstreamProtocol, string> = {
  'openai-chat': 'OpenAI Chat Completions',
  'openai-responses': 'OpenAI Responses',
  anthropic: 'Anthropic Messages',
  gemini: 'Gemini generateContent',
};

/** The code of every refusal below; `nameUnsupportedTarget` recognises them by it. */
export const unsupportedContentCode = 'unsupported_content';

const subject = 'This upstream';

/**
 * A request part or tool the target's wire format cannot carry (a PDF by URL to Chat
 * Completions, an Anthropic server tool to Gemini, an OpenAI file id to Anthropic...):
 * a 400, never a silent drop, and not retried elsewhere (the client must change the
 * request or the model). The gateway never fetches a URL to inline it.
 * `what` names the part: "a PDF document given by URL (content part 2 of message 1)".
 */
export function unsupportedContent(protocol: UpstreamProtocol, what: string): GatewayError {
  return new GatewayError({
    status: 400,
    kind: 'invalid_request',
    code: unsupportedContentCode,
    message: `${subject} (${protocolNames[protocol]}) cannot accept ${what}`,
  });
}

/**
 * The same refusal naming the target the router picked (`provider/model`), for the
 * client's error body; other errors are returned unchanged.
 */
export function nameUnsupportedTarget(error: unknown, target: string): unknown {
  if (!(error instanceof GatewayError) || error.code !== unsupportedContentCode) return error;
  if (!error.message.startsWith(subject)) return error;
  return new GatewayError({
    status: error.status,
    kind: error.kind,
    code: error.code,
    message: `The target "${target}"${error.message.slice(subject.length)}`,
  });
}
