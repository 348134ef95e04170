import type { MockFamily } from './mock-reply.ts';

const openAiTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'permission_denied',
  404: 'invalid_request_error',
  429: 'rate_limit_exceeded',
};

const anthropicTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const geminiStatuses: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** The error body each family's real API sends for `status` (protocols.md 1.5). */
export function defaultErrorBody(family: MockFamily | undefined, status: number): unknown {
  const message = `Mock upstream error ${status}`;
  if (family === 'anthropic') {
    return {
      type: 'error',
      error: { type: anthropicTypes[status] ?? 'api_error', message },
      request_id: 'req_mock',
    };
  }
  if (family === 'gemini')
    return { error: { code: status, message, status: geminiStatuses[status] ?? 'UNKNOWN' } };
  return { error: { message, type: openAiTypes[status] ?? 'server_error', param: null, code: null } };
}
