/**
 * The floor: a bare keep-alive `node:http` reverse proxy with no auth, parsing
 * or logging. Whatever the gateway costs is measured against this.
 *
 * `UPSTREAM_URL` is the upstream origin (e.g. `http://127.0.0.1:4000`); the
 * request path is forwarded unchanged. Under `/rewrite` (`/rewrite/v1/messages`) the floor does what a
 * proxy that renames the model at least does: reads the whole body, parses it, sets `model` to
 * `REWRITE_MODEL` (default `mock-model`) and serializes it again, then forwards it without the prefix
 * (the agent-size scenarios' floor). Prints `{"port":N}` once listening on
 * 127.0.0.1 (`PORT` or a free port).
 */
import {
  Agent,
  createServer,
  request as sendRequest,
  type ClientRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

const upstream = new URL(process.env.UPSTREAM_URL ?? 'http://127.0.0.1:4000');
const agent = new Agent({ keepAlive: true, maxSockets: 2048 });

const rewriteModel = process.env.REWRITE_MODEL ?? 'mock-model';

const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
  if (request.url?.startsWith('/rewrite/')) {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as { model?: string };
      body.model = rewriteModel;
      const payload = Buffer.from(JSON.stringify(body));
      const headers = { ...request.headers, host: upstream.host, 'content-length': String(payload.length) };
      forward(request, response, request.url!.slice('/rewrite'.length), headers).end(payload);
    });
    return;
  }
  const headers = { ...request.headers, host: upstream.host };
  request.pipe(forward(request, response, request.url, headers));
});

function forward(
  request: IncomingMessage,
  response: ServerResponse,
  path: string | undefined,
  headers: OutgoingHttpHeaders,
): ClientRequest {
  const outgoing = sendRequest(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: request.method,
      path,
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
  return outgoing;
}

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
