import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestId as newRequestId } from '../lib/ids.ts';
import type { InboundProtocol } from '../protocols/types.ts';
import { createExchange, type Exchange } from './exchange.ts';
import { clientIp } from './respond.ts';

/**
 * The common start of a proxied request: an exchange under the request id the
 * listener already set (a fresh one otherwise), and a controller that aborts
 * when the client goes away before the answer is complete.
 */
export function startExchange(
  request: IncomingMessage,
  response: ServerResponse,
  inbound: InboundProtocol,
  now: number,
): { exchange: Exchange; clientAbort: AbortController } {
  const requestId = (response.getHeader('x-request-id') as string | undefined) ?? newRequestId();
  const exchange = createExchange({ requestId, inbound, clientIp: clientIp(request), now });
  const clientAbort = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) clientAbort.abort();
  });
  return { exchange, clientAbort };
}
