import { z } from 'zod';
import { storageStatusSchema } from '../schemas/storage-status.ts';

const percentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable() });

/**
 * Events of the admin contract: pushed to the window over IPC and to the browser as
 * Server-Sent Events (`GET /api/events`). Each is produced from memory, never by a query per
 * request.
 */
export const adminEvents = {
  /** A configuration write was committed and the gateway serves the new configuration. */
  configChanged: z.object({ version: z.number().int(), at: z.string() }),
  /** The main listener's state. */
  gatewayState: z.object({
    state: z.enum(['listening', 'stopped', 'error']),
    url: z.string().nullable(),
    lanUrl: z.string().nullable(),
    startedAt: z.string().nullable(),
    error: z.string().optional(),
  }),
  /** Traffic over the last minutes, every few seconds while someone listens. */
  liveStats: z.object({
    at: z.string(),
    windowSeconds: z.number().int(),
    requests: z.number().int(),
    errors: z.number().int(),
    requestsPerMinute: z.number(),
    errorRate: z.number(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    costUsd: z.number(),
    latencyMs: percentiles,
    timeToFirstByteMs: percentiles,
  }),
  /** A health target's state changed (healthy, degraded, down). */
  healthChanged: z.object({
    targetId: z.string(),
    targetName: z.string(),
    state: z.string(),
    previousState: z.string().nullable(),
  }),
  /** A target's circuit breaker opened, half-opened or closed. */
  breakerChanged: z.object({
    modelId: z.string(),
    modelName: z.string(),
    state: z.enum(['closed', 'open', 'half-open']),
    previousState: z.enum(['closed', 'open', 'half-open']),
  }),
  /** Request-log writes started failing (a full disk, a read-only database) or work again. */
  storageChanged: storageStatusSchema,
  /** A virtual key's budget ran out for its period. */
  budgetExhausted: z.object({
    keyId: z.string(),
    keyName: z.string(),
    period: z.string(),
    budgetUsd: z.number(),
    spentUsd: z.number(),
  }),
};

export type AdminEventName = keyof typeof adminEvents;
export type AdminEventData<Name extends AdminEventName> = z.infer<(typeof adminEvents)[Name]>;
/** One event as it travels: its name and its data. */
export type AdminEvent = {
  [Name in AdminEventName]: { name: Name; data: AdminEventData<Name> };
}[AdminEventName];
export const adminEventNames = Object.keys(adminEvents) as AdminEventName[];
