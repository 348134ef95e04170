/**
 * One regression test per user-reported gateway bug in protocols.md 2.10,
 * end to end through the real gateway wherever the route exists.
 */
import { expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import {
  parseSseText,
  validateAnthropicStream,
  validateChatStream,
  validateResponsesStream,
} from '../support/stream-validators.ts';
import { inboundCodecs, upstreamCodecs } from '../../src-gateway/protocols/registry.ts';
import { timeSchema, weatherSchema } from './__fixtures__/protocol-harness.ts';
import { useProtocolHarness } from './__fixtures__/use-protocol-harness.ts';
import {
  interleavedToolStream,
  lateUsageStream,
  rawChat,
  rawResponses,
  reasoningAfterTextStream,
  responsesFrames,
} from './__fixtures__/raw-upstream-streams.ts';
import { streamContent } from './__fixtures__/stream-content.ts';

/** Every stream the SDKs receive is grammar-checked as well. */
const setup = useProtocolHarness({
  skip: (path, model) =>
    (path.endsWith('/chat/completions') && model === 'via-openai') || model === 'via-responses',
});

const ask = {
  max_tokens: 256,
  messages: [{ role: 'user' as const, content: 'Weather in Paris, and the time?' }],
};
const anthropicTools: Anthropic.Tool[] = [
  { name: 'get_weather', input_schema: weatherSchema as Anthropic.Tool.InputSchema },
  { name: 'get_time', input_schema: timeSchema as Anthropic.Tool.InputSchema },
];
const messagesStream = (model: string, extra: Record<string, unknown> = {}) =>
  setup.post('/v1/messages', { model, ...ask, stream: true, ...extra });
const frames = (text: string) =>
  parseSseText(text).map((event) => ({ event: event.event, data: JSON.parse(event.data) }));

it('litellm#13373/#14315: Claude Code over an OpenAI-compatible upstream never gets a delta for a block that is not open', async () => {
  setup.upstream.enqueue(rawChat(interleavedToolStream));
  const raw = await messagesStream('via-openai', { tools: anthropicTools });
  expect(validateAnthropicStream(raw.text)).toEqual([]);
  const content = streamContent('messages', raw.text);
  expect(content.text).toBe('Looking it up.');
  expect(content.tools).toEqual([
    { name: 'get_weather', arguments: { location: 'Paris' } },
    { name: 'get_time', arguments: { zone: 'UTC' } },
  ]);
  setup.upstream.enqueue(rawChat(interleavedToolStream));
  const final = await setup.anthropic.messages
    .stream({ model: 'via-openai', ...ask, tools: anthropicTools })
    .finalMessage();
  // Text that resumes after a tool began goes into a new text block, never into the tool_use block.
  expect(final.content.filter((block) => block.type === 'tool_use').map((block) => block.name)).toEqual([
    'get_weather',
    'get_time',
  ]);
  expect(final.content.map((block) => (block.type === 'text' ? block.text : '')).join('')).toBe(
    'Looking it up.',
  );
});

it('litellm#33224: reasoning that resumes after text never lands in the text block', async () => {
  setup.upstream.enqueue(rawChat(reasoningAfterTextStream));
  const raw = await messagesStream('via-openai');
  expect(validateAnthropicStream(raw.text)).toEqual([]);
  const content = streamContent('messages', raw.text);
  expect(content.reasoning).toBe('First thought. Second thought.');
  expect(content.text).toBe('Answer part one. Answer part two.');
});

it('litellm#24176: message_start carries real input usage with both cache fields, message_stop is bare', async () => {
  setup.upstream.enqueue({ kind: 'text', text: 'Fine.', usage: { input: 500, output: 9, cacheRead: 100 } });
  const raw = await messagesStream('via-gemini');
  const events = frames(raw.text);
  const usage = events[0]!.data.message.usage;
  expect(usage.input_tokens).toBeGreaterThan(0);
  expect(typeof usage.cache_creation_input_tokens).toBe('number');
  expect(typeof usage.cache_read_input_tokens).toBe('number');
  expect(typeof usage.output_tokens).toBe('number');
  expect(events.at(-1)).toEqual({ event: 'message_stop', data: { type: 'message_stop' } });
  expect(validateAnthropicStream(raw.text)).toEqual([]);
});

it('litellm#13252: POST /v1/messages/count_tokens answers (with and without ?beta=true) instead of 404', async () => {
  const counted = await setup.anthropic.messages.countTokens({ model: 'via-openai', messages: ask.messages });
  expect(counted.input_tokens).toBeGreaterThan(0);
  const beta = await setup.anthropic.beta.messages.countTokens({
    model: 'via-openai',
    messages: ask.messages,
  });
  expect(beta.input_tokens).toBe(counted.input_tokens);
  const unauthorized = new Anthropic(setup.anthropicOptions('sk-wrong'));
  await expect(
    unauthorized.messages.countTokens({ model: 'via-openai', messages: ask.messages }),
  ).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
});

it('sgl-project/sglang#20678: message_start.input_tokens is not zero when the upstream reports usage only at the end', async () => {
  const longPrompt = 'Please summarise the following paragraph about the weather in Paris. '.repeat(20);
  setup.upstream.enqueue({ kind: 'text', text: 'Summary.', usage: { input: 280, output: 3 } });
  const raw = await setup.post('/v1/messages', {
    model: 'via-openai',
    max_tokens: 64,
    stream: true,
    messages: [{ role: 'user', content: longPrompt }],
  });
  expect(validateAnthropicStream(raw.text)).toEqual([]);
  const events = frames(raw.text);
  expect(events[0]!.data.message.usage.input_tokens).toBeGreaterThan(100);
  // The exact count follows in message_delta, which the SDK applies over the estimate.
  setup.upstream.enqueue({ kind: 'text', text: 'Summary.', usage: { input: 280, output: 3 } });
  const final = await setup.anthropic.messages
    .stream({ model: 'via-openai', max_tokens: 64, messages: [{ role: 'user', content: longPrompt }] })
    .finalMessage();
  expect(final.usage.input_tokens).toBe(280);
});

it('decolua/9router#2337: count_tokens counts tools, tool_use/tool_result and thinking blocks', async () => {
  const count = async (params: Partial<Anthropic.MessageCountTokensParams>) =>
    (
      await setup.anthropic.messages.countTokens({
        model: 'via-anthropic',
        messages: ask.messages,
        ...params,
      })
    ).input_tokens;
  const plain = await count({});
  expect(await count({ tools: anthropicTools })).toBeGreaterThan(plain);
  const toolTurn: Anthropic.MessageParam[] = [
    ...ask.messages,
    {
      role: 'assistant',
      content: [
        {
          type: 'tool_use',
          id: 'toolu_1',
          name: 'get_weather',
          input: { location: 'Paris', unit: 'c', note: 'x'.repeat(200) },
        },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: 'Sunny and 21 degrees. '.repeat(20) },
      ],
    },
  ];
  const withTools = await count({ messages: toolTurn });
  expect(withTools).toBeGreaterThan(plain + 100);
  const thinkingTurn: Anthropic.MessageParam[] = [
    ...ask.messages,
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Let me reason about this at length. '.repeat(20), signature: 'sig' },
        { type: 'text', text: 'Ok.' },
      ],
    },
    { role: 'user', content: 'Go on.' },
  ];
  expect(await count({ messages: thinkingTurn })).toBeGreaterThan(plain + 100);
});

