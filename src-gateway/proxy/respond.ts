import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayError } from '../lib/errors.ts';
import type { InboundCodec } from '../protocols/types.ts';
import { droppedBuiltinTools } from '../protocols/own-builtin-tools.ts';
import { elapsedMs, type Exchange } from './exchange.ts';
import { pickUpstreamProtocol } from './prepare-upstream-request.ts';

/** Headers naming who served the request (ASCII-safe: names are user-chosen). */
export function setGatewayHeaders(response: ServerResponse, exchange: Exchange): void {
  response.setHeader('x-request-id', exchange.requestId);
  response.setHeader('request-id', exchange.requestId);
  if (exchange.model) {
    response.setHeader('x-gateway-provider', encodeURIComponent(exchange.model.provider.name));
    response.setHeader('x-gateway-model', encodeURIComponent(exchange.model.name));
  }
  if (exchange.attempts.length > 0)
    response.setHeader('x-gateway-attempts', String(exchange.attempts.length));
  // Another family's built-in tools, left out for the upstream that answered: the client is told.
  const dropped =
    exchange.canonical?.builtinTools && exchange.model
      ? droppedBuiltinTools(exchange.canonical, pickUpstreamProtocol(exchange.model.provider))
      : [];
  if (dropped.length > 0) response.setHeader('x-gateway-dropped-tools', dropped.join(', '));
}

/**
 * A successful answer the gateway made itself (`count_tokens`, `/v1/models`), as
 * express's `response.json` sent it: status 200, `application/json; charset=utf-8`.
 */
export function sendLocalAnswer(response: ServerResponse, exchange: Exchange, body: unknown): void {
  const text = JSON.stringify(body);
  if (exchange.key?.logBodies) exchange.responseBody = text;
  exchange.status = 200;
  setGatewayHeaders(response, exchange);
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  });
  exchange.ttfbMs = elapsedMs(exchange);
  response.end(text);
}

/** An error before the first byte: a real status and a body in the client's protocol. */
export function sendError(
  response: ServerResponse,
  inbound: InboundCodec,
  error: GatewayError,
  requestId: string,
): void {
  const encoded = inbound.encodeError(error, requestId);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...encoded.headers };
  if (error.retryAfter !== undefined && headers['retry-after'] === undefined)
    headers['retry-after'] = String(error.retryAfter);
  response.writeHead(encoded.status, headers);
  response.end(JSON.stringify(encoded.body));
}

export function clientIp(request: IncomingMessage): string | null {
  return request.socket.remoteAddress ?? null;
}
