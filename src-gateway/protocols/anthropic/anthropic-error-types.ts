/** Anthropic `error.type` per HTTP status (docs.claude.com/en/api/errors, protocols.md 1.3). */
const typeByStatus: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const statusByType: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** The `error.type` an Anthropic client expects for an HTTP status. */
export function anthropicErrorTypeForStatus(status: number): string {
  return typeByStatus[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** The HTTP status that goes with an Anthropic `error.type` (500 when unknown). */
export function statusForAnthropicErrorType(type: string | undefined): number {
  // Own keys only: an upstream's `type: "constructor"` is unknown, not Object's constructor as a status.
  return (type !== undefined && Object.hasOwn(statusByType, type) && statusByType[type]) || 500;
}

/** Is this one of Anthropic's own error types? */
export function isAnthropicErrorType(type: string): boolean {
  return Object.hasOwn(statusByType, type);
}
