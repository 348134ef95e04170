/**
 * Tool-call ids across families: a Gemini 3 function call's `thoughtSignature`
 * must come back on replay ("Function call is missing a thought_signature",
 * protocols.md 2.6) although chat, Responses and Anthropic clients only return
 * the call id; and ids longer than OpenAI chat accepts (40) are shortened
 * consistently for the call and its result.
 */
import { describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import type Anthropic from '@anthropic-ai/sdk';
import { upstreamToolRoundTrip } from './__fixtures__/protocol-harness.ts';
import { useProtocolHarness } from './__fixtures__/use-protocol-harness.ts';

/** Every stream the SDKs receive is grammar-checked as well. */
const setup = useProtocolHarness({
  // A Gemini 3 model, whose function calls carry a thoughtSignature.
  prepare: (harness) =>
    harness.gateway.addModel({
      upstreamUrl: harness.upstream.url,
      protocol: 'gemini',
      name: 'via-gemini-3',
      upstreamModel: 'gemini-3-pro-preview',
    }),
});

const signature = 'CiQBcsjafQ+long/opaque=signature==';
const weather = { name: 'get_weather', arguments: '{"location":"Paris"}', thoughtSignature: signature };
const weatherSchema = { type: 'object', properties: { location: { type: 'string' } } };

/** Each client protocol: run one tool turn (stream or not), then send the call and its result back. */
const clients = [
  {
    name: 'chat',
    async loop(model: string, stream: boolean): Promise<string> {
      const tools = [
        { type: 'function' as const, function: { name: 'get_weather', parameters: weatherSchema } },
      ];
      const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
        { role: 'user', content: 'Weather?' },
      ];
      const first = stream
        ? await setup.openai.chat.completions.stream({ model, messages, tools }).finalChatCompletion()
        : await setup.openai.chat.completions.create({ model, messages, tools });
      const call = first.choices[0]!.message.tool_calls![0]!;
      await setup.openai.chat.completions.create({
        model,
        tools,
        messages: [
          ...messages,
          first.choices[0]!.message,
          { role: 'tool', tool_call_id: call.id, content: 'Sunny' },
        ],
      });
      return call.id;
    },
  },
  {
    name: 'responses',
    async loop(model: string, stream: boolean): Promise<string> {
      const tools = [
        { type: 'function' as const, name: 'get_weather', parameters: weatherSchema, strict: false },
      ];
      const first = stream
        ? await setup.openai.responses.stream({ model, input: 'Weather?', tools }).finalResponse()
        : await setup.openai.responses.create({ model, input: 'Weather?', tools });
      const output: OpenAI.Responses.ResponseOutputItem[] = first.output;
      const call = output.find(
        (item) => item.type === 'function_call',
      ) as OpenAI.Responses.ResponseFunctionToolCall;
      await setup.openai.responses.create({
        model,
        tools,
        input: [
          { role: 'user', content: 'Weather?' },
          { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
          { type: 'function_call_output', call_id: call.call_id, output: 'Sunny' },
        ],
      });
      return call.call_id;
    },
  },
  {
    name: 'messages',
    async loop(model: string, stream: boolean): Promise<string> {
      const tools: Anthropic.Tool[] = [
        { name: 'get_weather', input_schema: weatherSchema as Anthropic.Tool.InputSchema },
      ];
      const request = {
        model,
        max_tokens: 256,
        tools,
        messages: [{ role: 'user' as const, content: 'Weather?' }],
      };
      const first = stream
        ? await setup.anthropic.messages.stream(request).finalMessage()
        : await setup.anthropic.messages.create(request);
      const use = first.content.find((block) => block.type === 'tool_use')!;
      await setup.anthropic.messages.create({
        ...request,
        messages: [
          ...request.messages,
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'Sunny' }] },
        ],
      });
      return use.id;
    },
  },
];

describe.each(clients)('a $name client', (client) => {
  it.each([false, true])(
    'brings a Gemini function call signature back on replay (stream: %s)',
    async (stream) => {
      setup.upstream.enqueue({ kind: 'tools', calls: [weather] }, { kind: 'text', text: 'Sunny.' });
      const id = await client.loop('via-gemini-3', stream);
      expect(id).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
      const replay = setup.lastGeneration().body;
      const modelCall = replay.contents
        .find((content: any) => content.role === 'model')
        .parts.find((part: any) => part.functionCall);
      expect(modelCall.thoughtSignature).toBe(signature);
      const trip = upstreamToolRoundTrip('gemini', replay);
      expect([trip.call.id, trip.result.id]).toEqual([id, id]);
    },
  );

  it('puts the documented fallback on a Gemini 3 call whose signature was lost', async () => {
    setup.upstream.enqueue({ kind: 'text', text: 'ok' });
    await replayTo(client.name, 'via-gemini-3', 'call_from_another_model');
    const parts = setup.lastGeneration().body.contents.flatMap((content: any) => content.parts);
    expect(parts.find((part: any) => part.functionCall).thoughtSignature).toBe(
      'skip_thought_signature_validator',
    );
    // Gemini before 3 does not validate signatures: nothing is invented there.
    setup.upstream.enqueue({ kind: 'text', text: 'ok' });
    await replayTo(client.name, 'via-gemini', 'call_from_another_model');
    const older = setup.lastGeneration().body.contents.flatMap((content: any) => content.parts);
    expect(older.find((part: any) => part.functionCall).thoughtSignature).toBeUndefined();
  });
});

// Chat clients reach an OpenAI chat upstream by pass-through; Responses and Anthropic clients are translated.
describe.each(clients.filter((client) => client.name !== 'chat'))('a $name client', (client) => {
  it('gets an id longer than OpenAI chat accepts shortened, consistently for the call and its result', async () => {
    setup.upstream.enqueue({ kind: 'text', text: 'ok' });
    const longId = `call_${'x'.repeat(60)}`;
    await replayTo(client.name, 'via-openai', longId);
    const trip = upstreamToolRoundTrip('openai-chat', setup.lastGeneration().body);
    expect(trip.call.id).toBe(trip.result.id);
    expect(trip.call.id!.length).toBeLessThanOrEqual(40);
    // Ids that fit pass unchanged.
    setup.upstream.enqueue({ kind: 'text', text: 'ok' });
    await replayTo(client.name, 'via-openai', 'call_short_1');
    expect(upstreamToolRoundTrip('openai-chat', setup.lastGeneration().body).call.id).toBe('call_short_1');
  });
});

/** Send a finished tool turn with `id` in `protocol` to `model`. */
async function replayTo(protocol: string, model: string, id: string): Promise<void> {
  if (protocol === 'chat') {
    await setup.openai.chat.completions.create({
      model,
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id, type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } },
          ],
        },
        { role: 'tool', tool_call_id: id, content: 'Sunny' },
      ],
    });
  } else if (protocol === 'responses') {
    await setup.openai.responses.create({
      model,
      input: [
        { role: 'user', content: 'Weather?' },
        { type: 'function_call', call_id: id, name: 'get_weather', arguments: '{"location":"Paris"}' },
        { type: 'function_call_output', call_id: id, output: 'Sunny' },
      ],
    });
  } else {
    await setup.anthropic.messages.create({
      model,
      max_tokens: 64,
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id, name: 'get_weather', input: { location: 'Paris' } }],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'Sunny' }] },
      ],
    });
  }
}
