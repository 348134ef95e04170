import type { Dispatcher } from 'undici';
import { dispatchUpstream, type DispatchedAnswer, type UpstreamBody } from './dispatch-upstream.ts';
import type { ProviderRuntime } from '../config-snapshot/snapshot.ts';
import type { UpstreamCodec } from '../protocols/types.ts';
import { GatewayError } from '../lib/errors.ts';
import type { AbortHandle } from '../lib/abort-handle.ts';
import { upstreamHeaders } from './upstream-headers.ts';
import {
  mapTransportFailure,
  mapUpstreamStatus,
  parseRetryAfter,
  scrubSecrets,
} from './map-upstream-failure.ts';

export interface UpstreamCall {
  provider: ProviderRuntime;
  /** The key for this attempt (providers may hold several, used in turn). */
  apiKey: string | undefined;
  codec: UpstreamCodec;
  path: string;
  /** Serialized JSON, or a large body's bytes in pieces (sent one after the other, never joined). */
  body: string | Buffer[];
  /** Extra headers for this call (e.g. `anthropic-beta` from the client), applied before the provider's own. */
  headers?: Record<string, string>;
  dispatcher: Dispatcher;
  /** The request's abort handle: its reason is what the call throws. */
  signal: AbortHandle;
}

export type UpstreamAnswer = DispatchedAnswer;

const errorBodyLimit = 64 * 1024;

/** Base URLs split into origin and path prefix, computed once per distinct base URL. */
const baseUrlParts = new Map<string, { origin: string; prefix: string }>();
/** A path undici takes as is: printable ASCII without spaces (anything else goes through URL encoding). */
const plainPath = /^\/[\x21-\x7e]*$/;

/** `baseUrl + path` through the URL parser (percent-encoding what undici would refuse raw). */
function parsedTarget(baseUrl: string, path: string): { origin: string; path: string } {
  const url = new URL(baseUrl + path);
  return { origin: url.origin, path: url.pathname + url.search };
}

