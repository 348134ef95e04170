import type { HealthErrorType } from '../../src-shared/schemas/public-health.ts';
import { createSseParser } from '../lib/sse.ts';
import { classifyCheckFailure } from './classify-check-failure.ts';
import { redactPublicMessage } from './redact-public-message.ts';

export interface CheckRequest {
  /** The model or virtual model name clients put in `model`. */
  model: string;
  prompt: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Extra attempts after a failure. */
  retries: number;
}

export interface CheckOutcome {
  success: boolean;
  /** Whole answer, last attempt; null when it never got an answer. */
  latencyMs: number | null;
  /** First content delta, last attempt; null without one. */
  ttftMs: number | null;
  errorType: HealthErrorType | null;
  /** Redacted for the public page. */
  errorMessage: string | null;
  attempts: number;
}

export interface HealthCheckerOptions {
  /** The gateway's own listener, e.g. `http://127.0.0.1:3000`; checks go through the real pipeline. */
  baseUrl(): string | undefined;
  /** The monitoring key's in-memory token. */
  token(): string;
  /** Pause between attempts (default 1 s). */
  retryDelayMs?: number;
  /** Answer length cap; small, the check is about reachability. */
  maxTokens?: number;
}

export const defaultCheckTimeoutMs = 30_000;

class CheckFailure extends Error {
  readonly type: HealthErrorType;
  readonly latencyMs: number | null;

  constructor(type: HealthErrorType, message: string, latencyMs: number | null = null) {
    super(message);
    this.type = type;
    this.latencyMs = latencyMs;
  }
}

function abortError(): Error {
  return Object.assign(new Error('The check was cancelled'), { name: 'AbortError' });
}

async function readErrorBody(response: Response): Promise<{ code?: string; message: string }> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; type?: unknown; message?: unknown } };
    const code = typeof parsed.error?.code === 'string' ? parsed.error.code : undefined;
    const type = typeof parsed.error?.type === 'string' ? parsed.error.type : undefined;
    const message = typeof parsed.error?.message === 'string' ? parsed.error.message : text;
    return { code: code ?? type, message: message || `HTTP ${response.status}` };
  } catch {
    return { message: text.slice(0, 300) || `HTTP ${response.status}` };
  }
}

/** Read an OpenAI chat stream to its end; answers the time of the first content delta. */
async function readStream(response: Response, startedAt: number): Promise<number | null> {
  const parser = createSseParser();
  let ttftMs: number | null = null;
  let finished = false;
  const reader = response.body!.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    const events = done ? parser.end() : parser.push(value);
    for (const event of events) {
      if (event.data === '[DONE]') {
        finished = true;
        continue;
      }
      let chunk: {
        error?: { code?: string; type?: string; message?: string };
        choices?: Array<{ delta?: Record<string, unknown>; finish_reason?: string | null }>;
      };
      try {
        chunk = JSON.parse(event.data);
      } catch {
        throw new CheckFailure('bad_response', 'The stream carried data that is not JSON');
      }
      if (chunk.error) {
        const type = classifyCheckFailure(undefined, chunk.error.code ?? chunk.error.type);
        throw new CheckFailure(type, chunk.error.message ?? 'The stream ended with an error');
      }
      const choice = chunk.choices?.[0];
      const delta = choice?.delta;
      if (
        ttftMs === null &&
        delta &&
        ((typeof delta.content === 'string' && delta.content !== '') ||
          (typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '') ||
          Array.isArray(delta.tool_calls))
      )
        ttftMs = performance.now() - startedAt;
      if (choice?.finish_reason) finished = true;
    }
    if (done) break;
  }
  if (!finished) throw new CheckFailure('bad_response', 'The stream ended before the answer was complete');
  return ttftMs;
}

/**
 * Checks one model the way a client would: a small streaming chat completion
 * sent to the gateway's own `/v1/chat/completions` under the monitoring key,
 * so routing, translation and limits are all exercised. Retries a failed
 * attempt `retries` times. Throws only when `signal` aborts (shutdown).
 */
export function createHealthChecker(options: HealthCheckerOptions) {
  const retryDelayMs = options.retryDelayMs ?? 1000;

  async function attempt(request: CheckRequest, signal: AbortSignal): Promise<CheckOutcome> {
    const baseUrl = options.baseUrl();
    if (!baseUrl) throw new CheckFailure('other', 'The gateway is not listening');
    const controller = new AbortController();
    const cancel = () => controller.abort();
    signal.addEventListener('abort', cancel);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs);
    const startedAt = performance.now();
    try {
      const response = await fetch(`${baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token()}` },
        body: JSON.stringify({
          model: request.model,
          messages: [{ role: 'user', content: request.prompt }],
          stream: true,
          max_tokens: options.maxTokens ?? 32,
        }),
        signal: controller.signal,
      });
      if (!response.ok) {
        const { code, message } = await readErrorBody(response);
        throw new CheckFailure(
          classifyCheckFailure(response.status, code),
          message,
          performance.now() - startedAt,
        );
      }
      const ttftMs = await readStream(response, startedAt);
      return {
        success: true,
        latencyMs: Math.round(performance.now() - startedAt),
        ttftMs: ttftMs === null ? null : Math.round(ttftMs),
        errorType: null,
        errorMessage: null,
        attempts: 1,
      };
    } catch (error) {
      if (signal.aborted) throw abortError();
      const elapsed = Math.round(performance.now() - startedAt);
      if (timedOut)
        throw new CheckFailure('timeout', `No complete answer within ${request.timeoutMs} ms`, elapsed);
      if (error instanceof CheckFailure) throw error;
      throw new CheckFailure('network', (error as Error).message || 'The request failed', elapsed);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', cancel);
    }
  }

  return async function runHealthCheck(request: CheckRequest, signal: AbortSignal): Promise<CheckOutcome> {
    let failure: CheckFailure | undefined;
    for (let attempts = 1; attempts <= request.retries + 1; attempts++) {
      if (signal.aborted) throw abortError();
      if (attempts > 1 && retryDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      try {
        return { ...(await attempt(request, signal)), attempts };
      } catch (error) {
        if (!(error instanceof CheckFailure)) throw error;
        failure = error;
      }
    }
    return {
      success: false,
      latencyMs: failure!.latencyMs === null ? null : Math.round(failure!.latencyMs),
      ttftMs: null,
      errorType: failure!.type,
      errorMessage: redactPublicMessage(failure!.message),
      attempts: request.retries + 1,
    };
  };
}

export type HealthChecker = ReturnType<typeof createHealthChecker>;
