import type { GatewayError } from '../../lib/errors.ts';
import { openaiErrorType } from './openai-error-type.ts';

/**
 * A GatewayError before the first byte, as a Responses client expects it: the Chat
 * error body `{error:{message,type,param,code}}`. 529 becomes 503 for OpenAI clients.
 */
export function encodeResponsesError(
  error: GatewayError,
  _requestId: string,
): { status: number; body: unknown; headers?: Record<string, string> } {
  const status = error.status === 529 ? 503 : error.status;
  const headers: Record<string, string> = { ...error.headers };
  const hasRetryAfter = Object.keys(headers).some((name) => name.toLowerCase() === 'retry-after');
  if (error.retryAfter !== undefined && !hasRetryAfter)
    headers['retry-after'] = String(Math.ceil(error.retryAfter));
  // A bad upstream key maps to a 5xx, which Stainless SDKs would otherwise retry in vain.
  if (error.kind === 'upstream_auth') headers['x-should-retry'] = 'false';
  return {
    status,
    body: {
      error: {
        message: error.message,
        type: openaiErrorType(status, error.kind),
        param: error.param,
        code: error.code,
      },
    },
    headers,
  };
}
