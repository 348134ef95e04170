import { GatewayError } from '../lib/errors.ts';

/** Hide any provider key an upstream echoes back in an error message. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 6 && out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** `retry-after` in seconds (delta or HTTP date), or `retry-after-ms`. */
export function parseRetryAfter(
  headers: Record<string, string | string[] | undefined>,
  now = Date.now(),
): number | undefined {
  const milliseconds = headerValue(headers['retry-after-ms']);
  if (milliseconds && /^\d+(\.\d+)?$/.test(milliseconds)) return Math.ceil(Number(milliseconds) / 1000);
  const value = headerValue(headers['retry-after']);
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * An upstream HTTP error answer as a GatewayError. Statuses caused by the
 * request itself keep their status and are not retryable; a rejected provider
 * key is the gateway's misconfiguration, never the client's: 502
 * `upstream_auth_error` (the client's own key must not look wrong).
 */
export function mapUpstreamStatus(options: {
  status: number;
  providerName: string;
  message: string;
  code?: string;
  retryAfter?: number;
}): GatewayError {
  const { status, providerName, retryAfter } = options;
  const detail = options.message || `HTTP ${status}`;
  if (status === 401 || status === 403) {
    return new GatewayError({
      status: 502,
      kind: 'upstream_auth',
      code: 'upstream_auth_error',
      message: `Provider "${providerName}" rejected the gateway's API key (HTTP ${status}): ${detail}`,
      retryable: true,
      provider: providerName,
    });
  }
  if (status === 429) {
    return new GatewayError({
      status: 429,
      kind: 'rate_limit',
      code: options.code ?? 'rate_limit_exceeded',
      message: `Provider "${providerName}" is rate limiting: ${detail}`,
      retryable: true,
      provider: providerName,
      retryAfter,
    });
  }
  if (status === 408) {
    return new GatewayError({
      status: 408,
      kind: 'timeout',
      code: 'upstream_timeout',
      message: `Provider "${providerName}" timed out: ${detail}`,
      retryable: true,
      provider: providerName,
      retryAfter,
    });
  }
  if (status === 529 || status === 503) {
    return new GatewayError({
      status,
      kind: 'overloaded',
      code: 'overloaded',
      message: `Provider "${providerName}" is overloaded: ${detail}`,
      retryable: true,
      provider: providerName,
      retryAfter,
    });
  }
  if (status >= 500) {
    return new GatewayError({
      status,
      kind: 'upstream',
      code: 'upstream_error',
      message: `Provider "${providerName}" failed (HTTP ${status}): ${detail}`,
      retryable: true,
      provider: providerName,
      retryAfter,
    });
  }
  const kind = status === 404 ? 'not_found' : status === 413 ? 'request_too_large' : 'invalid_request';
  return new GatewayError({
    status,
    kind,
    code: options.code ?? (status === 404 ? 'not_found' : 'invalid_request_error'),
    message: detail,
    retryable: false,
    provider: providerName,
  });
}

/** A transport failure (no HTTP answer) as a GatewayError; all are retryable before the first byte. */
export function mapTransportFailure(error: unknown, providerName: string): GatewayError {
  const code = (error as { code?: string } | null)?.code ?? '';
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'GW_FIRST_BYTE_TIMEOUT'
  ) {
    return new GatewayError({
      status: 504,
      kind: 'timeout',
      code: 'upstream_timeout',
      message: `Provider "${providerName}" did not answer in time`,
      retryable: true,
      provider: providerName,
      cause: error,
    });
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new GatewayError({
      status: 504,
      kind: 'timeout',
      code: 'upstream_connect_timeout',
      message: `Could not connect to provider "${providerName}" in time`,
      retryable: true,
      provider: providerName,
      cause: error,
    });
  }
  return new GatewayError({
    status: 502,
    kind: 'upstream',
    code: 'upstream_unreachable',
    message: `Could not reach provider "${providerName}"${code ? ` (${code})` : ''}`,
    retryable: true,
    provider: providerName,
    cause: error,
  });
}
