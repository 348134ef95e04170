/**
 * A mock upstream that speaks the real wire formats of all four families on
 * their real paths, records every request, and can be scripted per request.
 *
 * ```ts
 * const upstream = await startMockUpstream();
 * upstream.enqueue({ kind: 'tools', calls: [{ name: 'get_weather', arguments: '{"location":"Paris"}' }] });
 * upstream.enqueue({ fault: 'status', status: 429, headers: { 'retry-after': '3' } });
 * // ... point the gateway at upstream.url (no path) ...
 * expect(upstream.lastRequest()?.body.model).toBe('gpt-upstream-1');
 * await upstream.close();
 * ```
 *
 * Paths: `/v1/chat/completions` and `/chat/completions`, `/v1/responses` and
 * `/responses`, `/v1/messages` (+ `/count_tokens`), `/{v1,v1beta}/models/{m}:generateContent`
 * and `:streamGenerateContent` (SSE with `alt=sse`, else a JSON array),
 * `/v1/models`, `/models`, `/v1beta/models` (+ `/{id}`), `/v1/embeddings`.
 * Any prefix before them is tolerated (a base URL like `http://host/api/v1`).
 *
 * Which reply a generation or embeddings request gets: the handler's answer if
 * a handler is set and returns one, else the next enqueued reply, else the
 * default (`{ kind: 'text', text: 'Hello from the mock upstream' }`). Model lists
 * answer the configured ids in the family's shape (Anthropic when the request
 * has `anthropic-version` or `x-api-key`, Gemini for `/v1beta` or a Google key)
 * and never consume the queue; only a handler can make them fail.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifyRoute, type MockRoute } from './mock-upstream/classify-route.ts';
import {
  anthropicModelList,
  embeddingsBody,
  geminiModelList,
  openAiModelList,
} from './mock-upstream/list-bodies.ts';
import type { MockReply, RecordedRequest } from './mock-upstream/mock-reply.ts';
import { writeReply } from './mock-upstream/write-reply.ts';

export type {
  MockFamily,
  MockFault,
  MockReply,
  MockScenario,
  ReasoningScenario,
  RecordedRequest,
  ScenarioOptions,
  ScenarioUsage,
  TextScenario,
  ToolCallSpec,
  ToolsScenario,
} from './mock-upstream/mock-reply.ts';

export interface MockUpstreamOptions {
  /** Ids the model-list endpoints answer. Default `['mock-model-1', 'mock-model-2']`. */
  models?: string[];
  /** Reply used when the queue is empty. */
  defaultReply?: MockReply;
}

/** Decides a reply from the recorded request; `undefined` falls through to the queue and default. */
export type MockHandler = (request: RecordedRequest) => MockReply | undefined;

export interface MockUpstream {
  /** `http://127.0.0.1:PORT`, no path. */
  readonly url: string;
  readonly port: number;
  /** Every request, in arrival order (model lists and unknown paths included). */
  readonly requests: RecordedRequest[];
  /** Replies for the next generation/embeddings requests, first in first out. */
  enqueue(...replies: MockReply[]): void;
  /** The reply when the queue is empty. */
  setDefault(reply: MockReply): void;
  /** Decide replies per request (pass `undefined` to remove the handler). */
  setHandler(handler: MockHandler | undefined): void;
  /** Ids the model-list endpoints answer. */
  setModels(ids: string[]): void;
  lastRequest(): RecordedRequest | undefined;
  /** Forget recorded requests, queued replies and the handler; restore the default reply. */
  reset(): void;
  /** Stop listening and cut every open connection (stalled streams included). */
  close(): Promise<void>;
}

