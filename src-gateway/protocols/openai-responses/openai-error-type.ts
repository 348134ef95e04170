import type { ErrorKind } from '../../lib/errors.ts';

/** OpenAI `error.type` for a status, per protocols.md 1.5 (shared by the HTTP body and the stream `error` event). */
export function openaiErrorType(status: number, kind?: ErrorKind): string {
  if (kind === 'budget_exceeded') return 'insufficient_quota';
  if (status === 403) return 'permission_denied';
  if (status === 429) return 'rate_limit_exceeded';
  if (status === 504) return 'timeout';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}
