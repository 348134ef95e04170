import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultBundledCatalog } from '../../src-gateway/catalog/bundled-catalog.ts';

/** The real LiteLLM price list: the snapshot the app bundles (src-gateway/catalog/snapshot/). */
export function readLitellmCatalog(): { text: string; json: Record<string, Record<string, unknown>> } {
  const text = defaultBundledCatalog().read();
  return { text, json: JSON.parse(text) };
}

export interface CatalogDocument {
  body: string;
  etag?: string;
  lastModified?: string;
  /** Send no Content-Length (chunked), so only the streaming size check can catch a big body. */
  chunked?: boolean;
  /** Answer this status instead (e.g. 500). */
  status?: number;
}

export interface CatalogSourceServer {
  url: string;
  requests: Array<{ path: string; headers: IncomingHttpHeaders }>;
  serve(document: CatalogDocument): void;
  close(): Promise<void>;
}

/** A local stand-in for raw.githubusercontent.com: conditional GET with ETag and Last-Modified. */
export async function startCatalogSource(initial: CatalogDocument): Promise<CatalogSourceServer> {
  let document = initial;
  const requests: CatalogSourceServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    requests.push({ path: request.url ?? '', headers: request.headers });
    if (document.status !== undefined) {
      response.writeHead(document.status, { 'content-type': 'text/plain' }).end('unavailable');
      return;
    }
    const validators: Record<string, string> = {};
    if (document.etag) validators.etag = document.etag;
    if (document.lastModified) validators['last-modified'] = document.lastModified;
    const etagMatches = document.etag !== undefined && request.headers['if-none-match'] === document.etag;
    const dateMatches =
      document.etag === undefined &&
      document.lastModified !== undefined &&
      request.headers['if-modified-since'] === document.lastModified;
    if (etagMatches || dateMatches) {
      response.writeHead(304, validators).end();
      return;
    }
    const body = Buffer.from(document.body);
    const headers = { 'content-type': 'application/json', ...validators };
    if (document.chunked) {
      response.writeHead(200, headers);
      for (let offset = 0; offset < body.length; offset += 64 * 1024) {
        response.write(body.subarray(offset, offset + 64 * 1024));
      }
      response.end();
    } else {
      response.writeHead(200, { ...headers, 'content-length': String(body.length) }).end(body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/model_prices_and_context_window.json`,
    requests,
    serve(next) {
      document = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
