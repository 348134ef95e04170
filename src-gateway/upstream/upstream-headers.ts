import type { ProviderRuntime } from '../config-snapshot/snapshot.ts';
import { authHeaders, familyOf } from '../upstream-families/index.ts';

/**
 * Headers a provider's configuration may not set: they frame the request or
 * belong to one hop (undici refuses several outright, which would fail every
 * call), and proxy credentials must never reach an upstream.
 */
const reservedHeaders = new Set([
  'connection',
  'content-length',
  'expect',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const noHeaders: Record<string, string> = {};

/**
 * Adds the layers to `headers`, names lower-cased so a later layer replaces an
 * earlier one whatever its spelling (undici would otherwise send both
 * `authorization` and `Authorization`, and the upstream keeps the first).
 * Layers, later wins: the family's fixed headers (`anthropic-version`), the
 * call's own (e.g. `anthropic-beta` the client sent), the key's auth header,
 * then the provider's configured headers, so an operator's explicit header
 * (even `Authorization`) is what goes out.
 */
function layerHeaders(
  headers: Record<string, string>,
  provider: ProviderRuntime,
  apiKey: string | undefined,
  callHeaders: Record<string, string>,
): Record<string, string> {
  const family = familyOf(provider);
  for (const name in family.headers) headers[name] = family.headers[name]!;
  const set = (layer: Record<string, string>, configured: boolean): void => {
    for (const [name, value] of Object.entries(layer)) {
      const lower = name.toLowerCase();
      if (configured && reservedHeaders.has(lower)) continue;
      headers[lower] = value;
    }
  };
  set(callHeaders, false);
  set(authHeaders(family, apiKey), false);
  set(provider.headers, true);
  return headers;
}

/**
 * The headers of one upstream call: JSON in, JSON or SSE out, then the layers
 * above. Nothing else of the client's request is forwarded, its
 * `authorization` least of all.
 */
export function upstreamHeaders(
  provider: ProviderRuntime,
  apiKey: string | undefined,
  callHeaders: Record<string, string> = noHeaders,
): Record<string, string> {
  return layerHeaders(
    { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    provider,
    apiKey,
    callHeaders,
  );
}

/** The headers of a model-list `GET`: a model call's key, version and configured headers, no body. */
export function modelListHeaders(
  provider: ProviderRuntime,
  apiKey: string | undefined,
): Record<string, string> {
  return layerHeaders({ accept: 'application/json' }, provider, apiKey, noHeaders);
}
