import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../lib/errors.ts';
import { requestId } from '../lib/ids.ts';
import type { InboundCodec } from '../protocols/types.ts';
import { sendError } from '../proxy/respond.ts';

export interface MisdirectedCodecs {
  chat: InboundCodec;
  responses: InboundCodec;
  anthropic: InboundCodec;
  gemini: InboundCodec;
}

/** Which protocol a model-API path speaks; undefined for the admin API and the rest. */
function codecForPath(path: string, codecs: MisdirectedCodecs): InboundCodec | undefined {
  if (path.startsWith('/v1/messages')) return codecs.anthropic;
  if (path.startsWith('/v1beta/') || (path.startsWith('/v1/models/') && path.includes(':')))
    return codecs.gemini;
  if (path === '/v1/responses' || path === '/responses') return codecs.responses;
  if (path.startsWith('/v1/') || path === '/chat/completions' || path === '/embeddings') return codecs.chat;
  return undefined;
}

/**
 * 421 Misdirected Request for a `Host` the gateway does not answer to (see createHostCheck):
 * in the model API's own error shape on `/v1`, as `{ error: { code, message } }` elsewhere
 * (the admin API's shape). The name is echoed, shortened, so the user knows what to allow.
 */
export function rejectMisdirected(
  request: IncomingMessage,
  response: ServerResponse,
  codecs?: MisdirectedCodecs,
): void {
  const host = (request.headers.host ?? '').slice(0, 100);
  const error = new GatewayError({
    status: 421,
    kind: 'permission',
    code: 'misdirected_request',
    message: `This gateway does not answer to the host name "${host}". If you reach it by that name, add it to ALLOWED_HOSTS.`,
  });
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  const codec = codecs && codecForPath(query === -1 ? url : url.slice(0, query), codecs);
  const id = requestId();
  response.setHeader('x-request-id', id);
  if (codec) {
    sendError(response, codec, error, id);
    return;
  }
  response.writeHead(421, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify({ error: { code: error.code, message: error.message } }));
}
