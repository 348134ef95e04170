/**
 * Protocol fidelity, inbound Chat Completions: the official `openai` SDK against
 * an OpenAI-chat (pass-through), Anthropic and Gemini upstream, non-stream and
 * stream, text, parallel tool calls with arguments in many pieces, and errors.
 * Every stream the gateway emits is also read raw and checked by the strict validator.
 */
import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { validateChatStream } from '../support/stream-validators.ts';
import { streamContent } from './__fixtures__/stream-content.ts';
import {
  crossUpstreams,
  parallelCalls,
  scenarioUsage,
  timeSchema,
  upstreamToolNames,
  weatherSchema,
} from './__fixtures__/protocol-harness.ts';
import { useProtocolHarness } from './__fixtures__/use-protocol-harness.ts';
import {
  expectUpstreamRequest,
  expectUpstreamStreamRequest,
  expectWeatherRoundTrip,
} from './__fixtures__/expect-upstream-request.ts';

/** Every stream the SDK receives is grammar-checked as well. */
const setup = useProtocolHarness();

const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', parameters: weatherSchema } },
  { type: 'function', function: { name: 'get_time', parameters: timeSchema } },
];
const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Weather and time in Zürich?' },
];

function argumentsOf(completion: OpenAI.Chat.Completions.ChatCompletion): unknown[] {
  return (completion.choices[0]!.message.tool_calls ?? []).map((call) =>
    call.type === 'function' ? JSON.parse(call.function.arguments) : undefined,
  );
}
function namesOf(completion: OpenAI.Chat.Completions.ChatCompletion): string[] {
  return (completion.choices[0]!.message.tool_calls ?? []).map((call) =>
    call.type === 'function' ? call.function.name : '',
  );
}

