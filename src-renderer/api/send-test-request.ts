import { parseSseStream } from '../../src-shared/contract/parse-sse-stream.ts';

export interface TestRequestOptions {
  /** The gateway's root URL; `''` is the page's own origin (the browser app). */
  gatewayUrl: string;
  /** A virtual key, as a client would send it. */
  apiKey: string;
  model: string;
  prompt: string;
  /** Each piece of the answer as it streams in. */
  onText?: (text: string) => void;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface TestRequestResult {
  text: string;
  /** From sending to the first piece of text (or the first event when the answer has none). */
  timeToFirstTokenMs: number;
  totalMs: number;
  inputTokens?: number;
  outputTokens?: number;
}

/** The gateway refused or failed the request: its status and the OpenAI-shaped error's message. */
export class TestRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'TestRequestError';
  }
}

interface ChatChunk {
  choices?: Array<{ delta?: { content?: string | null } }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string };
}

/**
 * The "send test request" of the Connect page: what a client does, on the client's road (the
 * data plane, `POST /v1/chat/completions` with the virtual key, streaming), not the admin API.
 * It times the first token and the whole answer as the client sees them.
 */
export async function sendTestRequest(options: TestRequestOptions): Promise<TestRequestResult> {
  const now = options.now ?? (() => performance.now());
  const fetchImplementation = options.fetch ?? fetch;
  const started = now();
  let response: Response;
  try {
    response = await fetchImplementation(`${options.gatewayUrl.replace(/\/+$/, '')}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: options.model,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: options.prompt }],
      }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw new TestRequestError(0, error instanceof Error ? error.message : String(error));
  }
  if (!response.ok || !response.body)
    throw new TestRequestError(response.status, await errorMessageOf(response));

  let text = '';
  let firstTokenAt: number | undefined;
  const result: Partial<TestRequestResult> = {};
  for await (const message of parseSseStream(response.body)) {
    if (message.data === '[DONE]') break;
    const chunk = JSON.parse(message.data) as ChatChunk;
    if (chunk.error) throw new TestRequestError(response.status, chunk.error.message ?? 'stream failed');
    const piece = chunk.choices?.[0]?.delta?.content ?? '';
    if (piece !== '') {
      firstTokenAt ??= now();
      text += piece;
      options.onText?.(piece);
    }
    if (chunk.usage) {
      if (chunk.usage.prompt_tokens !== undefined) result.inputTokens = chunk.usage.prompt_tokens;
      if (chunk.usage.completion_tokens !== undefined) result.outputTokens = chunk.usage.completion_tokens;
    }
  }
  const finished = now();
  return {
    ...result,
    text,
    timeToFirstTokenMs: Math.round((firstTokenAt ?? finished) - started),
    totalMs: Math.round(finished - started),
  };
}

/** The OpenAI error body's message (`{ error: { message } }`), else the status line. */
async function errorMessageOf(response: Response): Promise<string> {
  const body = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } };
    if (parsed.error?.message) return parsed.error.message;
  } catch {
    // Not JSON: fall through to the status.
  }
  return `HTTP ${response.status} ${response.statusText}`.trim();
}
