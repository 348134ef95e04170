import type { CanonicalRequest, Usage } from '../canonical/types.ts';
import { emptyUsage } from '../canonical/types.ts';
import type { AttemptRecord, RequestLogRecord } from '../storage/request-log-record.ts';
import type { KeyRuntime, ModelRuntime, VirtualModelRuntime } from '../config-snapshot/snapshot.ts';
import type { RawJsonBody } from '../lib/chunked-json-parser.ts';
import { jsonPreview, truncateCapture } from './json-preview.ts';

/**
 * Everything one client request accumulates on its way through the gateway.
 * Lives for one request only; never shared.
 */
export interface Exchange {
  requestId: string;
  startedAt: number;
  /** High-resolution start, for latency and time to first byte. */
  startedAtHr: bigint;
  /** The operation, as the request log records it (`inbound_protocol`). */
  inbound: RequestLogRecord['inboundProtocol'];
  clientIp: string | null;
  key?: KeyRuntime;
  body?: Record<string, unknown>;
  /** The client's bytes while `body` is them with at most `model` changed (large bodies only: read-json-body.ts). */
  rawBody?: RawJsonBody;
  /** The size of the client's body in bytes. */
  bodyBytes: number;
  /** Decoded lazily: only translation and token estimates need it. */
  canonical?: CanonicalRequest;
  requestedModel?: string;
  virtualModel?: VirtualModelRuntime;
  stream: boolean;
  /** The client went away before the answer was complete. */
  clientClosed: boolean;
  /** Chat clients that asked for `stream_options.include_usage`. */
  clientWantsUsage: boolean;
  /** Gemini clients that stream without `?alt=sse` read one JSON array, not SSE. */
  jsonArrayStream?: boolean;
  model?: ModelRuntime;
  attempts: AttemptRecord[];
  usage: Usage;
  status: number;
  errorCode?: string;
  errorMessage?: string;
  ttfbMs?: number;
  responseBody?: string;
  /** Local estimate of the request's input tokens (limits, routing, Anthropic `message_start`). */
  estimatedTokens?: number;
}

export function createExchange(options: {
  requestId: string;
  inbound: RequestLogRecord['inboundProtocol'];
  clientIp: string | null;
  now: number;
}): Exchange {
  return {
    requestId: options.requestId,
    startedAt: options.now,
    startedAtHr: process.hrtime.bigint(),
    inbound: options.inbound,
    clientIp: options.clientIp,
    bodyBytes: 0,
    stream: false,
    clientClosed: false,
    clientWantsUsage: false,
    attempts: [],
    usage: emptyUsage(),
    status: 0,
  };
}

export function elapsedMs(exchange: Exchange): number {
  return Number(process.hrtime.bigint() - exchange.startedAtHr) / 1e6;
}

export function toLogRecord(exchange: Exchange, costUsd: number, captureLimit: number): RequestLogRecord {
  const model = exchange.model;
  const capture = exchange.key?.logBodies === true;
  return {
    id: exchange.requestId,
    startedAt: exchange.startedAt,
    keyId: exchange.key?.id ?? null,
    keyName: exchange.key?.name ?? null,
    inboundProtocol: exchange.inbound,
    requestedModel: exchange.requestedModel ?? null,
    virtualModelId: exchange.virtualModel?.id ?? null,
    modelId: model?.id ?? null,
    modelName: model?.name ?? null,
    providerId: model?.provider.id ?? null,
    providerName: model?.provider.name ?? null,
    upstreamModel: model?.upstreamModel ?? null,
    stream: exchange.stream,
    status: exchange.status,
    errorCode: exchange.errorCode ?? null,
    errorMessage: exchange.errorMessage ?? null,
    latencyMs: Math.round(elapsedMs(exchange) * 1000) / 1000,
    ttfbMs: exchange.ttfbMs === undefined ? null : Math.round(exchange.ttfbMs * 1000) / 1000,
    inputTokens: exchange.usage.inputTokens,
    outputTokens: exchange.usage.outputTokens,
    cacheReadTokens: exchange.usage.cacheReadTokens,
    cacheWriteTokens: exchange.usage.cacheWriteTokens,
    reasoningTokens: exchange.usage.reasoningTokens,
    costUsd,
    attempts: exchange.attempts,
    clientIp: exchange.clientIp,
    requestBody: capture && exchange.body ? jsonPreview(exchange.body, captureLimit) : null,
    responseBody:
      capture && exchange.responseBody ? truncateCapture(exchange.responseBody, captureLimit) : null,
  };
}
