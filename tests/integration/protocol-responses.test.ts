/**
 * Protocol fidelity, inbound Responses: the official `openai` SDK against an
 * OpenAI-chat, Anthropic and Gemini upstream (translated) and an OpenAI
 * provider with `responsesApi: true` (pass-through), non-stream and stream,
 * text, parallel tool calls in many pieces, and errors. Every stream the
 * gateway emits is also read raw and checked by the strict validator.
 */
import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { validateResponsesStream } from '../support/stream-validators.ts';
import { streamContent } from './__fixtures__/stream-content.ts';
import { interleavedToolStream, rawChat } from './__fixtures__/raw-upstream-streams.ts';
import {
  crossUpstreams,
  parallelCalls,
  responsesUpstream,
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

const tools: OpenAI.Responses.FunctionTool[] = [
  { type: 'function', name: 'get_weather', parameters: weatherSchema, strict: false },
  { type: 'function', name: 'get_time', parameters: timeSchema, strict: false },
];
const input: OpenAI.Responses.ResponseInput = [
  { role: 'user', content: [{ type: 'input_text', text: 'Weather and time in Zürich?' }] },
];
const instructions = 'Be brief.';

function calls(response: OpenAI.Responses.Response): Array<{ name: string; args: unknown; callId: string }> {
  return response.output
    .filter((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call')
    .map((item) => ({ name: item.name, args: JSON.parse(item.arguments), callId: item.call_id }));
}

describe.each([...crossUpstreams, responsesUpstream])('inbound responses -> $kind upstream', (target) => {
  it('answers a non-stream text request with the usage in Responses semantics', async () => {
    setup.upstream.enqueue({ kind: 'text', text: 'Sunny, 21 °C.', usage: scenarioUsage });
    const response = await setup.openai.responses.create({ model: target.model, input, instructions });
    expect(response.output_text).toBe('Sunny, 21 °C.');
    expect(response.status).toBe('completed');
    expect(response.usage).toMatchObject({ input_tokens: 40, output_tokens: 12, total_tokens: 52 });
    expect(response.usage?.input_tokens_details.cached_tokens).toBe(10);
    const received = setup.lastGeneration();
    expectUpstreamRequest(received, target, 'Weather and time in Zürich?');
    // The instructions reach the upstream as its system prompt.
    expect(JSON.stringify(received.body)).toContain('Be brief.');
  });

  it('streams text through responses.stream() and a valid raw stream', async () => {
    setup.upstream.enqueue({ kind: 'text', text: 'Grüße aus Zürich, 21 °C 🌞.', usage: scenarioUsage });
    const checkedBefore = setup.streams.checked;
    const stream = setup.openai.responses.stream({ model: target.model, input, instructions });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(setup.streams.checked).toBe(checkedBefore + 1); // the SDK's own stream was grammar-checked
    expect(final.output_text).toBe('Grüße aus Zürich, 21 °C 🌞.');
    expect(deltas.join('')).toBe('Grüße aus Zürich, 21 °C 🌞.');
    expect(deltas.length).toBeGreaterThan(1);
    expect(final.status).toBe('completed');
    expect(final.usage).toMatchObject({ input_tokens: 40, output_tokens: 12 });
    expect(final.usage?.input_tokens_details.cached_tokens).toBe(10);
    expectUpstreamStreamRequest(setup.lastGeneration(), target);

    setup.upstream.enqueue({ kind: 'text', text: 'Grüße aus Zürich 🌞', usage: scenarioUsage });
    const raw = await setup.post('/v1/responses', { model: target.model, input, stream: true });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(validateResponsesStream(raw.text)).toEqual([]);
  });

  it('answers parallel tool calls non-stream as function_call items, with the tools translated upstream', async () => {
    setup.upstream.enqueue({ kind: 'tools', calls: parallelCalls, usage: scenarioUsage });
    const response = await setup.openai.responses.create({ model: target.model, input, tools });
    expect(response.status).toBe('completed');
    const made = calls(response);
    expect(made.map((call) => call.name)).toEqual(['get_weather', 'get_time']);
    expect(made.map((call) => call.args)).toEqual([
      { location: 'Zürich', unit: 'c' },
      { zone: 'Europe/Zurich' },
    ]);
    expect(new Set(made.map((call) => call.callId)).size).toBe(2);
    expect(upstreamToolNames(target.kind, setup.lastGeneration().body)).toEqual(['get_weather', 'get_time']);
  });

  it('streams a single tool call and parallel tool calls whose arguments arrive in many pieces', async () => {
    setup.upstream.enqueue({
      kind: 'tools',
      text: 'Checking.',
      calls: [{ name: 'get_weather', arguments: '{"location": "Paris", "unit": "c"}' }],
    });
    const single = await setup.openai.responses.stream({ model: target.model, input, tools }).finalResponse();
    expect(single.output_text).toBe('Checking.');
    expect(calls(single).map((call) => [call.name, call.args])).toEqual([
      ['get_weather', { location: 'Paris', unit: 'c' }],
    ]);

    setup.upstream.enqueue({ kind: 'tools', calls: parallelCalls, argumentPieceSize: 2 });
    const stream = setup.openai.responses.stream({ model: target.model, input, tools });
    const pieces: string[] = [];
    stream.on('response.function_call_arguments.delta', (event) => pieces.push(event.delta));
    const final = await stream.finalResponse();
    expect(calls(final).map((call) => call.name)).toEqual(['get_weather', 'get_time']);
    expect(calls(final).map((call) => call.args)).toEqual([
      { location: 'Zürich', unit: 'c' },
      { zone: 'Europe/Zurich' },
    ]);
    expect(final.status).toBe('completed');
    expect(pieces.length).toBeGreaterThanOrEqual(target.kind === 'gemini' ? 2 : 10);

    setup.upstream.enqueue({ kind: 'tools', calls: parallelCalls });
    const raw = await setup.post('/v1/responses', { model: target.model, input, tools, stream: true });
    expect(validateResponsesStream(raw.text)).toEqual([]);
  });

  it('streams reasoning as a reasoning item before the message, and maps a max_tokens stop to incomplete', async () => {
    setup.upstream.enqueue({ kind: 'reasoning', reasoning: 'User wants weather.', text: 'Sunny.' });
    const final = await setup.openai.responses.stream({ model: target.model, input }).finalResponse();
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(final.output_text).toBe('Sunny.');
    setup.upstream.enqueue({ kind: 'reasoning', reasoning: 'User wants weather.', text: 'Sunny.' });
    const raw = await setup.post('/v1/responses', { model: target.model, input, stream: true });
    expect(validateResponsesStream(raw.text)).toEqual([]);
    expect(streamContent('responses', raw.text).reasoning).toBe('User wants weather.');

    for (const stream of [true, false]) {
      setup.upstream.enqueue({ kind: 'text', text: 'Cut sho', stopReason: 'max_tokens' });
      const cut = stream
        ? await setup.openai.responses
            .stream({ model: target.model, input, max_output_tokens: 16 })
            .finalResponse()
        : await setup.openai.responses.create({ model: target.model, input, max_output_tokens: 16 });
      expect(cut.status).toBe('incomplete');
      expect(cut.incomplete_details?.reason).toBe('max_output_tokens');
      expect(cut.output_text).toBe('Cut sho');
    }
  });

  it('replays a function_call and its output upstream in the family shape', async () => {
    setup.upstream.enqueue({ kind: 'text', text: 'It is sunny in Paris.' });
    const response = await setup.openai.responses.create({
      model: target.model,
      tools,
      input: [
        ...input,
        {
          type: 'function_call',
          call_id: 'call_abc123',
          name: 'get_weather',
          arguments: '{"location":"Paris"}',
        },
        { type: 'function_call_output', call_id: 'call_abc123', output: 'Sunny, 21 C' },
      ],
    });
    expect(response.output_text).toBe('It is sunny in Paris.');
    expectWeatherRoundTrip(setup.lastGeneration(), target, 'call_abc123');
  });

  it('answers an upstream 429 before the first byte as RateLimitError, and 400 as BadRequestError', async () => {
    setup.upstream.enqueue({ fault: 'status', status: 429, headers: { 'retry-after': '7' } });
    const limited = await setup.openai.responses
      .create({ model: target.model, input })
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7');

    setup.upstream.enqueue({ fault: 'status', status: 400 });
    const bad = await setup.openai.responses
      .stream({ model: target.model, input })
      .finalResponse()
      .catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect((bad as Error).message).toContain('Mock upstream error 400');
  });

  it('ends a stream the upstream drops mid-way with error + response.failed, never a hang', async () => {
    const scenario = { kind: 'text' as const, text: 'This answer will be cut off somewhere in the middle.' };
    setup.upstream.enqueue({ fault: 'drop-mid-stream', afterEvents: 4, scenario });
    const error = await setup.openai.responses
      .stream({ model: target.model, input })
      .finalResponse()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);

    setup.upstream.enqueue({ fault: 'drop-mid-stream', afterEvents: 4, scenario });
    const raw = await setup.post('/v1/responses', { model: target.model, input, stream: true });
    expect(raw.status).toBe(200);
    expect(raw.text).toContain('event: response.failed');
    expect(validateResponsesStream(raw.text)).toEqual([]);
    // The failure names the response the client saw being created (pass-through included).
    const responseIds = raw.text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as { type: string; response?: { id: string } })
      .filter((event) => event.type === 'response.created' || event.type === 'response.failed')
      .map((event) => event.response?.id);
    expect(responseIds).toHaveLength(2);
    expect(responseIds[1]).toBe(responseIds[0]);
  });
});

describe('an OpenAI-compatible upstream that interleaves parallel calls and resumes text mid-call', () => {
  it('still gives every function_call its whole arguments, one item at a time', async () => {
    setup.upstream.enqueue(rawChat(interleavedToolStream));
    const raw = await setup.post('/v1/responses', { model: 'via-openai', input, tools, stream: true });
    expect(validateResponsesStream(raw.text)).toEqual([]);
    setup.upstream.enqueue(rawChat(interleavedToolStream));
    const final = await setup.openai.responses.stream({ model: 'via-openai', input, tools }).finalResponse();
    expect(calls(final).map((call) => [call.name, call.args])).toEqual([
      ['get_weather', { location: 'Paris' }],
      ['get_time', { zone: 'UTC' }],
    ]);
    expect(final.output_text).toBe('Looking it up.');
  });
});
