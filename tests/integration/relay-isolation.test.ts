import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockReply, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { parseSseText, validateResponsesStream } from '../support/stream-validators.ts';

/** What the relay requires in `instructions`: non-ASCII and edge whitespace, to prove it is sent byte for byte. */
const required =
  'You are Codex, based on GPT-5. You are running as a coding agent — “Codex CLI”.\n  ✓ keep  \n';
/** What a relay station force-injects on its own and echoes back. */
const vendor = 'VENDOR-INJECTED: You are a ChatGPT agent. to=shell apply_patch';

let upstream: MockUpstream;
let harness: TestGateway;
let key: string;

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway();
  await harness.addModel({
    upstreamUrl: upstream.url,
    name: 'codex-relay',
    provider: { responsesApi: true, relayIsolation: { enabled: true, requiredInstructions: required } },
  });
  await harness.addModel({
    upstreamUrl: upstream.url,
    name: 'relay-no-requirement',
    provider: { responsesApi: true, relayIsolation: { enabled: true } },
  });
  await harness.addModel({
    upstreamUrl: upstream.url,
    name: 'plain-responses',
    provider: { responsesApi: true },
  });
  await harness.addModel({ upstreamUrl: upstream.url, name: 'plain-chat' });
  await harness.addModel({ upstreamUrl: upstream.url, protocol: 'anthropic', name: 'plain-anthropic' });
  key = await harness.addKey();
});

beforeEach(() => upstream.reset());

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(harness.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return text;
}

function received() {
  const last = upstream.requests.at(-1);
  if (!last) throw new Error('nothing reached the upstream');
  return last;
}

/** How many times `text` appears in the raw JSON the upstream received. */
function occurrences(raw: string, text: string): number {
  return raw.split(JSON.stringify(text).slice(1, -1)).length - 1;
}

/** Every `instructions` value at any depth of a JSON value. */
function allInstructions(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(allInstructions);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, child]) =>
    name === 'instructions' ? [child, ...allInstructions(child)] : allInstructions(child),
  );
}

function developerItems(body: { input: string | Array<{ role?: string }> }) {
  return typeof body.input === 'string' ? [] : body.input.filter((item) => item.role === 'developer');
}

/** A relay station that force-injects `vendor` and echoes it in every event that carries a response, nested too. */
function injectingRelay(stream: boolean): MockReply {
  const response = (status: string, output: unknown[]) => ({
    id: 'resp_relay1',
    object: 'response',
    created_at: 1764280000,
    status,
    instructions: vendor,
    model: 'gpt-5',
    output,
    metadata: { relay: { instructions: vendor, nested: [{ instructions: vendor }] } },
    ...(status === 'completed'
      ? {
          usage: {
            input_tokens: 5,
            output_tokens: 1,
            total_tokens: 6,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens_details: { reasoning_tokens: 0 },
          },
        }
      : {}),
  });
  const item = {
    id: 'msg_relay1',
    type: 'message',
    status: 'completed',
    role: 'assistant',
    content: [{ type: 'output_text', text: 'Ahoy', annotations: [] }],
  };
  if (!stream) {
    return {
      fault: 'raw',
      status: 200,
      headers: { 'content-type': 'application/json' },
      chunks: [JSON.stringify(response('completed', [item]))],
    };
  }
  const events: Array<Record<string, unknown>> = [
    { type: 'response.created', response: response('in_progress', []) },
    { type: 'response.in_progress', response: response('in_progress', []) },
    {
      type: 'response.output_item.added',
      output_index: 0,
      item: { ...item, status: 'in_progress', content: [] },
    },
    {
      type: 'response.content_part.added',
      item_id: 'msg_relay1',
      output_index: 0,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    },
    {
      type: 'response.output_text.delta',
      item_id: 'msg_relay1',
      output_index: 0,
      content_index: 0,
      delta: 'Ahoy',
    },
    {
      type: 'response.output_text.done',
      item_id: 'msg_relay1',
      output_index: 0,
      content_index: 0,
      text: 'Ahoy',
    },
    {
      type: 'response.content_part.done',
      item_id: 'msg_relay1',
      output_index: 0,
      content_index: 0,
      part: { type: 'output_text', text: 'Ahoy', annotations: [] },
    },
    { type: 'response.output_item.done', output_index: 0, item },
    { type: 'response.completed', response: response('completed', [item]) },
  ];
  return {
    fault: 'raw',
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    chunks: events.map(
      (event, index) =>
        `event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number: index })}\n\n`,
    ),
  };
}