const initialDefault: MockReply = { kind: 'text', text: 'Hello from the mock upstream' };

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Start a mock upstream on 127.0.0.1, port 0. */
export async function startMockUpstream(options: MockUpstreamOptions = {}): Promise<MockUpstream> {
  const requests: RecordedRequest[] = [];
  const queue: MockReply[] = [];
  let defaultReply = options.defaultReply ?? initialDefault;
  let handler: MockHandler | undefined;
  let models = options.models ?? ['mock-model-1', 'mock-model-2'];
  let sequence = 0;
  const closing = new AbortController();

  function listAnswer(route: Extract<MockRoute, { endpoint: 'models' }>): { status: number; body: unknown } {
    const ids =
      route.id === undefined ? models : models.filter((id) => id === route.id || `models/${id}` === route.id);
    if (route.id !== undefined && ids.length === 0) {
      return {
        status: 404,
        body: {
          error: {
            message: `model ${route.id} not found`,
            type: 'invalid_request_error',
            code: 'model_not_found',
          },
        },
      };
    }
    const body =
      route.shape === 'gemini'
        ? geminiModelList(ids)
        : route.shape === 'anthropic'
          ? anthropicModelList(ids)
          : openAiModelList(ids);
    if (route.id === undefined) return { status: 200, body };
    const list = body as { data?: unknown[]; models?: unknown[] };
    return { status: 200, body: (list.data ?? list.models ?? [])[0] };
  }

  const server: Server = createServer((request, response) => {
    void (async () => {
      const receivedAt = Date.now();
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const rawBody = await readBody(request);
      const body = parseJson(rawBody);
      const headers = flattenHeaders(request);
      const query = Object.fromEntries(url.searchParams);
      const route = classifyRoute(
        request.method ?? 'GET',
        url.pathname,
        query,
        headers,
        isRecord(body) ? body : undefined,
      );
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query,
        headers,
        body,
        rawBody,
        receivedAt,
      };
      if (route.endpoint === 'generate') recorded.family = route.family;
      requests.push(recorded);

      const exchange = new AbortController();
      const onClosing = () => exchange.abort();
      closing.signal.addEventListener('abort', onClosing);
      let dropped = false;
      response.on('close', () => {
        closing.signal.removeEventListener('abort', onClosing);
        if (!response.writableFinished && !dropped && !closing.signal.aborted)
          recorded.abortedAt ??= Date.now();
        exchange.abort();
      });

      const fromHandler = handler?.(recorded);
      const generation = route.endpoint === 'generate' || route.endpoint === 'embeddings';
      let reply: MockReply | undefined =
        fromHandler ?? (generation ? (queue.shift() ?? defaultReply) : undefined);
      sequence++;
      const target = {
        response,
        family: route.endpoint === 'generate' ? route.family : undefined,
        sse: route.endpoint === 'generate' ? route.sse : true,
        context: {
          model: route.endpoint === 'generate' ? route.model : 'mock-model',
          stream: route.endpoint === 'generate' && route.stream,
          includeUsage:
            isRecord(body) && isRecord(body.stream_options) && body.stream_options.include_usage === true,
          sequence,
          body: isRecord(body) ? body : {},
        },
        signal: exchange.signal,
        markDropped: () => {
          dropped = true;
        },
        answerOther: undefined as undefined | (() => { status: number; body: unknown }),
      };
      if (route.endpoint === 'models') target.answerOther = () => listAnswer(route);
      else if (route.endpoint === 'embeddings')
        target.answerOther = () => ({ status: 200, body: embeddingsBody(target.context.body) });
      else if (route.endpoint === 'count-tokens') {
        const estimate = Math.max(1, Math.ceil(rawBody.length / 4));
        target.answerOther = () => ({
          status: 200,
          body: route.family === 'gemini' ? { totalTokens: estimate } : { input_tokens: estimate },
        });
      } else if (route.endpoint === 'unknown') {
        target.answerOther = () => ({
          status: 404,
          body: {
            error: {
              message: `mock upstream has no route ${request.method} ${url.pathname}`,
              type: 'invalid_request_error',
              code: 'not_found',
            },
          },
        });
      }
      reply ??= initialDefault;
      await writeReply(reply, target);
      if (response.writableFinished) recorded.finishedAt = Date.now();
      else response.once('finish', () => (recorded.finishedAt = Date.now()));
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`mock upstream failed: ${String(error)}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    enqueue(...replies) {
      queue.push(...replies);
    },
    setDefault(reply) {
      defaultReply = reply;
    },
    setHandler(next) {
      handler = next;
    },
    setModels(ids) {
      models = ids;
    },
    lastRequest() {
      return requests.at(-1);
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
      handler = undefined;
      defaultReply = options.defaultReply ?? initialDefault;
    },
    async close() {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A port on 127.0.0.1 with nothing listening (connections are refused). */
export async function startRefusingPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
