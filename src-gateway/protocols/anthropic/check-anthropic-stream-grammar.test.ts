import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkAnthropicStreamGrammar } from './check-anthropic-stream-grammar.ts';

/** The shared captures live beside the repository: <repo>/../shared/data/wire. */
const captureUrl = new URL('../../../../shared/data/wire/anthropic.txt', import.meta.url);

const frame = (data: Record<string, unknown>, event = String(data.type)) =>
  `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const start = frame({ type: 'message_start', message: { usage: { input_tokens: 5, output_tokens: 1 } } });
const ending =
  frame({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }) +
  frame({ type: 'message_stop' });

describe('checkAnthropicStreamGrammar', () => {
  it('accepts the reference capture', () => {
    const capture = readFileSync(captureUrl, 'utf8');
    expect(checkAnthropicStreamGrammar(capture).errors).toEqual([]);
  });

  it('rejects a thinking_delta into a text block (litellm#33224)', () => {
    const sse =
      start +
      frame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
      frame({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'x' } }) +
      frame({ type: 'content_block_stop', index: 0 }) +
      ending;
    expect(checkAnthropicStreamGrammar(sse).errors).toEqual(['thinking_delta into a text block']);
  });

  it('rejects a delta for a block that is not open, a missing event line and unparsable tool input', () => {
    const sse =
      start +
      `data: ${JSON.stringify({ type: 'ping' })}\n\n` +
      frame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x' } }) +
      frame({
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 't', name: 'n', input: {} },
      }) +
      frame({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"a":' },
      }) +
      frame({ type: 'content_block_stop', index: 0 }) +
      ending;
    const errors = checkAnthropicStreamGrammar(sse).errors;
    expect(errors).toHaveLength(3);
    expect(errors[0]).toContain("event line 'undefined'");
    expect(errors[1]).toContain('delta for block 0 while open block is none');
    expect(errors[2]).toContain('does not parse');
  });

  it('rejects a stream without message_stop', () => {
    expect(checkAnthropicStreamGrammar(start).errors).toContain(
      'stream does not end with message_stop or error',
    );
  });
});
