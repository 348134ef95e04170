/** A tag colour for an HTTP status: success, client error (warning), server error. */
export function statusTagType(status: number): 'success' | 'warning' | 'error' {
  if (status < 400) return 'success';
  return status < 500 ? 'warning' : 'error';
}

/** USD with enough digits for fractions of a cent (a request often costs less). */
export function formatCost(usd: number): string {
  if (usd === 0) return '0';
  return usd >= 0.01 ? usd.toFixed(4) : usd.toPrecision(2);
}

/** Milliseconds as whole numbers: the log keeps fractions a reader does not need. */
export function formatMs(ms: number): string;
export function formatMs(ms: number | null | undefined): string | undefined;
export function formatMs(ms: number | null | undefined): string | undefined {
  return ms === null || ms === undefined ? undefined : String(Math.round(ms));
}
