/**
 * The one error family. Everything that can fail on the way through the gateway
 * throws a GatewayError; one renderer per inbound protocol turns it into that
 * protocol's error body (see protocols/<protocol>/encode-error.ts).
 * Messages never contain keys, auth headers or request bodies.
 */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'conflict'
  | 'request_too_large'
  | 'rate_limit'
  | 'budget_exceeded'
  | 'upstream_auth'
  | 'upstream'
  | 'overloaded'
  | 'timeout'
  | 'internal';

export interface GatewayErrorOptions {
  status: number;
  kind: ErrorKind;
  /** Machine-readable code, e.g. `invalid_api_key`, `model_not_found`, `upstream_auth_error`. */
  code: string;
  message: string;
  /** May another target (or a later attempt) succeed where this one failed? */
  retryable?: boolean;
  /** The provider that produced the failure, when it came from upstream. */
  provider?: string;
  /** Seconds, from an upstream `retry-after` or a limiter. */
  retryAfter?: number;
  /** Extra response headers (rate-limit headers and the like). */
  headers?: Record<string, string>;
  param?: string | null;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly status: number;
  readonly kind: ErrorKind;
  readonly code: string;
  readonly retryable: boolean;
  readonly provider?: string;
  readonly retryAfter?: number;
  readonly headers: Record<string, string>;
  readonly param: string | null;

  constructor(options: GatewayErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.status = options.status;
    this.kind = options.kind;
    this.code = options.code;
    this.retryable = options.retryable ?? false;
    this.provider = options.provider;
    this.retryAfter = options.retryAfter;
    this.headers = options.headers ?? {};
    this.param = options.param ?? null;
  }
}

export function invalidRequest(message: string, param: string | null = null): GatewayError {
  return new GatewayError({
    status: 400,
    kind: 'invalid_request',
    code: 'invalid_request_error',
    message,
    param,
  });
}

/** Turn anything thrown into a GatewayError without leaking internals to the client. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError({
    status: 500,
    kind: 'internal',
    code: 'internal_error',
    message: 'Internal gateway error',
    cause: error,
  });
}
