import { z } from 'zod';
import { idSchema, isoTimestamp, nameSchema } from './common.ts';

/** Long-lived admin API tokens for scripts (`/api/api-tokens`); stored hashed, shown once. */
export const createApiTokenInput = z.object({
  name: nameSchema,
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenInput>;

export const apiTokenSchema = z.object({
  id: idSchema,
  name: z.string(),
  /** Last 4 characters of the token. */
  tokenHint: z.string(),
  expiresAt: isoTimestamp.optional(),
  lastUsedAt: isoTimestamp.optional(),
  createdAt: isoTimestamp,
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

/** The one answer that shows a token in full: create. It starts with `gw_`. */
export const apiTokenWithSecretSchema = apiTokenSchema.extend({ token: z.string() });
export type ApiTokenWithSecret = z.infer<typeof apiTokenWithSecretSchema>;
