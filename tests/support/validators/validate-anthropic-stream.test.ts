import { describe, expect, it } from 'vitest';
import { assertValidAnthropicStream, StreamGrammarError } from '../stream-validators.ts';
import { readWireCapture } from '../wire-captures.ts';
import { captureEvents, type EditableEvent, toSseText } from './stream-fixtures.ts';
import { validateAnthropicStream } from './validate-anthropic-stream.ts';

/*
 * Capture events: 0 message_start, 1 thinking start, 2 ping, 3-4 thinking deltas, 5 signature,
 * 6 stop, 7 text start, 8-9 text deltas, 10 stop, 11 tool_use start, 12-14 input_json deltas,
 * 15 stop, 16 message_delta, 17 message_stop.
 */
function broken(edit: (events: EditableEvent[]) => void): string {
  const events = captureEvents('anthropic');
  edit(events);
  return toSseText(events);
}

const data = (events: EditableEvent[], index: number) => events[index]!.data as Record<string, any>;

describe('validateAnthropicStream', () => {
  it('accepts the reference capture, with CRLF and comment lines too', () => {
    const text = readWireCapture('anthropic');
    expect(validateAnthropicStream(text)).toEqual([]);
    expect(validateAnthropicStream(`: keepalive\n\n${text.replace(/\n/g, '\r\n')}`)).toEqual([]);
    expect(() => assertValidAnthropicStream(text)).not.toThrow();
  });

  it.each<[string, (events: EditableEvent[]) => void, string]>([
    [
      'data-only events',
      (events) => events.forEach((event) => delete event.event),
      'event line undefined does not equal type',
    ],
    [
      'an event line that differs from type',
      (events) => (events[8]!.event = 'content_block_start'),
      'does not equal type',
    ],
    ['no message_start', (events) => events.shift(), 'no message_start'],
    [
      'a second message_start',
      (events) => events.splice(2, 0, structuredClone(events[0]!)),
      'message_start repeated',
    ],
    [
      'message_start without usage',
      (events) => delete data(events, 0).message.usage,
      'message.usage missing',
    ],
    ['zero input tokens', (events) => (data(events, 0).message.usage.input_tokens = 0), 'input_tokens is 0'],
    ['a block index that skips', (events) => (data(events, 7).index = 2), 'index 2, expected 1'],
    ['a delta to an unknown index', (events) => (data(events, 8).index = 5), 'which is not the open block'],
    [
      'a block started before the previous stopped',
      (events) => events.splice(10, 1),
      'block 1 was not stopped',
    ],
    [
      'a text_delta into a tool_use block',
      (events) => (data(events, 13).delta = { type: 'text_delta', text: 'x' }),
      'does not match block type tool_use',
    ],
    [
      'a thinking_delta into a text block',
      (events) => (data(events, 8).delta = { type: 'thinking_delta', thinking: 'x' }),
      'does not match block type text',
    ],
    [
      'partial_json that does not parse',
      (events) => (data(events, 14).delta.partial_json = 'is"'),
      'does not parse to a JSON object',
    ],
    [
      'a tool_use id with bad characters',
      (events) => (data(events, 11).content_block.id = 'call.1'),
      'is not ^[a-zA-Z0-9_-]+$',
    ],
    ['no message_delta', (events) => events.splice(16, 1), 'without a message_delta'],
    ['message_delta without usage', (events) => delete data(events, 16).usage, 'usage.output_tokens missing'],
    [
      'an unknown stop_reason',
      (events) => (data(events, 16).delta.stop_reason = 'stop'),
      'is not a known value',
    ],
    [
      'end_turn despite a tool call',
      (events) => (data(events, 16).delta.stop_reason = 'end_turn'),
      'stop_reason is "end_turn"',
    ],
    ['a block left open at message_delta', (events) => events.splice(15, 1), 'still open at message_delta'],
    ['no message_stop', (events) => events.pop(), 'does not end with message_stop'],
    [
      'an event after message_stop',
      (events) => events.push({ event: 'ping', data: { type: 'ping' } }),
      'event after message_stop',
    ],
    [
      'an event after an error',
      (events) =>
        events.splice(9, 0, {
          event: 'error',
          data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
        }),
      'event after error',
    ],
    [
      'the musistudio error shape',
      (events) =>
        events.splice(9, 9, {
          event: 'error',
          data: { type: 'error', message: { type: 'api_error', message: 'x' } },
        }),
      'error event is not',
    ],
    [
      'an unknown event type',
      (events) => events.splice(2, 0, { event: 'content_block_ping', data: { type: 'content_block_ping' } }),
      'unknown event type',
    ],
    ['a [DONE] line', (events) => events.push({ data: '[DONE]' }), 'not a JSON object'],
  ])('flags %s', (_name, edit, expected) => {
    expect(validateAnthropicStream(broken(edit)).join('\n')).toContain(expected);
  });

  it('allows zero input tokens only when asked to', () => {
    const text = broken((events) => (data(events, 0).message.usage.input_tokens = 0));
    expect(validateAnthropicStream(text, { allowZeroInputTokens: true })).toEqual([]);
  });

  it('accepts a stream ended by a well-formed error event', () => {
    const text = broken((events) =>
      events.splice(9, 9, {
        event: 'error',
        data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      }),
    );
    expect(validateAnthropicStream(text)).toEqual([]);
  });

  it('throws with the list from the assert wrapper', () => {
    expect(() => assertValidAnthropicStream(broken((events) => events.pop()))).toThrow(StreamGrammarError);
  });
});
