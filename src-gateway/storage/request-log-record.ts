/** One attempt at one upstream target within a request (routing may make several). */
export interface AttemptRecord {
  modelId: string;
  providerId: string;
  outcome: 'success' | 'error' | 'timeout' | 'skipped';
  status?: number;
  latencyMs: number;
  reason?: string;
}

/**
 * One row of the request log. Produced on the hot path, queued in memory and
 * written in batches off the request path (logs/create-log-writer.ts).
 */
export interface RequestLogRecord {
  /** The gateway request id (also sent as `x-request-id`). */
  id: string;
  /** Epoch ms when the request arrived. */
  startedAt: number;
  keyId: string | null;
  keyName: string | null;
  inboundProtocol:
    'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini' | 'embeddings' | 'count-tokens' | 'models';
  /** The model name the client asked for. */
  requestedModel: string | null;
  virtualModelId: string | null;
  /** The concrete model that served (or last failed). */
  modelId: string | null;
  modelName: string | null;
  providerId: string | null;
  providerName: string | null;
  upstreamModel: string | null;
  stream: boolean;
  status: number;
  errorCode: string | null;
  errorMessage: string | null;
  latencyMs: number;
  /** Time to first byte sent to the client. */
  ttfbMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costUsd: number;
  attempts: AttemptRecord[];
  clientIp: string | null;
  /** Only when body capture is on for the key; truncated; never auth headers. */
  requestBody: string | null;
  responseBody: string | null;
}
