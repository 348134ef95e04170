/**
 * Mock OpenAI-compatible upstream for the benchmark, run as its own process so
 * its CPU never counts against the proxy under test.
 *
 * `POST /v1/chat/completions` answers a fixed chat completion with usage, or,
 * when the body asks for `"stream":true`, a fixed SSE stream: a role chunk, ten
 * content chunks, a finish chunk, a usage chunk and `[DONE]`. By default the
 * events are written back-to-back in the same tick as separate chunked writes
 * (no gaps), so the stream measures the proxy, not a timer; set
 * `MOCK_STREAM_GAP_MS` to space them out. Responses are prebuilt and the body is
 * never JSON-parsed, to keep the mock's own CPU minimal.
 *
 * Prints `{"port":N}` on stdout once listening (on 127.0.0.1, `PORT` or a free port).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const created = 1764280000;
const model = 'mock-model';
const words = ['The ', 'quick ', 'brown ', 'fox ', 'jumps ', 'over ', 'the ', 'lazy ', 'dog', '.'];
const usage = { prompt_tokens: 24, completion_tokens: words.length, total_tokens: 24 + words.length };

const completionBody = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: words.join('') },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage,
  }),
);

function chunk(
  delta: object,
  finishReason: string | null,
  chunkUsage: object | null,
  choices = true,
): string {
  const base = { id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model };
  const payload = choices
    ? {
        ...base,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
        usage: chunkUsage,
      }
    : { ...base, choices: [], usage: chunkUsage };
  return `data: ${JSON.stringify(payload)}\n\n`;
}

const streamEvents: Buffer[] = [
  chunk({ role: 'assistant', content: '' }, null, null),
  ...words.map((word) => chunk({ content: word }, null, null)),
  chunk({}, 'stop', null),
  chunk({}, null, usage, false),
  'data: [DONE]\n\n',
].map((text) => Buffer.from(text));

const gapMs = Number(process.env.MOCK_STREAM_GAP_MS ?? 0);

function sendStream(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (gapMs <= 0) {
    for (const event of streamEvents) response.write(event);
    response.end();
    return;
  }
  let index = 0;
  const next = (): void => {
    response.write(streamEvents[index++]);
    if (index < streamEvents.length) setTimeout(next, gapMs);
    else response.end();
  };
  next();
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"error":{"message":"not found","type":"invalid_request_error"}}');
    return;
  }
  const parts: Buffer[] = [];
  request.on('data', (part: Buffer) => parts.push(part));
  request.on('end', () => {
    // A substring test instead of JSON.parse: the mock must stay cheap.
    if (/"stream"\s*:\s*true/.test(Buffer.concat(parts).toString('latin1'))) {
      sendStream(response);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': completionBody.length });
    response.end(completionBody);
  });
}

const server = createServer({ keepAliveTimeout: 65_000 }, handle);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
