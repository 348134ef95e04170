/** A duration the way OpenAI writes `x-ratelimit-reset-*`: `250ms`, `12s`, `1m30s`. */
export function formatResetDuration(ms: number): string {
  const rounded = Math.max(0, Math.ceil(ms));
  if (rounded < 1000) return `${rounded}ms`;
  const seconds = Math.ceil(rounded / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${seconds % 60}s` : `${seconds}s`;
}

export interface LimitReading {
  limit: number;
  remaining: number;
  /** Milliseconds until capacity frees up. */
  resetMs: number;
}

/**
 * The `x-ratelimit-*` headers OpenAI sends (the SDKs and many tools read them),
 * for the limits a key has: requests (`rpm`) and tokens (`tpm`).
 */
export function rateLimitHeaders(requests?: LimitReading, tokens?: LimitReading): Record<string, string> {
  const headers: Record<string, string> = {};
  if (requests) {
    headers['x-ratelimit-limit-requests'] = String(requests.limit);
    headers['x-ratelimit-remaining-requests'] = String(Math.max(0, Math.floor(requests.remaining)));
    headers['x-ratelimit-reset-requests'] = formatResetDuration(requests.resetMs);
  }
  if (tokens) {
    headers['x-ratelimit-limit-tokens'] = String(tokens.limit);
    headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, Math.floor(tokens.remaining)));
    headers['x-ratelimit-reset-tokens'] = formatResetDuration(tokens.resetMs);
  }
  return headers;
}
