import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Timeouts and connection caps of a listener (createGateway's `connections` option). */
export interface ConnectionLimits {
  /**
   * How long a client may take to send a request's headers, and a new connection to start
   * its first request; then the socket is closed (Node answers 408 to half-sent headers).
   * Default 30 s.
   */
  headersTimeoutMs?: number;
  /** An idle keep-alive connection closes after this. Default 65 s (longer than common proxies' 60 s). */
  keepAliveTimeoutMs?: number;
  /** Open connections in all; past it new ones are answered 503 and closed. Default 4096. */
  maxConnections?: number;
  /**
   * Open connections from one address; past it 503. Default 1024. Every local agent shares
   * 127.0.0.1, so this is also what all local tools together may hold open: generous, since
   * an agent may run hundreds of parallel streams, yet one LAN host cannot take every slot.
   */
  maxConnectionsPerIp?: number;
}

export const defaultConnectionLimits = {
  headersTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
  maxConnections: 4096,
  maxConnectionsPerIp: 1024,
} satisfies Required<ConnectionLimits>;

function refuse(response: ServerResponse): void {
  response.writeHead(503, {
    'content-type': 'application/json',
    connection: 'close',
    'retry-after': '1',
  });
  response.end(
    JSON.stringify({
      error: {
        code: 'too_many_connections',
        message: 'Too many open connections to the gateway; close some and retry',
      },
    }),
  );
}

/**
 * An HTTP server that a slow or greedy client cannot exhaust.
 *
 * `requestTimeout` stays 0 because a streamed answer may legitimately last many minutes; but
 * Node derives `headersTimeout` from it (0 too) and then never checks half-sent headers at
 * all, so it is set explicitly. A connection that never starts a request is not tracked by
 * that check, so it gets the same time as an inactivity timeout, lifted at its first request
 * (a long silent answer must not be cut). Over a cap the request is answered 503 with
 * `Connection: close` rather than dropped, so the client sees why.
 */
export function createGuardedServer(listener: RequestListener, limits: ConnectionLimits = {}): Server {
  const headersTimeoutMs = limits.headersTimeoutMs ?? defaultConnectionLimits.headersTimeoutMs;
  const maxConnections = limits.maxConnections ?? defaultConnectionLimits.maxConnections;
  const maxConnectionsPerIp = limits.maxConnectionsPerIp ?? defaultConnectionLimits.maxConnectionsPerIp;
  const awaitingFirstRequest = new WeakSet<Socket>();
  const refused = new WeakSet<Socket>();
  const openPerAddress = new Map<string, number>();
  let open = 0;

  const server = createServer(
    {
      requestTimeout: 0,
      headersTimeout: headersTimeoutMs,
      // Node checks headersTimeout on this interval (default 30 s); a fraction of it keeps the bound tight.
      connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(headersTimeoutMs / 2))),
      keepAliveTimeout: limits.keepAliveTimeoutMs ?? defaultConnectionLimits.keepAliveTimeoutMs,
    },
    function guardConnection(request, response) {
      const socket = request.socket;
      if (awaitingFirstRequest.delete(socket)) socket.setTimeout(0);
      if (refused.has(socket)) refuse(response);
      else listener(request, response);
    },
  );

  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const fromAddress = (openPerAddress.get(address) ?? 0) + 1;
    open++;
    openPerAddress.set(address, fromAddress);
    socket.once('close', () => {
      open--;
      const left = (openPerAddress.get(address) ?? 1) - 1;
      if (left > 0) openPerAddress.set(address, left);
      else openPerAddress.delete(address);
    });
    if (open > maxConnections || fromAddress > maxConnectionsPerIp) refused.add(socket);
    // No listener for 'timeout' on the server: Node destroys the socket when it fires.
    socket.setTimeout(headersTimeoutMs);
    awaitingFirstRequest.add(socket);
  });
  return server;
}
