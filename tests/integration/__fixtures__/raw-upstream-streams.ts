/**
 * Hand-built upstream streams with the quirks real vendors were caught sending
 * (protocols.md 2.10), served by the mock's `raw` fault.
 */
import type { MockReply } from '../../support/mock-upstream.ts';

/** One chat chunk around `choices[0]` (or no choices when `choice` is null). */
export function chatChunk(choice: Record<string, unknown> | null, extra: Record<string, unknown> = {}): string {
  const body = {
    id: 'chatcmpl-quirk',
    object: 'chat.completion.chunk',
    created: 1764280000,
    model: 'quirky-model',
    choices: choice === null ? [] : [{ index: 0, logprobs: null, finish_reason: null, ...choice }],
    ...extra,
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

/** A chat SSE answer from the given chunks, `[DONE]` appended. */
export function rawChat(chunks: string[]): MockReply {
  return { fault: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, chunks: [...chunks, 'data: [DONE]\n\n'] };
}

/** Responses SSE frames from `{type, ...}` events (event lines and sequence numbers added). */
export function responsesFrames(events: Array<Record<string, unknown>>): string[] {
  return events.map(
    (event, index) => `event: ${String(event.type)}\ndata: ${JSON.stringify({ ...event, sequence_number: index })}\n\n`,
  );
}

/** A Responses SSE answer from `{type, ...}` events (event lines and sequence numbers added). */
export function rawResponses(events: Array<Record<string, unknown>>): MockReply {
  return { fault: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, chunks: responsesFrames(events) };
}

const call = (index: number, fields: Record<string, unknown>) => ({ delta: { tool_calls: [{ index, ...fields }] } });

/**
 * An OpenAI-compatible stream (qwen/glm/grok style) that interleaves two tool
 * calls' argument deltas, resumes text after the tools began, and says
 * `finish_reason: "stop"` although it called tools (ollama#7963).
 */
export const interleavedToolStream: string[] = [
  chatChunk({ delta: { role: 'assistant', content: '' } }),
  chatChunk({ delta: { content: 'Looking ' } }),
  chatChunk(call(0, { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } })),
  chatChunk({ delta: { content: 'it up.' } }),
  chatChunk(call(1, { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } })),
  chatChunk(call(0, { function: { arguments: '{"location":' } })),
  chatChunk(call(1, { function: { arguments: '{"zone":' } })),
  chatChunk(call(0, { function: { arguments: ' "Paris"}' } })),
  chatChunk(call(1, { function: { arguments: ' "UTC"}' } })),
  chatChunk({ delta: {}, finish_reason: 'stop' }),
];

/** Reasoning, then text, then more reasoning after the text began (litellm#33224 trigger). */
export const reasoningAfterTextStream: string[] = [
  chatChunk({ delta: { role: 'assistant', content: null, reasoning_content: 'First thought. ' } }),
  chatChunk({ delta: { content: 'Answer part one. ' } }),
  chatChunk({ delta: { reasoning_content: 'Second thought.' } }),
  chatChunk({ delta: { content: 'Answer part two.' } }),
  chatChunk({ delta: {}, finish_reason: 'stop' }),
];

/** Usage only on a trailing chunk shaped `choices:[{delta:{}}]` after the finish chunk (OmniRoute#9750). */
export const lateUsageStream: string[] = [
  chatChunk({ delta: { role: 'assistant', content: 'Counted.' } }),
  chatChunk({ delta: {}, finish_reason: 'stop' }),
  chatChunk(
    { delta: {} },
    { usage: { prompt_tokens: 321, completion_tokens: 45, total_tokens: 366, prompt_tokens_details: { cached_tokens: 21 } } },
  ),
];

/** OpenAI-compatible vendor quirks the chat decoder must normalize (protocols.md 2.4). */
export const chatVendorQuirks: Record<string, string[]> = {
  // OpenRouter sent choices[].index 1 (musistudio/claude-code-router#129).
  'OpenRouter choice index 1': [
    chatChunk({ index: 1, delta: { role: 'assistant', content: 'Checking. ' } }),
    chatChunk({ index: 1, ...call(0, { id: 'call_o', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }) }),
    chatChunk({ index: 1, delta: {}, finish_reason: 'tool_calls' }),
  ],
  // LM Studio repeated name:"" on continuation deltas (lmstudio-bug-tracker#649).
  'LM Studio empty names on continuations': [
    chatChunk({ delta: { role: 'assistant', content: 'Checking. ' } }),
    chatChunk(call(0, { id: 'call_l', type: 'function', function: { name: 'get_weather', arguments: '' } })),
    chatChunk(call(0, { id: 'call_l', type: 'function', function: { name: '', arguments: '{"location":' } })),
    chatChunk(call(0, { function: { name: '', arguments: '"Paris"}' } })),
    chatChunk({ delta: {}, finish_reason: 'tool_calls' }),
  ],
  // one-api sent tool_calls deltas without index (songquanpeng/one-api StreamResponseClaude2OpenAI).
  'one-api deltas without index': [
    chatChunk({ delta: { role: 'assistant', content: 'Checking. ' } }),
    chatChunk({ delta: { tool_calls: [{ id: 'call_n', type: 'function', function: { name: 'get_weather', arguments: '{"location":' } }] } }),
    chatChunk({ delta: { tool_calls: [{ function: { arguments: '"Paris"}' } }] } }),
    chatChunk({ delta: {}, finish_reason: 'tool_calls' }),
  ],
  // Whole arguments in the first tool delta (maximhq/bifrost#1354), no [DONE] needed either.
  'arguments not streamed': [
    chatChunk({ delta: { role: 'assistant', content: 'Checking. ' } }),
    chatChunk(call(0, { id: 'call_w', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } })),
    chatChunk({ delta: {}, finish_reason: 'tool_calls' }),
  ],
};
