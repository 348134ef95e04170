import { z } from 'zod';
import { isoTimestamp } from './common.ts';
import { timeParam } from './time-param.ts';

/** Filters shared by the request-log list and export; they combine with AND. */
const logFilterFields = {
  keyId: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  providerId: z.string().min(1).optional(),
  status: z.coerce.number().int().min(100).max(599).optional(),
  outcome: z.enum(['error', 'success']).optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
  /** Text search in error messages and codes. */
  q: z.string().min(1).max(200).optional(),
};

/** `GET /api/request-logs`: filters, page size and the previous page's `nextCursor`. */
export const logSearchQuerySchema = z.object({
  ...logFilterFields,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type LogSearchQuery = z.infer<typeof logSearchQuerySchema>;

export const logExportFormatSchema = z.enum(['csv', 'jsonl']);

/** `GET /api/request-logs/export`: filters, format and how many rows at most (newest first). */
export const logExportQuerySchema = z.object({
  ...logFilterFields,
  format: logExportFormatSchema.default('jsonl'),
  limit: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
});
export type LogExportQuery = z.infer<typeof logExportQuerySchema>;

/** One attempt at one upstream target within a request (routing may make several). */
export const requestAttemptSchema = z.object({
  modelId: z.string(),
  providerId: z.string(),
  outcome: z.enum(['success', 'error', 'timeout', 'skipped']),
  status: z.number().optional(),
  latencyMs: z.number(),
  reason: z.string().optional(),
});

/** One request as the log keeps it; bodies only when the key captures them (null in lists). */
export const requestLogSchema = z.object({
  id: z.string(),
  startedAt: isoTimestamp,
  keyId: z.string().nullable(),
  keyName: z.string().nullable(),
  inboundProtocol: z.enum([
    'openai-chat',
    'openai-responses',
    'anthropic',
    'gemini',
    'embeddings',
    'count-tokens',
    'models',
  ]),
  requestedModel: z.string().nullable(),
  virtualModelId: z.string().nullable(),
  modelId: z.string().nullable(),
  modelName: z.string().nullable(),
  providerId: z.string().nullable(),
  providerName: z.string().nullable(),
  upstreamModel: z.string().nullable(),
  stream: z.boolean(),
  status: z.number(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  latencyMs: z.number(),
  ttfbMs: z.number().nullable(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
  reasoningTokens: z.number(),
  costUsd: z.number(),
  attempts: z.array(requestAttemptSchema),
  clientIp: z.string().nullable(),
  requestBody: z.string().nullable(),
  responseBody: z.string().nullable(),
});
export type RequestLogView = z.input<typeof requestLogSchema>;

/** A page of the list, newest first; `nextCursor` is null on the last page. */
export const requestLogPageSchema = z.object({
  data: z.array(requestLogSchema),
  nextCursor: z.string().nullable(),
});
export type RequestLogPage = z.input<typeof requestLogPageSchema>;

/** Any id: one the log never held answers 404. */
export const logIdInput = z.object({ id: z.string().min(1) });

/** What a pruning pass deleted: log rows past the age limit, beyond the row limit, and old rollups. */
export const pruneReportSchema = z.object({ byAge: z.number(), byCount: z.number(), rollups: z.number() });
export type PruneReport = z.infer<typeof pruneReportSchema>;
