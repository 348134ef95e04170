import type { ErrorKind, GatewayError } from '../../lib/errors.ts';

/** The OpenAI error body (protocols.md 1.1). */
export interface ChatErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/**
 * OpenAI clients never see 529 (an Anthropic status); overload is a 503 to them,
 * which the Stainless SDKs also retry (protocols.md 1.5).
 */
export function toChatStatus(status: number): number {
  return status === 529 ? 503 : status;
}

/** The OpenAI `error.type` for a status (and, where it refines it, the error kind); protocols.md 1.5. */
export function chatErrorType(status: number, kind?: ErrorKind): string {
  if (kind === 'budget_exceeded') return 'insufficient_quota';
  switch (status) {
    case 401:
      // OpenAI itself answers a bad key with `invalid_request_error` / `invalid_api_key`.
      return 'invalid_request_error';
    case 403:
      return 'permission_denied';
    case 429:
      return 'rate_limit_exceeded';
    case 504:
      return 'timeout';
    default:
      return status >= 500 ? 'server_error' : 'invalid_request_error';
  }
}

/** A GatewayError as an OpenAI-shaped HTTP error: status, body and extra headers. */
export function encodeChatError(
  error: GatewayError,
  _requestId: string,
): { status: number; body: ChatErrorBody; headers?: Record<string, string> } {
  const status = toChatStatus(error.status);
  const headers: Record<string, string> = { ...error.headers };
  if (error.retryAfter !== undefined)
    headers['retry-after'] = String(Math.max(0, Math.ceil(error.retryAfter)));
  // The gateway's own upstream credentials failed: retrying the same request cannot help.
  if (error.kind === 'upstream_auth') headers['x-should-retry'] = 'false';
  const body: ChatErrorBody = {
    error: {
      message: error.message,
      type: chatErrorType(status, error.kind),
      param: error.param,
      code: error.code,
    },
  };
  return Object.keys(headers).length > 0 ? { status, body, headers } : { status, body };
}
