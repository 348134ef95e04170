import type { HealthErrorType } from '../../src-shared/schemas/public-health.ts';

/**
 * The error type of a failed check, from the gateway's answer: the error code
 * first (the gateway names upstream timeouts and rate limits even behind a 502),
 * then the HTTP status.
 */
export function classifyCheckFailure(status: number | undefined, code?: string): HealthErrorType {
  const normalized = (code ?? '').toLowerCase();
  if (normalized.includes('timeout') || normalized.includes('timed_out')) return 'timeout';
  if (normalized.includes('rate_limit') || normalized.includes('quota')) return 'rate_limit';
  if (normalized.includes('auth') || normalized.includes('api_key') || normalized.includes('permission'))
    return 'auth';
  if (status === undefined) return normalized === '' ? 'other' : 'upstream_error';
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'upstream_error';
  if (status >= 400) return 'client_error';
  return 'other';
}
