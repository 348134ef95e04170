import { z } from 'zod';
import { isoTimestamp } from './common.ts';

const username = z.string().trim().min(1).max(64);

/** `POST /api/auth/login`. Any non-empty password is checked (policies apply at setup). */
export const loginInput = z.object({ username, password: z.string().min(1).max(1024) });
export type LoginInput = z.infer<typeof loginInput>;

/**
 * `POST /api/auth/setup`: the first admin. No default password exists, ever. A headless
 * gateway also wants `setupCode`, the one-time code it printed to its console at start.
 */
export const setupInput = z.object({
  username,
  password: z.string().min(8).max(1024),
  setupCode: z.string().max(100).optional(),
});
export type SetupInput = z.infer<typeof setupInput>;

/** `POST /api/auth/password`. The new password follows the setup rule (at least 8 characters). */
export const changePasswordInput = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(8).max(1024),
});
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

export const authStatusSchema = z.object({ needsSetup: z.boolean() });
export type AuthStatus = z.infer<typeof authStatusSchema>;

export const sessionTokenSchema = z.object({ token: z.string(), expiresAt: isoTimestamp });
export type SessionToken = z.infer<typeof sessionTokenSchema>;

/** Who a bearer token belongs to (`GET /api/auth/me`). */
export const principalSchema = z.object({
  adminId: z.string(),
  username: z.string(),
  via: z.enum(['login', 'api-token']),
  /** When the bearer token itself expires; absent for an API token without expiry. */
  expiresAt: isoTimestamp.optional(),
});
export type Principal = z.infer<typeof principalSchema>;
