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
 * `POST /v1/messages` answers Anthropic Messages the same way (a fixed message, or its SSE stream:
 * message_start, a text block with ten deltas, message_delta with usage, message_stop).
 *
 * A chat stream for the upstream model `mock-hold-<ms>` is held open that long, its events spread
 * over it (the open-streams scenario).
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

const messageBody = Buffer.from(
  JSON.stringify({
    id: 'msg_bench',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: words.join('') }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens },
  }),
);

const anthropicEvent = (type: string, payload: object): string =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;

const messageEvents: Buffer[] = [
  anthropicEvent('message_start', {
    message: {
      id: 'msg_bench',
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: usage.prompt_tokens, output_tokens: 1 },
    },
  }),
  anthropicEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  ...words.map((word) =>
    anthropicEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: word } }),
  ),
  anthropicEvent('content_block_stop', { index: 0 }),
  anthropicEvent('message_delta', {
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: usage.completion_tokens },
  }),
  anthropicEvent('message_stop', {}),
].map((text) => Buffer.from(text));

const defaultGapMs = Number(process.env.MOCK_STREAM_GAP_MS ?? 0);

function sendStream(response: ServerResponse, events: Buffer[], gapMs = defaultGapMs): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (gapMs <= 0) {
    for (const event of events) response.write(event);
    response.end();
    return;
  }
  let index = 0;
  const next = (): void => {
    response.write(events[index++]);
    if (index < events.length) setTimeout(next, gapMs);
    else response.end();
  };
  next();
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const chat = request.url?.endsWith('/chat/completions') === true;
  if (request.method !== 'POST' || (!chat && !request.url?.endsWith('/v1/messages'))) {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"error":{"message":"not found","type":"invalid_request_error"}}');
    return;
  }
  const parts: Buffer[] = [];
  request.on('data', (part: Buffer) => parts.push(part));
  request.on('end', () => {
    // Substring tests instead of JSON.parse: the mock must stay cheap, even for 400 KB bodies.
    const text = Buffer.concat(parts).toString('latin1');
    if (/"stream"\s*:\s*true/.test(text)) {
      const hold = chat ? /"model"\s*:\s*"mock-hold-(\d+)"/.exec(text) : null;
      const events = chat ? streamEvents : messageEvents;
      sendStream(response, events, hold ? Number(hold[1]) / events.length : undefined);
      return;
    }
    const body = chat ? completionBody : messageBody;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    response.end(body);
  });
}

const server = createServer({ keepAliveTimeout: 65_000 }, handle);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
