import type { GatewayError } from '../../lib/errors.ts';

/** Google's error body: `{error: {code, message, status, details}}` (google.rpc.Status). */
export interface GeminiErrorBody {
  error: { code: number; message: string; status: string; details?: Array<Record<string, unknown>> };
}

/** The canonical google.rpc code name for an HTTP status, as the Gemini API pairs them. */
export function geminiErrorStatus(status: number): string {
  switch (status) {
    case 400:
    case 413:
      return 'INVALID_ARGUMENT';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
    case 421:
      return 'PERMISSION_DENIED';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'ABORTED';
    case 429:
      return 'RESOURCE_EXHAUSTED';
    case 499:
      return 'CANCELLED';
    case 501:
      return 'UNIMPLEMENTED';
    case 503:
      return 'UNAVAILABLE';
    case 504:
      return 'DEADLINE_EXCEEDED';
    default:
      return status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION';
  }
}

/**
 * The body of one Gemini error: the status's code name, the gateway's own code
 * as a `google.rpc.ErrorInfo` reason, and a `google.rpc.RetryInfo` delay when
 * the gateway knows one (Gemini CLI waits that long before retrying a 429).
 */
export function geminiErrorBody(
  status: number,
  code: string,
  message: string,
  retryAfter?: number,
): GeminiErrorBody {
  const details: Array<Record<string, unknown>> = [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: code, domain: 'llm-gateway' },
  ];
  if (retryAfter !== undefined)
    details.push({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: `${Math.max(0, Math.ceil(retryAfter))}s`,
    });
  return { error: { code: status, message, status: geminiErrorStatus(status), details } };
}

/**
 * A GatewayError before the first byte -> Google's error shape and status
 * (protocols.md 3): auth, limits, budgets, unknown models and upstream failures
 * alike. Overloads are 503 (`UNAVAILABLE`), as Google sends them, never 529.
 */
export function encodeGeminiError(
  error: GatewayError,
  _requestId: string,
): { status: number; body: GeminiErrorBody; headers?: Record<string, string> } {
  let status = error.status === 529 ? 503 : error.status;
  if (error.kind === 'budget_exceeded') status = 429;
  const headers: Record<string, string> = { ...error.headers };
  if (error.retryAfter !== undefined)
    headers['retry-after'] = String(Math.max(0, Math.ceil(error.retryAfter)));
  const body = geminiErrorBody(status, error.code, error.message, error.retryAfter);
  return Object.keys(headers).length > 0 ? { status, body, headers } : { status, body };
}
