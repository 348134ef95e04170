import { request, type Dispatcher } from 'undici';
import type { ProviderRuntime } from '../runtime/snapshot.ts';
import type { UpstreamCodec } from '../protocols/types.ts';
import { GatewayError } from '../lib/errors.ts';
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
  /** Serialized JSON. */
  body: string;
  /** Extra headers for this call (e.g. `anthropic-beta` from the client), applied before the provider's own. */
  headers?: Record<string, string>;
  dispatcher: Dispatcher;
  signal: AbortSignal;
}

export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
}

const errorBodyLimit = 64 * 1024;

function authHeaders(provider: ProviderRuntime, apiKey: string | undefined): Record<string, string> {
  if (!apiKey) return {};
  switch (provider.protocol) {
    case 'anthropic':
      return { 'x-api-key': apiKey };
    case 'gemini':
      return { 'x-goog-api-key': apiKey };
    default:
      return provider.preset === 'azure-openai'
        ? { 'api-key': apiKey }
        : { authorization: `Bearer ${apiKey}` };
  }
}

/**
 * Send one request upstream over the pooled dispatcher. Resolves with the
 * answer once a 2xx status arrives (the body still streaming); any other status
 * or transport failure becomes a GatewayError carrying status, retryability and
 * `retry-after`, with the provider's keys scrubbed from the message.
 */
export async function callUpstream(call: UpstreamCall): Promise<UpstreamAnswer> {
  const { provider } = call;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...(provider.protocol === 'anthropic' ? { 'anthropic-version': '2023-06-01' } : {}),
    ...call.headers,
    ...authHeaders(provider, call.apiKey),
    ...provider.headers,
  };
  let answer: Dispatcher.ResponseData;
  try {
    answer = await request(provider.baseUrl + call.path, {
      method: 'POST',
      headers,
      body: call.body,
      dispatcher: call.dispatcher,
      signal: call.signal,
      headersTimeout: provider.timeouts.firstByteMs,
      bodyTimeout: provider.timeouts.idleMs,
    });
  } catch (error) {
    if (call.signal.aborted) throw error;
    throw mapTransportFailure(error, provider.name);
  }
  if (answer.statusCode >= 200 && answer.statusCode < 300) {
    return { status: answer.statusCode, headers: answer.headers, body: answer.body };
  }
  const text = await readLimited(answer.body, errorBodyLimit).catch(() => '');
  const parsed = call.codec.parseError(answer.statusCode, text);
  throw mapUpstreamStatus({
    status: answer.statusCode,
    providerName: provider.name,
    message: scrubSecrets(parsed.message, provider.apiKeys),
    code: parsed.code,
    retryAfter: parseRetryAfter(answer.headers),
  });
}

/** Read at most `limit` bytes of a body as text, then discard the rest. */
export async function readLimited(body: UpstreamAnswer['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    if (size < limit) chunks.push(buffer.subarray(0, limit - size));
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Read a whole JSON body (bounded); a non-JSON 2xx answer is the upstream's fault. */
export async function readJsonAnswer(
  body: UpstreamAnswer['body'],
  providerName: string,
  limit: number,
): Promise<{ raw: Buffer; json: unknown }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      body.destroy();
      throw new GatewayError({
        status: 502,
        kind: 'upstream',
        code: 'bad_upstream_response',
        message: `Provider "${providerName}" answered more than ${limit} bytes`,
        provider: providerName,
      });
    }
    chunks.push(buffer);
  }
  const raw = Buffer.concat(chunks);
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
