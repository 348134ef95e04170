import { z } from 'zod';
import { idSchema, isoTimestamp, nameSchema } from './common.ts';
import { healthErrorTypeSchema } from './public-health.ts';

/** What a health target checks: a model or a virtual model, by id. */
export const healthTargetTypeSchema = z.enum(['model', 'virtual-model']);
export type HealthTargetType = z.infer<typeof healthTargetTypeSchema>;

export const defaultHealthPrompt = "Say 'OK'";
export const defaultHealthIntervalSeconds = 300;

const healthTargetFields = {
  /** Display name: the only label the public status page shows. */
  name: nameSchema,
  type: healthTargetTypeSchema,
  /** The model's or virtual model's id. */
  targetId: idSchema,
  enabled: z.boolean(),
  intervalSeconds: z.number().int().min(10).max(86_400),
  prompt: z.string().min(1).max(4000),
  /** Per attempt; the checker's default (30 s) when absent. */
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  /** Extra attempts after a failure, within one run. */
  retries: z.number().int().min(0).max(5).optional(),
};

export const createHealthTargetInput = z.object({
  ...healthTargetFields,
  enabled: z.boolean().default(true),
  intervalSeconds: healthTargetFields.intervalSeconds.default(defaultHealthIntervalSeconds),
  prompt: healthTargetFields.prompt.default(defaultHealthPrompt),
});
export type CreateHealthTargetInput = z.infer<typeof createHealthTargetInput>;

export const updateHealthTargetInput = z
  .object({
    ...healthTargetFields,
    timeoutMs: healthTargetFields.timeoutMs.nullable(),
    retries: healthTargetFields.retries.nullable(),
  })
  .partial();
export type UpdateHealthTargetInput = z.infer<typeof updateHealthTargetInput>;

export const healthTargetSchema = z.object({
  id: idSchema,
  ...healthTargetFields,
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type HealthTarget = z.infer<typeof healthTargetSchema>;

/** One recorded check, as the admin API answers it (`POST /api/health-targets/:id/run`). */
export const healthRunSchema = z.object({
  id: z.string(),
  targetId: z.string(),
  startedAt: isoTimestamp,
  success: z.boolean(),
  latencyMs: z.number().nullable(),
  ttftMs: z.number().nullable(),
  errorType: healthErrorTypeSchema.nullable(),
  errorMessage: z.string().nullable(),
  /** Attempts made (1 + retries used). */
  attempts: z.number().int(),
});
export type HealthRun = z.infer<typeof healthRunSchema>;