/** The one call of the stream below, as `output_item.done` and `response.completed` carry it. */
const doneCall = {
  id: 'fc_q',
  type: 'function_call',
  status: 'completed',
  call_id: 'call_q',
  name: 'get_weather',
  arguments: '{"location":"Paris"}',
};
const doneOnlyEvents = [
  {
    type: 'response.created',
    response: { id: 'resp_q', object: 'response', status: 'in_progress', output: [] },
  },
  {
    type: 'response.output_item.added',
    output_index: 0,
    item: { ...doneCall, status: 'in_progress', arguments: '' },
  },
  {
    type: 'response.function_call_arguments.done',
    item_id: 'fc_q',
    output_index: 0,
    name: 'get_weather',
    arguments: '{"location":"Paris"}',
  },
  {
    type: 'response.output_item.done',
    output_index: 0,
    item: doneCall,
  },
  {
    type: 'response.completed',
    response: {
      id: 'resp_q',
      object: 'response',
      status: 'completed',
      output: [doneCall],
      usage: {
        input_tokens: 12,
        output_tokens: 4,
        total_tokens: 16,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens_details: { reasoning_tokens: 0 },
      },
    },
  },
];

it('litellm#27144: arguments sent only in function_call_arguments.done are not lost', async () => {
  // End to end: Responses pass-through to the SDK.
  setup.upstream.enqueue(rawResponses(doneOnlyEvents));
  const final = await setup.openai.responses
    .stream({ model: 'via-responses', input: 'Weather?' })
    .finalResponse();
  expect(final.output).toEqual([
    expect.objectContaining({ type: 'function_call', arguments: '{"location":"Paris"}' }),
  ]);
  // Translation: no client route reaches a Responses upstream in another protocol, so pipe the codecs directly.
  const sse = parseSseText(responsesFrames(doneOnlyEvents).join(''));
  for (const [name, inbound] of [
    ['chat', inboundCodecs.chat],
    ['anthropic', inboundCodecs.anthropic],
  ] as const) {
    const decoder = upstreamCodecs['openai-responses'].createStreamDecoder();
    const encoder = inbound.createStreamEncoder({
      requestId: 'req_q',
      model: 'm',
      created: 1,
      clientBody: { model: 'm', max_tokens: 64, messages: [{ role: 'user', content: 'Weather?' }] },
    });
    let out = '';
    for (const event of [...sse.flatMap((frame) => decoder.push(frame)), ...decoder.end()])
      out += encoder.push(event);
    out += encoder.end();
    const content = streamContent(name === 'chat' ? 'chat' : 'messages', out);
    expect(content.tools).toEqual([{ name: 'get_weather', arguments: { location: 'Paris' } }]);
    expect(name === 'chat' ? validateChatStream(out) : validateAnthropicStream(out)).toEqual([]);
  }
});

