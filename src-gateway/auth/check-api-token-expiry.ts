import type { Principal } from '../../src-shared/schemas/auth.ts';
import { AdminError } from '../lib/admin-error.ts';

function invalidExpiry(message: string): AdminError {
  return new AdminError(400, 'invalid_request', `expiresAt: ${message}`);
}

/**
 * The expiry rules of a new API token; answers the expiry to store.
 * - A time in the past (or now) is refused: the token would be dead on arrival.
 * - A token created with an expiring API token may not outlive it: without the
 *   rule, a short-lived token could mint a permanent one. Such a request must
 *   name an expiry at or before its own token's; it is refused, not clamped,
 *   so a script never gets a shorter token than it asked for without noticing.
 * Tokens created from a login session (the admin at the keyboard) may live
 * longer than the session: that is what API tokens are for.
 */
export function checkApiTokenExpiry(
  requested: string | undefined,
  creator: Principal,
  nowMs: number,
): string | undefined {
  const expiresAt = requested === undefined ? undefined : new Date(requested);
  if (expiresAt !== undefined && expiresAt.getTime() <= nowMs) {
    throw invalidExpiry('must be in the future');
  }
  if (creator.via === 'api-token' && creator.expiresAt !== undefined) {
    const limit = Date.parse(creator.expiresAt);
    if (expiresAt === undefined || expiresAt.getTime() > limit) {
      throw invalidExpiry(
        `a token created with an API token cannot outlive it; give an expiresAt at or before ${creator.expiresAt}`,
      );
    }
  }
  return expiresAt?.toISOString();
}
