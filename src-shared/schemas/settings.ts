import { z } from 'zod';

/**
 * Settings are one nested object; PATCH deep-merges (admin-api.md).
 * Every field has a default so a fresh install needs no configuration.
 */
export const settingsSchema = z.object({
  monitoring: z.object({ enabled: z.boolean().default(false) }).prefault({}),
  lanStatus: z
    .object({
      enabled: z.boolean().default(false),
      port: z.number().int().min(1).max(65535).default(3001),
    })
    .prefault({}),
  logging: z
    .object({
      retentionDays: z.number().int().min(1).max(3650).default(30),
      maxRows: z.number().int().min(1000).max(100_000_000).default(1_000_000),
      bodyMaxBytes: z.number().int().min(0).max(10_000_000).default(65_536),
    })
    .prefault({}),
  routing: z
    .object({
      maxAttempts: z.number().int().min(1).max(20).default(3),
      totalDeadlineMs: z.number().int().min(1000).max(3_600_000).default(600_000),
      breaker: z
        .object({
          failureThreshold: z.number().int().min(1).max(1000).default(5),
          cooldownMs: z.number().int().min(100).max(3_600_000).default(30_000),
          halfOpenProbes: z.number().int().min(1).max(100).default(1),
          /** Also open when this share (0..1) of a target's requests failed within the window; off when absent. */
          errorRateThreshold: z.number().min(0.01).max(1).optional(),
          errorRateWindowMs: z.number().int().min(1000).max(3_600_000).optional(),
          errorRateMinimumRequests: z.number().int().min(1).max(100_000).optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  timeouts: z
    .object({
      connectMs: z.number().int().positive().default(10_000),
      firstByteMs: z.number().int().positive().default(120_000),
      idleMs: z.number().int().positive().default(120_000),
      totalMs: z.number().int().positive().default(1_800_000),
    })
    .prefault({}),
  catalog: z
    .object({
      url: z
        .string()
        .url()
        .default(
          'https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json',
        ),
      autoRefresh: z.boolean().default(true),
    })
    .prefault({}),
  metrics: z.object({ enabled: z.boolean().default(false) }).prefault({}),
  alerts: z
    .object({
      webhookUrl: z.string().url().optional(),
      secretHeader: z.string().max(4096).optional(),
    })
    .prefault({}),
  aliases: z
    .array(z.object({ pattern: z.string().min(1).max(256), target: z.string().min(1).max(256) }))
    .max(500)
    .default([]),
});
export type Settings = z.infer<typeof settingsSchema>;

/** PATCH body: any subset, nested. Validated again after the merge. */
export const settingsPatchSchema = z.record(z.string(), z.unknown());
/** `null` removes a field (back to its default). */
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
