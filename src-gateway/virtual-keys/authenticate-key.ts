import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../lib/errors.ts';
import type { ConfigSnapshot, KeyRuntime } from '../config-snapshot/snapshot.ts';
import { clientIpAllowed } from './client-ip-allowed.ts';
import { hashKey } from './hash-key.ts';

/**
 * Hashes of keys that authenticated recently, so a busy client does not pay a
 * SHA-256 per request. Only keys that matched are remembered (random guesses
 * cannot fill it), it is bounded, and it maps a key to its hash, not to the
 * key's settings: those are looked up in the current snapshot every time.
 */
const knownHashes = new Map<string, string>();
const knownHashesLimit = 1024;

function lookUp(snapshot: ConfigSnapshot, key: string): KeyRuntime | undefined {
  const known = knownHashes.get(key);
  if (known !== undefined) return snapshot.keysByHash.get(known);
  const hash = hashKey(key);
  const runtime = snapshot.keysByHash.get(hash);
  if (runtime) {
    if (knownHashes.size >= knownHashesLimit) knownHashes.clear();
    knownHashes.set(key, hash);
  }
  return runtime;
}

/**
 * The client's key from `Authorization: Bearer`, `x-api-key` (Anthropic SDK 0.x,
 * Claude Code with ANTHROPIC_API_KEY), `api-key` (Azure-style clients) or
 * `x-goog-api-key` (`@google/genai`, Gemini CLI).
 */
export function extractClientKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1]!.trim();
  }
  const apiKey = headers['x-api-key'] ?? headers['api-key'] ?? headers['x-goog-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') return apiKey.trim();
  return undefined;
}

function unauthorized(message: string, code = 'invalid_api_key'): GatewayError {
  return new GatewayError({ status: 401, kind: 'authentication', code, message });
}

/**
 * Look the key up by hash in the in-memory snapshot; no database read. With
 * `clientIp` (the socket's peer address, never a forwarded header), a key with
 * `allowedIps` refuses clients outside its ranges with a 403. `queryKey` is the
 * `?key=` of operations that accept one (Gemini's), used when no header names a key.
 */
export function authenticateKey(
  snapshot: ConfigSnapshot,
  headers: IncomingHttpHeaders,
  now: number,
  clientIp?: string | null,
  queryKey?: string,
): KeyRuntime {
  const key = extractClientKey(headers) ?? (queryKey?.trim() || undefined);
  if (!key)
    throw unauthorized('Missing API key. Send it as "Authorization: Bearer <key>".', 'missing_api_key');
  const runtime = lookUp(snapshot, key);
  if (!runtime) throw unauthorized('Invalid API key.');
  if (!runtime.enabled) throw unauthorized('This API key is disabled.', 'key_disabled');
  if (runtime.expiresAt !== undefined && runtime.expiresAt <= now)
    throw unauthorized('This API key has expired.', 'key_expired');
  const ranges = runtime.allowedIps;
  if (clientIp !== undefined && ranges && ranges.length > 0 && !clientIpAllowed(ranges, clientIp)) {
    throw new GatewayError({
      status: 403,
      kind: 'permission',
      code: 'ip_not_allowed',
      message: 'This API key may not be used from this IP address.',
    });
  }
  return runtime;
}