it('litellm#29254: a Responses stream translated from a DeepSeek-style chat upstream uses only standard events', async () => {
  setup.upstream.enqueue({
    kind: 'reasoning',
    reasoning: 'Think first.',
    text: 'Calling.',
    calls: [{ name: 'get_weather', arguments: '{"location":"Paris"}' }],
  });
  const raw = await setup.post('/v1/responses', { model: 'via-openai', input: 'Weather?', stream: true });
  // The validator rejects any event type the SDK and Codex do not know, and a missing event: line.
  expect(validateResponsesStream(raw.text)).toEqual([]);
  const types = frames(raw.text).map((frame) => frame.data.type as string);
  expect(types[0]).toBe('response.created');
  expect(types.at(-1)).toBe('response.completed');
});

it('justlovemaki/AIClient2API#471/#472: function_call items survive into response.completed; custom tools stream as custom_tool_call_input', async () => {
  setup.upstream.enqueue({
    kind: 'tools',
    calls: [{ name: 'get_weather', arguments: '{"location":"Paris"}' }],
  });
  const final = await setup.openai.responses
    .stream({
      model: 'via-anthropic',
      input: 'Weather?',
      tools: [{ type: 'function', name: 'get_weather', parameters: weatherSchema, strict: false }],
    })
    .finalResponse();
  expect(final.status).toBe('completed');
  expect(final.output.filter((item) => item.type === 'function_call')).toHaveLength(1);

  const patch = '*** Begin Patch\n*** Add File: a.txt\n+hello\n*** End Patch';
  setup.upstream.enqueue({
    kind: 'tools',
    calls: [{ name: 'apply_patch', arguments: JSON.stringify({ input: patch }) }],
  });
  const raw = await setup.post('/v1/responses', {
    model: 'via-openai',
    input: 'Add a file',
    stream: true,
    tools: [{ type: 'custom', name: 'apply_patch', description: 'Apply a patch' }],
  });
  expect(validateResponsesStream(raw.text)).toEqual([]);
  const events = frames(raw.text).map((frame) => frame.data);
  expect(events.some((event) => event.type === 'response.custom_tool_call_input.delta')).toBe(true);
  expect(events.some((event) => event.type === 'response.function_call_arguments.delta')).toBe(false);
  const completed = events.at(-1)!.response;
  expect(completed.status).toBe('completed');
  expect(completed.output).toEqual([
    expect.objectContaining({ type: 'custom_tool_call', name: 'apply_patch', input: patch }),
  ]);
  expect(setup.lastGeneration().body.tools[0].function.name).toBe('apply_patch');
});

it('ollama/ollama#7963: finish_reason "stop" with tool calls still ends as tool use', async () => {
  setup.upstream.enqueue(rawChat(interleavedToolStream));
  const message = await setup.anthropic.messages
    .stream({ model: 'via-openai', ...ask, tools: anthropicTools })
    .finalMessage();
  expect(message.stop_reason).toBe('tool_use');
  setup.upstream.enqueue(rawChat(interleavedToolStream));
  const response = await setup.openai.responses
    .stream({ model: 'via-openai', input: 'Weather?' })
    .finalResponse();
  expect(response.output.filter((item) => item.type === 'function_call')).toHaveLength(2);
  // Gemini says STOP beside its functionCall parts.
  setup.upstream.enqueue({
    kind: 'tools',
    calls: [{ name: 'get_weather', arguments: '{"location":"Paris"}' }],
  });
  const chat = await setup.openai.chat.completions
    .stream({ model: 'via-gemini', messages: [{ role: 'user', content: 'Weather?' }] })
    .finalChatCompletion();
  expect(chat.choices[0]!.finish_reason).toBe('tool_calls');
});

it('diegosouzapw/OmniRoute#9750: usage on a trailing chunk with choices:[{delta:{}}] is kept', async () => {
  setup.upstream.enqueue(rawChat(lateUsageStream));
  const message = await setup.anthropic.messages.stream({ model: 'via-openai', ...ask }).finalMessage();
  expect(message.usage).toMatchObject({ input_tokens: 300, output_tokens: 45, cache_read_input_tokens: 21 });
  setup.upstream.enqueue(rawChat(lateUsageStream));
  const response = await setup.openai.responses
    .stream({ model: 'via-openai', input: 'Count?' })
    .finalResponse();
  expect(response.usage).toMatchObject({ input_tokens: 321, output_tokens: 45 });
  setup.upstream.enqueue(rawChat(lateUsageStream));
  const chat = await setup.openai.chat.completions
    .stream({
      model: 'via-openai',
      messages: [{ role: 'user', content: 'Count?' }],
      stream_options: { include_usage: true },
    })
    .finalChatCompletion();
  expect(chat.usage).toMatchObject({ prompt_tokens: 321, completion_tokens: 45 });
  setup.gateway.internals.flushLogs();
  const row = setup.gateway.database
    .prepare('SELECT input_tokens, output_tokens FROM request_logs ORDER BY started_at DESC LIMIT 1')
    .get();
  expect(row).toEqual({ input_tokens: 321, output_tokens: 45 });
});
