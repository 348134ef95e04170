import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestId as newRequestId } from '../lib/ids.ts';
import type { RequestLogRecord } from '../storage/request-log-record.ts';
import { createExchange, type Exchange } from './exchange.ts';
import { clientIp } from './respond.ts';
import { AbortHandle } from '../lib/abort-handle.ts';

/**
 * The common start of a proxied request: an exchange under the request id the
 * listener already set (a fresh one otherwise), and the request's one abort
 * handle. It aborts when the client goes away before the answer is
 * complete (and `exchange.clientClosed` says so); a handler may also abort it
 * itself, at its deadline, so one signal serves every upstream attempt.
 */
export function startExchange(
  request: IncomingMessage,
  response: ServerResponse,
  inbound: RequestLogRecord['inboundProtocol'],
  now: number,
): { exchange: Exchange; requestAbort: AbortHandle } {
  const requestId = (response.getHeader('x-request-id') as string | undefined) ?? newRequestId();
  const exchange = createExchange({ requestId, inbound, clientIp: clientIp(request), now });
  const requestAbort = new AbortHandle();
  response.on('close', () => {
    if (response.writableFinished) return;
    exchange.clientClosed = true;
    requestAbort.abort();
  });
  return { exchange, requestAbort };
}
