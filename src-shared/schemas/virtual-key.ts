import { z } from 'zod';
import { idSchema, isoTimestamp, nameSchema } from './common.ts';

export const budgetPeriodSchema = z.enum(['day', 'month', 'total']);

/** An IPv4 or IPv6 address with an optional prefix length. */
const cidr = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'must be an IP address or CIDR range');

const virtualKeyFields = {
  name: nameSchema,
  enabled: z.boolean(),
  allowedModels: z.array(z.string().min(1).max(256)).max(1000),
  rpm: z.number().int().positive().optional(),
  tpm: z.number().int().positive().optional(),
  maxConcurrency: z.number().int().positive().optional(),
  budgetUsd: z.number().positive().optional(),
  budgetPeriod: budgetPeriodSchema.optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  allowedIps: z.array(cidr).max(100).optional(),
  /** Store request/response bodies (truncated) for this key's requests. Off by default. */
  logBodies: z.boolean().optional(),
  /** Model used when the client names one that does not exist (issue 4, aliases). */
  defaultModel: z.string().max(256).optional(),
};

export const createVirtualKeyInput = z.object({
  ...virtualKeyFields,
  enabled: z.boolean().default(true),
  allowedModels: virtualKeyFields.allowedModels.default([]),
});
export type CreateVirtualKeyInput = z.infer<typeof createVirtualKeyInput>;
/** What a caller sends to create a virtual key (the schema's input side: defaults may be left out). */
export type CreateVirtualKeyRequest = z.input<typeof createVirtualKeyInput>;

export const updateVirtualKeyInput = z
  .object({
    ...virtualKeyFields,
    rpm: z.number().int().positive().nullable(),
    tpm: z.number().int().positive().nullable(),
    maxConcurrency: z.number().int().positive().nullable(),
    budgetUsd: z.number().positive().nullable(),
    budgetPeriod: budgetPeriodSchema.nullable(),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
    defaultModel: z.string().max(256).nullable(),
    allowedIps: virtualKeyFields.allowedIps.nullable(),
    logBodies: virtualKeyFields.logBodies.nullable(),
  })
  .partial();
export type UpdateVirtualKeyInput = z.infer<typeof updateVirtualKeyInput>;
export type UpdateVirtualKeyRequest = z.input<typeof updateVirtualKeyInput>;

export const virtualKeySchema = z.object({
  id: idSchema,
  ...virtualKeyFields,
  /** Last 4 characters of the key; the key itself is shown once. */
  keyHint: z.string(),
  /** The monitoring key created by persistent monitoring (issue 7). */
  isMonitoring: z.boolean(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type VirtualKey = z.infer<typeof virtualKeySchema>;

/** The one answer that shows a key in full: create and rotate. */
export const virtualKeyWithSecretSchema = virtualKeySchema.extend({ key: z.string() });
export type VirtualKeyWithSecret = z.infer<typeof virtualKeyWithSecretSchema>;
