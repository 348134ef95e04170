/**
 * Loaded with `node --import` ahead of Portkey's published build (bench/spawn-portkey.ts), for two
 * things its command line cannot be told:
 *
 * - It listens on every interface (`@hono/node-server`'s `serve()` is called without a hostname), and
 *   it forwards to whatever host `x-portkey-custom-host` names. The bench keeps it on 127.0.0.1 by
 *   giving an HTTP server's `listen(port)` that host.
 * - Its streams fail ("TypeError: immutable", HTTP 500) with the `@hono/node-server` npm installs
 *   beside it (1.19; any newer than 1.14.2): that package's lightweight `Response` keeps the upstream fetch
 *   response's headers, which are immutable, and Portkey appends its `x-portkey-*` headers to them
 *   (Portkey-AI/gateway#1389, open). Each upstream response is handed on as a native `Response` with
 *   a mutable copy of its headers; the body stream is passed along, not copied.
 */
import { Server } from 'node:http';

const listen = Server.prototype.listen;
Server.prototype.listen = function listenOnLoopback(port, host, ...rest) {
  return listen.call(
    this,
    port,
    typeof port === 'number' && host === undefined ? '127.0.0.1' : host,
    ...rest,
  );
};

const nativeFetch = globalThis.fetch;
// Captured now: @hono/node-server replaces the global Response with its lightweight one when it serves.
const NativeResponse = globalThis.Response;
globalThis.fetch = async function fetchWithMutableHeaders(input, init) {
  const response = await nativeFetch(input, init);
  return new NativeResponse(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
};
