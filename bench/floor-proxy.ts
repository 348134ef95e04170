/**
 * The floor: a bare keep-alive `node:http` reverse proxy with no auth, parsing
 * or logging. Whatever the gateway costs is measured against this.
 *
 * `UPSTREAM_URL` is the upstream origin (e.g. `http://127.0.0.1:4000`); the
 * request path is forwarded unchanged. Prints `{"port":N}` once listening on
 * 127.0.0.1 (`PORT` or a free port).
 */
import { Agent, createServer, request as sendRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

const upstream = new URL(process.env.UPSTREAM_URL ?? 'http://127.0.0.1:4000');
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
  const headers = { ...request.headers, host: upstream.host };
  const outgoing = sendRequest(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: request.method,
      path: request.url,
      headers,
      agent,
    },
    (incoming) => {
      response.writeHead(incoming.statusCode ?? 502, incoming.headers);
      incoming.pipe(response);
    },
  );
  outgoing.on('error', () => {
    if (!response.headersSent) response.writeHead(502);
    response.end();
  });
  request.pipe(outgoing);
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
