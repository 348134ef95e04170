/**
 * Protocol fidelity, inbound Anthropic Messages: `@anthropic-ai/sdk` 1.x
 * (`Authorization: Bearer`) and 0.x (`x-api-key`) against an Anthropic
 * (pass-through), OpenAI-chat and Gemini upstream, non-stream and stream,
 * text, thinking, parallel tool calls in many pieces, and errors. Every stream
 * the gateway emits is also read raw and checked by the strict validator
 * (stricter than the SDK, like Claude Code).
 */
import { describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import Anthropic0 from 'anthropic-sdk-0';
import { validateAnthropicStream } from '../support/stream-validators.ts';
import {
  crossUpstreams,
  expectedUpstreamPath,
  parallelCalls,
  scenarioUsage,
  timeSchema,
  upstreamToolNames,
  weatherSchema,
} from './__fixtures__/protocol-harness.ts';
import { useProtocolHarness } from './__fixtures__/use-protocol-harness.ts';
import { expectUpstreamRequest, expectWeatherRoundTrip } from './__fixtures__/expect-upstream-request.ts';

/** Every stream the SDKs receive is grammar-checked as well. */
const setup = useProtocolHarness();
/** Request headers each SDK sent, to prove the two auth styles. */
const sentHeaders: Array<{ sdk: string; headers: Headers }> = [];

function recordingFetch(sdk: string): typeof fetch {
  return (input, init) => {
    sentHeaders.push({ sdk, headers: new Headers(init?.headers) });
    return setup.streams.fetch(input, init);
  };
}

/** The two SDK majors, structurally one client type for these tests. */
interface SdkCase {
  sdk: string;
  client: () => Anthropic;
  errors: {
    RateLimitError: typeof Anthropic.RateLimitError;
    BadRequestError: typeof Anthropic.BadRequestError;
    APIError: typeof Anthropic.APIError;
  };
}
const sdks: SdkCase[] = [
  {
    sdk: '1.x',
    client: () => new Anthropic({ ...setup.anthropicOptions(), fetch: recordingFetch('1.x') }),
    errors: Anthropic,
  },
  {
    sdk: '0.x',
    client: () =>
      new Anthropic0({ ...setup.anthropicOptions(), fetch: recordingFetch('0.x') }) as unknown as Anthropic,
    errors: Anthropic0 as unknown as SdkCase['errors'],
  },
];

const tools: Anthropic.Tool[] = [
  { name: 'get_weather', input_schema: weatherSchema as Anthropic.Tool.InputSchema },
  { name: 'get_time', input_schema: timeSchema as Anthropic.Tool.InputSchema },
];
const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather and time in Zürich?' }];
const base = { max_tokens: 256, system: 'Be brief.', messages };

function toolUses(message: Anthropic.Message): Array<{ name: string; input: unknown; id: string }> {
  return message.content
    .filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')
    .map((block) => ({ name: block.name, input: block.input, id: block.id }));
}
function textOf(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

describe('Anthropic SDK header styles', () => {
  it('1.x sends Authorization: Bearer and 0.x sends x-api-key; both are accepted', async () => {
    for (const { sdk, client } of sdks) {
      setup.upstream.enqueue({ kind: 'text', text: `hello ${sdk}` });
      const message = await client().messages.create({ model: 'via-anthropic', ...base });
      expect(textOf(message)).toBe(`hello ${sdk}`);
      const headers = sentHeaders.filter((entry) => entry.sdk === sdk).at(-1)!.headers;
      if (sdk === '1.x') expect(headers.get('authorization')).toBe(`Bearer ${setup.key}`);
      else expect(headers.get('x-api-key')).toBe(setup.key);
      // The client's key never goes upstream; the provider's does.
      expect(setup.lastGeneration().headers['x-api-key']).toBe('sk-upstream-test-key-0001');
    }
  });
});

describe.each(crossUpstreams)('inbound messages -> $kind upstream', (target) => {
  it.each(sdks)(
    'answers a non-stream text request with Anthropic usage semantics ($sdk)',
    async ({ client }) => {
      setup.upstream.enqueue({ kind: 'text', text: 'Sunny, 21 °C.', usage: scenarioUsage });
      const message = await client().messages.create({ model: target.model, ...base });
      expect(textOf(message)).toBe('Sunny, 21 °C.');
      expect(message.stop_reason).toBe('end_turn');
      // Anthropic input_tokens exclude cache reads (protocols.md 2.7).
      expect(message.usage).toMatchObject({
        input_tokens: 30,
        output_tokens: 12,
        cache_read_input_tokens: 10,
      });
      const received = setup.lastGeneration();
      expectUpstreamRequest(received, target, 'Weather and time in Zürich?');
      expect(JSON.stringify(received.body)).toContain('Be brief.');
    },
  );

  it.each(sdks)(
    'streams text through messages.stream() and a valid raw stream ($sdk)',
    async ({ client }) => {
      setup.upstream.enqueue({ kind: 'text', text: 'Grüße aus Zürich, 21 °C 🌞.', usage: scenarioUsage });
      const checkedBefore = setup.streams.checked;
      const stream = client().messages.stream({ model: target.model, ...base });
      const deltas: string[] = [];
      stream.on('text', (delta) => deltas.push(delta));
      const final = await stream.finalMessage();
      expect(setup.streams.checked).toBe(checkedBefore + 1); // the SDK's own stream was grammar-checked
      expect(textOf(final)).toBe('Grüße aus Zürich, 21 °C 🌞.');
      expect(deltas.join('')).toBe('Grüße aus Zürich, 21 °C 🌞.');
      expect(deltas.length).toBeGreaterThan(1);
      expect(final.stop_reason).toBe('end_turn');
      expect(final.usage).toMatchObject({ input_tokens: 30, output_tokens: 12, cache_read_input_tokens: 10 });
      const received = setup.lastGeneration();
      expect(received.path).toBe(expectedUpstreamPath(target.kind, true, target.upstreamModel));

      setup.upstream.enqueue({ kind: 'text', text: 'Grüße aus Zürich 🌞', usage: scenarioUsage });
      const raw = await setup.post('/v1/messages', { model: target.model, ...base, stream: true });
      expect(raw.status).toBe(200);
      expect(raw.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(validateAnthropicStream(raw.text)).toEqual([]);
    },
  );

  it('streams thinking before text into separate, correctly typed blocks', async () => {
    setup.upstream.enqueue({
      kind: 'reasoning',
      reasoning: 'User wants the weather.',
      text: 'Sunny.',
      signature: 'sig_abc',
    });
    const final = await sdks[0]!
      .client()
      .messages.stream({ model: target.model, ...base })
      .finalMessage();
    expect(final.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const thinking = final.content[0] as Anthropic.ThinkingBlock;
    expect(thinking.thinking).toBe('User wants the weather.');
    if (target.kind === 'anthropic') expect(thinking.signature).toBe('sig_abc');
    expect(textOf(final)).toBe('Sunny.');

    setup.upstream.enqueue({ kind: 'reasoning', reasoning: 'User wants the weather.', text: 'Sunny.' });
    const raw = await setup.post('/v1/messages', { model: target.model, ...base, stream: true });
    expect(validateAnthropicStream(raw.text)).toEqual([]);
  });

  it('maps a max_tokens stop, and replays tool_use and tool_result upstream in the family shape', async () => {
    for (const stream of [true, false]) {
      setup.upstream.enqueue({ kind: 'text', text: 'Cut sho', stopReason: 'max_tokens' });
      const request = { model: target.model, ...base, max_tokens: 3 };
      const cut = stream
        ? await sdks[0]!.client().messages.stream(request).finalMessage()
        : await sdks[0]!.client().messages.create(request);
      expect(cut.stop_reason).toBe('max_tokens');
    }
    setup.upstream.enqueue({ kind: 'text', text: 'It is sunny in Paris.' });
    const message = await sdks[0]!.client().messages.create({
      model: target.model,
      ...base,
      tools,
      messages: [
        ...messages,
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_abc123', name: 'get_weather', input: { location: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_abc123', content: 'Sunny, 21 C' }],
        },
      ],
    });
    expect(textOf(message)).toBe('It is sunny in Paris.');
    expectWeatherRoundTrip(setup.lastGeneration(), target, 'toolu_abc123');
  });

  it('answers parallel tool calls non-stream as tool_use blocks, with the tools translated upstream', async () => {
    setup.upstream.enqueue({ kind: 'tools', calls: parallelCalls, usage: scenarioUsage });
    const message = await sdks[1]!.client().messages.create({ model: target.model, ...base, tools });
    expect(message.stop_reason).toBe('tool_use');
    const uses = toolUses(message);
    expect(uses.map((use) => use.name)).toEqual(['get_weather', 'get_time']);
    expect(uses.map((use) => use.input)).toEqual([
      { location: 'Zürich', unit: 'c' },
      { zone: 'Europe/Zurich' },
    ]);
    for (const use of uses) expect(use.id).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(upstreamToolNames(target.kind, setup.lastGeneration().body)).toEqual(['get_weather', 'get_time']);
  });

  it.each(sdks)(
    'streams single and parallel tool calls whose arguments arrive in many pieces ($sdk)',
    async ({ client }) => {
      setup.upstream.enqueue({
        kind: 'tools',
        text: 'Checking.',
        calls: [{ name: 'get_weather', arguments: '{"location": "Paris", "unit": "c"}' }],
      });
      const single = await client()
        .messages.stream({ model: target.model, ...base, tools })
        .finalMessage();
      expect(textOf(single)).toBe('Checking.');
      expect(toolUses(single).map((use) => [use.name, use.input])).toEqual([
        ['get_weather', { location: 'Paris', unit: 'c' }],
      ]);
      expect(single.stop_reason).toBe('tool_use');

      setup.upstream.enqueue({ kind: 'tools', calls: parallelCalls, argumentPieceSize: 2 });
      const stream = client().messages.stream({ model: target.model, ...base, tools });
      const pieces: string[] = [];
      stream.on('inputJson', (partial) => pieces.push(partial));
      const final = await stream.finalMessage();
      expect(toolUses(final).map((use) => use.name)).toEqual(['get_weather', 'get_time']);
      expect(toolUses(final).map((use) => use.input)).toEqual([
        { location: 'Zürich', unit: 'c' },
        { zone: 'Europe/Zurich' },
      ]);
      expect(final.stop_reason).toBe('tool_use');
      expect(pieces.length).toBeGreaterThanOrEqual(target.kind === 'gemini' ? 2 : 10);

      setup.upstream.enqueue({ kind: 'tools', calls: parallelCalls });
      const raw = await setup.post('/v1/messages', { model: target.model, ...base, tools, stream: true });
      expect(validateAnthropicStream(raw.text)).toEqual([]);
    },
  );

  it.each(sdks)(
    'answers upstream 429 and 400 before the first byte with the right SDK error class ($sdk)',
    async ({ client, errors }) => {
      setup.upstream.enqueue({ fault: 'status', status: 429, headers: { 'retry-after': '7' } });
      const limited = await client()
        .messages.create({ model: target.model, ...base })
        .catch((error: unknown) => error);
      expect(limited).toBeInstanceOf(errors.RateLimitError);
      expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers?.get('retry-after')).toBe(
        '7',
      );

      setup.upstream.enqueue({ fault: 'status', status: 400 });
      const bad = await client()
        .messages.stream({ model: target.model, ...base })
        .finalMessage()
        .catch((error: unknown) => error);
      expect(bad).toBeInstanceOf(errors.BadRequestError);
      expect((bad as Error).message).toContain('Mock upstream error 400');

      setup.upstream.enqueue({ fault: 'status', status: 400 });
      const raw = await setup.post('/v1/messages', { model: target.model, ...base });
      expect(JSON.parse(raw.text)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    },
  );

  it.each(sdks)(
    'ends a stream the upstream drops mid-way with an in-band error event, never a hang ($sdk)',
    async ({ client, errors }) => {
      const scenario = {
        kind: 'text' as const,
        text: 'This answer will be cut off somewhere in the middle.',
      };
      setup.upstream.enqueue({ fault: 'drop-mid-stream', afterEvents: 4, scenario });
      const error = await client()
        .messages.stream({ model: target.model, ...base })
        .finalMessage()
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(errors.APIError);

      setup.upstream.enqueue({ fault: 'drop-mid-stream', afterEvents: 4, scenario });
      const raw = await setup.post('/v1/messages', { model: target.model, ...base, stream: true });
      expect(raw.status).toBe(200);
      expect(raw.text).toContain('event: error');
      expect(validateAnthropicStream(raw.text)).toEqual([]);
    },
  );
});