describe('relay isolation: channel separation', () => {
  it('sends the required prompt in instructions and the client prompt verbatim as a leading developer item', async () => {
    const own = 'Answer like a pirate.\n\n  Keep “quotes” and trailing space. ';
    const text = await post('/v1/responses', { model: 'codex-relay', instructions: own, input: 'Hi' });
    const body = received().body;
    expect(body.instructions).toBe(required);
    expect(body.input).toEqual([
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: own }] },
      { type: 'message', role: 'user', content: 'Hi' },
    ]);
    // The mock echoes what it received; the client sees its own prompt instead.
    const answer = JSON.parse(text);
    expect(answer.instructions).toBe(own);
    expect(text).not.toContain('Codex CLI');
  });

  it('two turns: one required prompt and one developer item each time, never doubled', async () => {
    const own = 'Be terse.';
    await post('/v1/responses', {
      model: 'codex-relay',
      instructions: own,
      input: [{ role: 'user', content: 'One' }],
    });
    const first = received();
    await post('/v1/responses', {
      model: 'codex-relay',
      instructions: own,
      input: [
        { role: 'user', content: 'One' },
        {
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hello from the mock upstream' }],
        },
        { role: 'user', content: 'Two' },
      ],
    });
    const second = received();
    for (const turn of [first, second]) {
      expect(occurrences(turn.rawBody, required)).toBe(1);
      expect(occurrences(turn.rawBody, own)).toBe(1);
      expect(developerItems(turn.body)).toHaveLength(1);
      expect(turn.body.input[0].role).toBe('developer');
    }
    // Byte-stable first block: prompt caches keyed on the prefix keep hitting.
    expect(second.rawBody.indexOf(JSON.stringify(required))).toBeGreaterThan(-1);
    expect(first.body.instructions).toBe(second.body.instructions);
  });

  it('a client that already sends the required prompt (Codex CLI) gets no second copy', async () => {
    await post('/v1/responses', { model: 'codex-relay', instructions: required, input: 'Fix the bug' });
    const exact = received();
    expect(exact.body.instructions).toBe(required);
    expect(developerItems(exact.body)).toHaveLength(0);
    expect(occurrences(exact.rawBody, required)).toBe(1);

    await post('/v1/responses', {
      model: 'codex-relay',
      instructions: `${required}\n\nUser rules.`,
      input: 'Fix it',
    });
    const concatenated = received();
    expect(occurrences(concatenated.rawBody, required)).toBe(1);
    expect(developerItems(concatenated.body)).toEqual([
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'User rules.' }] },
    ]);
  });

  it('a chat client behind the relay is spoken to over Responses: its system prompt intact in its own channel, the required one never shown', async () => {
    // `responsesApi` means Responses for every client (it carries reasoning state); a Codex relay serves nothing else.
    const text = await post('/v1/chat/completions', {
      model: 'codex-relay',
      messages: [
        { role: 'system', content: 'Only reply in haiku.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(received().path).toBe('/v1/responses');
    expect(received().body.instructions).toBe(required);
    expect(occurrences(received().rawBody, required)).toBe(1);
    expect(developerItems(received().body)).toEqual([
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Only reply in haiku.' }] },
    ]);
    expect(JSON.stringify(text)).not.toContain('Codex CLI');
  });

  it('with no required prompt, or isolation off, the client prompt passes through unchanged', async () => {
    for (const model of ['relay-no-requirement', 'plain-responses']) {
      await post('/v1/responses', { model, instructions: 'Mine.', input: 'Hi' });
      expect(received().body.instructions).toBe('Mine.');
      expect(received().body.input).toBe('Hi');
    }
  });
});

describe('relay isolation: no echo of injected prompts', () => {
  it('streams: every event carrying instructions shows the client’s own, and the stream stays valid', async () => {
    const text = await post('/v1/responses', {
      model: 'codex-relay',
      instructions: 'Mine.',
      input: 'Hi',
      stream: true,
    });
    expect(validateResponsesStream(text)).toEqual([]);
    expect(text).not.toContain('Codex CLI');
    const events = parseSseText(text).map((event) => JSON.parse(event.data));
    const withResponse = events.filter((event) => event.response);
    expect(withResponse.map((event) => event.type)).toEqual(
      expect.arrayContaining(['response.created', 'response.in_progress', 'response.completed']),
    );
    for (const event of withResponse) expect(event.response.instructions).toBe('Mine.');
  });

  it.each([false, true])(
    'a relay that injects and echoes its own prompt, stream=%s: nothing reaches the client',
    async (stream) => {
      upstream.enqueue(injectingRelay(stream));
      const text = await post('/v1/responses', {
        model: 'codex-relay',
        instructions: 'Mine.',
        input: 'Hi',
        stream,
      });
      expect(text).not.toContain('VENDOR-INJECTED');
      expect(text).not.toContain('Codex CLI');
      const payloads = stream
        ? parseSseText(text).map((event) => JSON.parse(event.data))
        : [JSON.parse(text)];
      const echoed = payloads.flatMap(allInstructions);
      expect(echoed.length).toBeGreaterThanOrEqual(stream ? 9 : 3);
      expect(new Set(echoed)).toEqual(new Set(['Mine.']));
      if (stream) expect(validateResponsesStream(text)).toEqual([]);
      else expect(JSON.parse(text).output[0].content[0].text).toBe('Ahoy');
    },
  );

  it.each([false, true])('a client that sent no instructions sees null, stream=%s', async (stream) => {
    upstream.enqueue(injectingRelay(stream));
    const text = await post('/v1/responses', { model: 'codex-relay', input: 'Hi', stream });
    expect(text).not.toContain('VENDOR-INJECTED');
    const payloads = stream ? parseSseText(text).map((event) => JSON.parse(event.data)) : [JSON.parse(text)];
    expect(new Set(payloads.flatMap(allInstructions))).toEqual(new Set([null]));
    expect(received().body.instructions).toBe(required);
    expect(developerItems(received().body)).toHaveLength(0);
  });
});

describe('relay isolation: identity headers', () => {
  const codexHeaders = {
    originator: 'codex_cli_rs',
    version: '0.50.0',
    session_id: 'sess-123',
    'x-codex-installation-id': 'inst-456',
    'x-codex-turn-state': 'turn-789',
    'user-agent': 'codex_cli_rs/0.50.0 (Linux; x86_64)',
  };

  it('reach the relay that has isolation enabled', async () => {
    await post('/v1/responses', { model: 'codex-relay', input: 'Hi' }, codexHeaders);
    const headers = received().headers;
    for (const [name, value] of Object.entries(codexHeaders)) expect(headers[name]).toBe(value);
  });

  it.each([
    ['/v1/responses', { model: 'plain-responses', input: 'Hi' }],
    ['/v1/chat/completions', { model: 'plain-chat', messages: [{ role: 'user', content: 'Hi' }] }],
    ['/v1/responses', { model: 'plain-anthropic', input: 'Hi', max_output_tokens: 32 }],
  ])('never reach an unrelated vendor (%s → %j)', async (path, body) => {
    await post(path, body, codexHeaders);
    const headers = received().headers;
    for (const name of [
      'originator',
      'version',
      'session_id',
      'x-codex-installation-id',
      'x-codex-turn-state',
    ])
      expect(headers[name]).toBeUndefined();
    expect(headers['user-agent'] ?? '').not.toContain('codex');
  });
});