/** Where one call goes, as undici's `origin` and `path` (the same URL `baseUrl + path` names). */
export function upstreamTarget(baseUrl: string, path: string): { origin: string; path: string } {
  let parts = baseUrlParts.get(baseUrl);
  if (!parts) {
    const url = new URL(baseUrl);
    if (url.search !== '' || url.hash !== '') return parsedTarget(baseUrl, path);
    parts = { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
    if (baseUrlParts.size >= 1024) baseUrlParts.clear();
    baseUrlParts.set(baseUrl, parts);
  }
  const full = parts.prefix + path;
  return plainPath.test(full) ? { origin: parts.origin, path: full } : parsedTarget(baseUrl, path);
}

/**
 * The headers of a call that adds none of its own, worked out once per
 * provider runtime (a config change makes a new one) and key, and copied per
 * call: undici's proxy agents add `host` to the object they are given.
 */
const plainHeadersCache = new WeakMap<ProviderRuntime, Map<string, Record<string, string>>>();

function plainHeaders(provider: ProviderRuntime, apiKey: string | undefined): Record<string, string> {
  let byKey = plainHeadersCache.get(provider);
  if (!byKey) {
    byKey = new Map();
    plainHeadersCache.set(provider, byKey);
  }
  const slot = apiKey ?? '';
  let headers = byKey.get(slot);
  if (!headers) {
    headers = upstreamHeaders(provider, apiKey);
    byKey.set(slot, headers);
  }
  return { ...headers };
}

/** Pieces of fewer bytes than this are joined: malloc serves such a Buffer from its free lists. */
const joinBelowBytes = 128 * 1024;

/**
 * The body as undici is given it. Pieces of a large body go as they are, one write after the other,
 * with their length in `headers` (undici would send an iterable body with chunked transfer coding,
 * which not every upstream takes); a small one is joined, and written in one go with the headers.
 */
function upstreamBody(body: string | Buffer[], headers: Record<string, string>): string | Buffer | Buffer[] {
  if (typeof body === 'string') return body;
  let total = 0;
  for (const piece of body) total += piece.length;
  if (total < joinBelowBytes) return Buffer.concat(body, total);
  headers['content-length'] = String(total);
  return body;
}

function isEmpty(record: Record<string, string>): boolean {
  for (const _ in record) return false;
  return true;
}

/**
 * Send one request upstream over the pooled dispatcher. Resolves with the
 * answer once a 2xx status arrives (the body still streaming); any other status
 * or transport failure becomes a GatewayError carrying status, retryability and
 * `retry-after`, with the provider's keys scrubbed from the message.
 */
export async function callUpstream(call: UpstreamCall): Promise<UpstreamAnswer> {
  const { provider } = call;
  const headers =
    call.headers === undefined || isEmpty(call.headers)
      ? plainHeaders(provider, call.apiKey)
      : upstreamHeaders(provider, call.apiKey, call.headers);
  const body = upstreamBody(call.body, headers);
  // Origin and path, not a URL string: no URL parse per call.
  const target = upstreamTarget(provider.baseUrl, call.path);
  let answer: UpstreamAnswer;
  try {
    // Spelled out rather than spread from `target`: see "Object spreads on the hot path" in docs/performance.md.
    answer = await dispatchUpstream(
      call.dispatcher,
      {
        origin: target.origin,
        path: target.path,
        method: 'POST',
        headers,
        // undici takes an iterable body (docs/api/Dispatcher.md, `body`); its typings name only single values.
        body: body as string | Buffer,
        headersTimeout: provider.timeouts.firstByteMs,
        bodyTimeout: provider.timeouts.idleMs,
      },
      call.signal,
    );
  } catch (error) {
    if (call.signal.aborted) throw error;
    throw mapTransportFailure(error, provider.name);
  }
  if (answer.status >= 200 && answer.status < 300) return answer;
  const text = await readLimited(answer.body, errorBodyLimit).catch(() => '');
  const parsed = call.codec.parseError(answer.status, text);
  throw mapUpstreamStatus({
    status: answer.status,
    providerName: provider.name,
    message: scrubSecrets(parsed.message, provider.apiKeys),
    code: parsed.code,
    retryAfter: parseRetryAfter(answer.headers),
  });
}

/** Read at most `limit` bytes of a body as text, then discard the rest. */
export function readLimited(body: UpstreamBody, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.consume({
      data(chunk) {
        if (size < limit) chunks.push(chunk.subarray(0, limit - size));
        size += chunk.length;
      },
      end: () => resolve(Buffer.concat(chunks).toString('utf8')),
      error: reject,
    });
  });
}

/** Read a whole JSON body (bounded); a non-JSON 2xx answer is the upstream's fault. */
export async function readJsonAnswer(
  body: UpstreamBody,
  providerName: string,
  limit: number,
): Promise<{ raw: Buffer; json: unknown }> {
  let raw: Buffer;
  try {
    raw = await collectBody(body, limit, providerName);
  } catch (error) {
    // The idle timeout or a dropped connection mid-body is the upstream's failure, not an internal one.
    if (error instanceof GatewayError || (error as Error | null)?.name === 'AbortError') throw error;
    throw mapTransportFailure(error, providerName);
  }
  try {
    return { raw, json: JSON.parse(raw.toString('utf8')) };
  } catch {
    throw new GatewayError({
      status: 502,
      kind: 'upstream',
      code: 'bad_upstream_response',
      message: `Provider "${providerName}" answered with invalid JSON`,
      retryable: true,
      provider: providerName,
    });
  }
}

/** Gather a whole body, refusing it as soon as it passes `limit` bytes. */
function collectBody(body: UpstreamBody, limit: number, providerName: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.consume({
      data(chunk) {
        size += chunk.length;
        if (size > limit) {
          body.destroy();
          reject(
            new GatewayError({
              status: 502,
              kind: 'upstream',
              code: 'bad_upstream_response',
              message: `Provider "${providerName}" answered more than ${limit} bytes`,
              provider: providerName,
            }),
          );
          return;
        }
        chunks.push(chunk);
      },
      end: () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)),
      error: reject,
    });
  });
}
