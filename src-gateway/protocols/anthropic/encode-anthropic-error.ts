import type { GatewayError } from '../../lib/errors.ts';
import { anthropicErrorTypeForStatus } from './anthropic-error-types.ts';

export interface EncodedAnthropicError {
  status: number;
  body: { type: 'error'; error: { type: string; message: string }; request_id: string };
  headers?: Record<string, string>;
}

/**
 * A GatewayError before the first byte -> Anthropic's error body and status
 * (protocols.md 1.3, 1.5). Overloads are 529, as Anthropic sends them. Failures that
 * retrying cannot fix but that map to retryable statuses carry `x-should-retry: false`
 * so the Stainless SDKs (and Claude Code) stop hammering: a bad upstream key (502) and
 * an exhausted budget (429).
 */
export function encodeAnthropicError(error: GatewayError, requestId: string): EncodedAnthropicError {
  let status = error.status;
  let message = error.message;
  const headers: Record<string, string> = { ...error.headers };
  switch (error.kind) {
    case 'budget_exceeded':
      status = 429;
      if (!/budget/i.test(message)) message = `Budget exceeded: ${message}`;
      headers['x-should-retry'] = 'false';
      break;
    case 'upstream_auth':
      status = 502;
      headers['x-should-retry'] = 'false';
      break;
    case 'overloaded':
      status = 529;
      break;
    case 'timeout':
      if (status < 400) status = 504;
      break;
    default:
      if (status === 503) status = 529;
  }
  const type = error.kind === 'upstream_auth' ? 'api_error' : anthropicErrorTypeForStatus(status);
  if (error.retryAfter !== undefined && headers['retry-after'] === undefined) {
    headers['retry-after'] = String(Math.max(0, Math.ceil(error.retryAfter)));
  }
  const encoded: EncodedAnthropicError = {
    status,
    body: {
      type: 'error',
      error: { type, message },
      request_id: requestId.startsWith('req_') ? requestId : `req_${requestId}`,
    },
  };
  if (Object.keys(headers).length > 0) encoded.headers = headers;
  return encoded;
}
