/**
 * Whether a link may leave the app for the system browser: `https:` only (no `file:`, `javascript:`,
 * custom app schemes or plain http), and no user name or password in it, which the browser would
 * send somewhere the user did not see.
 */
export function isSafeExternalUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 4096) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
