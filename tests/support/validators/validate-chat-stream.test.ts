import { describe, expect, it } from 'vitest';
import { readWireCapture } from '../wire-captures.ts';
import { assertValidChatStream, StreamGrammarError } from '../stream-validators.ts';
import { captureEvents, type EditableEvent, toSseText } from './stream-fixtures.ts';
import { validateChatStream } from './validate-chat-stream.ts';

/** Capture events: 0 role, 1-2 text, 3 tool start, 4-5 tool args, 6 finish, 7 usage, 8 [DONE]. */
function broken(edit: (events: EditableEvent[]) => void): string {
  const events = captureEvents('chat');
  edit(events);
  return toSseText(events);
}

const chunk = (events: EditableEvent[], index: number) => events[index]!.data as Record<string, any>;

describe('validateChatStream', () => {
  it('accepts the reference capture, with or without event lines and CRLF', () => {
    const text = readWireCapture('chat');
    expect(validateChatStream(text, { expectUsage: true })).toEqual([]);
    expect(validateChatStream(text)).toEqual([]);
    expect(validateChatStream(text.replace(/\n/g, '\r\n'), { expectUsage: true })).toEqual([]);
    expect(() => assertValidChatStream(text)).not.toThrow();
  });

  it.each<[string, (events: EditableEvent[]) => void, string]>([
    ['missing role', (events) => delete chunk(events, 0).choices[0].delta.role, 'no role "assistant"'],
    [
      'tool delta without index',
      (events) => delete chunk(events, 4).choices[0].delta.tool_calls[0].index,
      'without a numeric index',
    ],
    [
      'tool start without type',
      (events) => delete chunk(events, 3).choices[0].delta.tool_calls[0].type,
      'no type "function"',
    ],
    [
      'tool start without id',
      (events) => delete chunk(events, 3).choices[0].delta.tool_calls[0].id,
      'has no id',
    ],
    [
      'tool start without name',
      (events) => delete chunk(events, 3).choices[0].delta.tool_calls[0].function.name,
      'no function.name',
    ],
    [
      'changing tool id',
      (events) => (chunk(events, 5).choices[0].delta.tool_calls[0].id = 'call_Other'),
      'id changed',
    ],
    [
      'skipped tool index',
      (events) => (chunk(events, 3).choices[0].delta.tool_calls[0].index = 1),
      'skips index 0',
    ],
    [
      'arguments that are not JSON',
      (events) => (chunk(events, 5).choices[0].delta.tool_calls[0].function.arguments = 'is"'),
      'do not parse',
    ],
    ['no finish_reason', (events) => events.splice(6, 1), 'has no finish_reason'],
    [
      'two finish_reasons',
      (events) => events.splice(6, 0, structuredClone(events[6]!)),
      "after this choice's finish_reason",
    ],
    [
      'unknown finish_reason',
      (events) => (chunk(events, 6).choices[0].finish_reason = 'tool_use'),
      'unknown finish_reason',
    ],
    [
      'stop despite tool calls',
      (events) => (chunk(events, 6).choices[0].finish_reason = 'stop'),
      'finished with stop, not tool_calls',
    ],
    ['different id', (events) => (chunk(events, 2).id = 'chatcmpl-Other'), 'id "chatcmpl-Other" differs'],
    ['different created', (events) => (chunk(events, 2).created = 1), 'created 1 differs'],
    ['different model', (events) => (chunk(events, 2).model = 'other'), 'model "other" differs'],
    [
      'wrong object',
      (events) => (chunk(events, 1).object = 'chat.completion'),
      'not "chat.completion.chunk"',
    ],
    [
      'usage chunk with choices',
      (events) => chunk(events, 7).choices.push({ index: 0, delta: {}, finish_reason: null }),
      'must have choices: []',
    ],
    [
      'usage before the finish',
      (events) => events.splice(6, 0, events.splice(7, 1)[0]!),
      'usage chunk before choice 0 finished',
    ],
    [
      'usage totals that do not add up',
      (events) => (chunk(events, 7).usage.total_tokens = 1),
      'total_tokens is not',
    ],
    ['no [DONE]', (events) => events.pop(), 'does not end with data: [DONE]'],
    ['event after [DONE]', (events) => events.push(structuredClone(events[2]!)), 'after [DONE]'],
    ['non-JSON data', (events) => (events[1]!.data = '{oops'), 'not a JSON object'],
    [
      'chunk after an error',
      (events) => events.splice(2, 0, { data: { error: { message: 'boom', type: 'server_error' } } }),
      'after the error chunk',
    ],
    [
      'error without a message',
      (events) => events.splice(2, 6, { data: { error: { type: 'server_error' } } }),
      'without error.message',
    ],
  ])('flags %s', (_name, edit, expected) => {
    const violations = validateChatStream(broken(edit));
    expect(violations.join('\n')).toContain(expected);
  });

  it('checks usage against what the client asked for', () => {
    const text = readWireCapture('chat');
    expect(validateChatStream(text, { expectUsage: false }).join('\n')).toContain(
      'did not ask for include_usage',
    );
    const noUsage = broken((events) => events.splice(7, 1));
    expect(validateChatStream(noUsage, { expectUsage: true }).join('\n')).toContain(
      'exactly one usage chunk, saw 0',
    );
    expect(validateChatStream(noUsage, { expectUsage: false })).toEqual([]);
    const usageOnContent = broken((events) => (chunk(events, 1).usage = chunk(events, 7).usage));
    expect(validateChatStream(usageOnContent, { expectUsage: true }).join('\n')).toContain(
      'must have choices: []',
    );
  });

  it('accepts a stream cut short by an error chunk, with or without [DONE]', () => {
    const error = {
      data: { error: { message: 'Overloaded', type: 'server_error', param: null, code: 'overloaded' } },
    };
    expect(validateChatStream(broken((events) => events.splice(2, 7, error)))).toEqual([]);
    expect(validateChatStream(broken((events) => events.splice(2, 6, error)))).toEqual([]);
  });

  it('throws every violation from the assert wrapper', () => {
    const text = broken((events) => {
      delete chunk(events, 0).choices[0].delta.role;
      events.pop();
    });
    expect(() => assertValidChatStream(text)).toThrow(StreamGrammarError);
    try {
      assertValidChatStream(text);
    } catch (error) {
      expect((error as StreamGrammarError).violations).toHaveLength(2);
      expect((error as Error).message).toContain('[DONE]');
    }
  });
});