describe.each(crossUpstreams)('inbound chat -> $kind upstream', (target) => {
  it('answers a non-stream text request with the usage in chat semantics', async () => {
    setup.upstream.enqueue({ kind: 'text', text: 'Sunny, 21 °C.', usage: scenarioUsage });
    const completion = await setup.openai.chat.completions.create({ model: target.model, messages });
    expect(completion.choices[0]!.message.content).toBe('Sunny, 21 °C.');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    // Pass-through relays the upstream's bytes (its model id); translation echoes the name the client asked for.
    expect(completion.model).toBe(target.kind === 'openai-chat' ? target.upstreamModel : target.model);
    expect(completion.usage).toMatchObject({ prompt_tokens: 40, completion_tokens: 12, total_tokens: 52 });
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(10);
    expectUpstreamRequest(setup.lastGeneration(), target, 'Weather and time in Zürich?');
  });

  it('streams text through chat.completions.stream() and a valid raw stream', async () => {
    setup.upstream.enqueue({ kind: 'text', text: 'Grüße aus Zürich, 21 °C 🌞.', usage: scenarioUsage });
    const checkedBefore = setup.streams.checked;
    const stream = setup.openai.chat.completions.stream({
      model: target.model,
      messages,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    stream.on('content.delta', ({ delta }) => deltas.push(delta));
    const final = await stream.finalChatCompletion();
    expect(setup.streams.checked).toBe(checkedBefore + 1); // the SDK's own stream was grammar-checked
    expect(final.choices[0]!.message.content).toBe('Grüße aus Zürich, 21 °C 🌞.');
    expect(deltas.length).toBeGreaterThan(1);
    expect(final.choices[0]!.finish_reason).toBe('stop');
    expect(final.usage).toMatchObject({ prompt_tokens: 40, completion_tokens: 12 });
    expect(final.usage?.prompt_tokens_details?.cached_tokens).toBe(10);
    expectUpstreamStreamRequest(setup.lastGeneration(), target);

    for (const includeUsage of [true, false]) {
      setup.upstream.enqueue({ kind: 'text', text: 'Grüße aus Zürich 🌞', usage: scenarioUsage });
      const raw = await setup.post('/v1/chat/completions', {
        model: target.model,
        messages,
        stream: true,
        ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
      });
      expect(raw.status).toBe(200);
      expect(raw.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(validateChatStream(raw.text, { expectUsage: includeUsage })).toEqual([]);
    }
  });

  it('answers parallel tool calls non-stream, with the tools translated upstream', async () => {
    setup.upstream.enqueue({ kind: 'tools', calls: parallelCalls, usage: scenarioUsage });
    const completion = await setup.openai.chat.completions.create({ model: target.model, messages, tools });
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(namesOf(completion)).toEqual(['get_weather', 'get_time']);
    expect(argumentsOf(completion)).toEqual([{ location: 'Zürich', unit: 'c' }, { zone: 'Europe/Zurich' }]);
    const ids = completion.choices[0]!.message.tool_calls!.map((call) => call.id);
    expect(new Set(ids).size).toBe(2);
    expect(upstreamToolNames(target.kind, setup.lastGeneration().body)).toEqual(['get_weather', 'get_time']);
  });

  it('streams a single tool call and parallel tool calls whose arguments arrive in many pieces', async () => {
    setup.upstream.enqueue({
      kind: 'tools',
      text: 'Checking.',
      calls: [{ name: 'get_weather', arguments: '{"location": "Paris", "unit": "c"}' }],
    });
    const single = await setup.openai.chat.completions
      .stream({ model: target.model, messages, tools })
      .finalChatCompletion();
    expect(single.choices[0]!.message.content).toBe('Checking.');
    expect(namesOf(single)).toEqual(['get_weather']);
    expect(argumentsOf(single)).toEqual([{ location: 'Paris', unit: 'c' }]);
    expect(single.choices[0]!.finish_reason).toBe('tool_calls');

    setup.upstream.enqueue({ kind: 'tools', calls: parallelCalls, argumentPieceSize: 2 });
    const stream = setup.openai.chat.completions.stream({ model: target.model, messages, tools });
    const pieces: string[] = [];
    stream.on('tool_calls.function.arguments.delta', ({ arguments_delta }) => pieces.push(arguments_delta));
    const final = await stream.finalChatCompletion();
    expect(namesOf(final)).toEqual(['get_weather', 'get_time']);
    expect(argumentsOf(final)).toEqual([{ location: 'Zürich', unit: 'c' }, { zone: 'Europe/Zurich' }]);
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    // Gemini sends each call whole; the others stream the arguments in pieces.
    expect(pieces.length).toBeGreaterThanOrEqual(target.kind === 'gemini' ? 2 : 10);

    setup.upstream.enqueue({ kind: 'tools', calls: parallelCalls });
    const raw = await setup.post('/v1/chat/completions', {
      model: target.model,
      messages,
      tools,
      stream: true,
    });
    expect(validateChatStream(raw.text, { jsonArguments: true })).toEqual([]);
  });

  it('streams reasoning as reasoning_content before the text, and maps a max_tokens stop to length', async () => {
    setup.upstream.enqueue({ kind: 'reasoning', reasoning: 'User wants weather.', text: 'Sunny.' });
    const raw = await setup.post('/v1/chat/completions', { model: target.model, messages, stream: true });
    expect(validateChatStream(raw.text)).toEqual([]);
    const content = streamContent('chat', raw.text);
    expect([content.reasoning, content.text, content.stop]).toEqual([
      'User wants weather.',
      'Sunny.',
      'stop',
    ]);

    setup.upstream.enqueue({ kind: 'text', text: 'Cut sho', stopReason: 'max_tokens' });
    const cut = await setup.openai.chat.completions
      .stream({ model: target.model, messages, max_tokens: 3 })
      .finalChatCompletion();
    expect(cut.choices[0]!.finish_reason).toBe('length');
    setup.upstream.enqueue({ kind: 'text', text: 'Cut sho', stopReason: 'max_tokens' });
    const json = await setup.openai.chat.completions.create({ model: target.model, messages, max_tokens: 3 });
    expect(json.choices[0]!.finish_reason).toBe('length');
  });

  it('replays an assistant tool call and its result upstream in the family shape', async () => {
    setup.upstream.enqueue({ kind: 'text', text: 'It is sunny in Paris.' });
    const completion = await setup.openai.chat.completions.create({
      model: target.model,
      tools,
      messages: [
        ...messages,
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_abc123',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_abc123', content: 'Sunny, 21 C' },
      ],
    });
    expect(completion.choices[0]!.message.content).toBe('It is sunny in Paris.');
    expectWeatherRoundTrip(setup.lastGeneration(), target, 'call_abc123');
  });

  it('answers an upstream 429 before the first byte as RateLimitError, and 400 as BadRequestError', async () => {
    setup.upstream.enqueue({ fault: 'status', status: 429, headers: { 'retry-after': '7' } });
    const limited = await setup.openai.chat.completions
      .create({ model: target.model, messages })
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7');

    setup.upstream.enqueue({ fault: 'status', status: 400 });
    const bad = await setup.openai.chat.completions
      .stream({ model: target.model, messages })
      .finalChatCompletion()
      .catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect((bad as Error).message).toContain('Mock upstream error 400');
    const body = JSON.parse((await failRaw(400)).text);
    expect(body.error).toMatchObject({ type: 'invalid_request_error' });
  });

  it('ends a stream the upstream drops mid-way with an in-band error the SDK throws, never a hang', async () => {
    const scenario = { kind: 'text' as const, text: 'This answer will be cut off somewhere in the middle.' };
    setup.upstream.enqueue({ fault: 'drop-mid-stream', afterEvents: 3, scenario });
    const stream = setup.openai.chat.completions.stream({ model: target.model, messages });
    const error = await stream.finalChatCompletion().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);

    setup.upstream.enqueue({ fault: 'drop-mid-stream', afterEvents: 3, scenario });
    const raw = await setup.post('/v1/chat/completions', { model: target.model, messages, stream: true });
    expect(raw.status).toBe(200);
    expect(raw.text).toMatch(/"error":\{/);
    expect(validateChatStream(raw.text)).toEqual([]);
  });

  async function failRaw(status: number) {
    setup.upstream.enqueue({ fault: 'status', status });
    return setup.post('/v1/chat/completions', { model: target.model, messages });
  }
});
