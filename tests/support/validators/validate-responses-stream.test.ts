import { describe, expect, it } from 'vitest';
import { assertValidResponsesStream, StreamGrammarError } from '../stream-validators.ts';
import { readWireCapture } from '../wire-captures.ts';
import { captureEvents, type EditableEvent, renumber, toSseText } from './stream-fixtures.ts';
import { validateResponsesStream } from './validate-responses-stream.ts';

/*
 * Capture events: 0 created, 1 in_progress, 2-7 reasoning item (added, summary part added,
 * delta, text done, part done, item done), 8-14 message item (added, content_part.added,
 * 2 deltas, text done, part done, item done), 15-19 function call (added, 2 deltas,
 * arguments done, item done), 20 completed.
 */
function broken(edit: (events: EditableEvent[]) => void, keepNumbers = false): string {
  const events = captureEvents('responses');
  edit(events);
  return toSseText(keepNumbers ? events : renumber(events));
}

const data = (events: EditableEvent[], index: number) => events[index]!.data as Record<string, any>;

describe('validateResponsesStream', () => {
  it('accepts the reference capture', () => {
    expect(validateResponsesStream(readWireCapture('responses'))).toEqual([]);
    expect(() => assertValidResponsesStream(readWireCapture('responses'))).not.toThrow();
  });

  it.each<[string, (events: EditableEvent[]) => void, string]>([
    [
      'a missing event line',
      (events) => delete events[10]!.event,
      'event line undefined does not equal type',
    ],
    [
      'an event line that differs from type',
      (events) => (events[10]!.event = 'response.output_text.done'),
      'does not equal type',
    ],
    [
      'created not first',
      (events) => events.splice(0, 0, events.splice(1, 1)[0]!),
      'the first event must be response.created',
    ],
    [
      'in_progress not second',
      (events) => events.splice(1, 1),
      'the second event must be response.in_progress',
    ],
    ['a delta before output_item.added', (events) => events.splice(8, 1), 'has no added item'],
    [
      'a text delta before content_part.added',
      (events) => events.splice(9, 1),
      'delta before its part was added',
    ],
    [
      'a delta item_id that differs from the added id',
      (events) => (data(events, 16).item_id = 'fc_OTHER'),
      'does not equal the added id fc_Mock1',
    ],
    [
      'a done item id that differs from the added id',
      (events) => (data(events, 19).item.id = 'fc_OTHER'),
      'item id "fc_OTHER" does not equal',
    ],
    ['an added item never done', (events) => events.splice(19, 1), 'added but never done'],
    [
      'output_index out of order',
      (events) => (data(events, 15).output_index = 3),
      'output_index 3, expected 2',
    ],
    [
      'text done that differs from the deltas',
      (events) => (data(events, 12).text = 'Other'),
      'does not equal the concatenated deltas',
    ],
    [
      'arguments done that differ from the deltas',
      (events) => (data(events, 18).arguments = '{}'),
      'done arguments do not equal',
    ],
    [
      'function call arguments that are not JSON',
      (events) => (data(events, 19).item.arguments = '{"location"'),
      'do not parse to a JSON object',
    ],
    [
      'completed with an empty output',
      (events) => (data(events, 20).response.output = []),
      'does not equal the output_item.done items',
    ],
    [
      'completed without output',
      (events) => delete data(events, 20).response.output,
      'response.output is not an array',
    ],
    [
      'completed with a wrong status',
      (events) => (data(events, 20).response.status = 'in_progress'),
      'expected completed',
    ],
    [
      'completed without usage integers',
      (events) => delete data(events, 20).response.usage.total_tokens,
      'usage.total_tokens is not an integer',
    ],
    ['no terminal event', (events) => events.pop(), 'has no response.completed'],
    [
      'an event after completed',
      (events) => events.push(structuredClone(events[1]!)),
      'event after response.completed',
    ],
    ['a [DONE] line', (events) => events.push({ data: '[DONE]' }), 'not a JSON object'],
    [
      'an unknown event type',
      (events) => events.splice(1, 0, { event: 'response.thinking', data: { type: 'response.thinking' } }),
      'unknown event type',
    ],
    [
      'a changing response id',
      (events) => (data(events, 1).response.id = 'resp_Other'),
      'response.id changed',
    ],
    [
      'a delta after its item is done',
      (events) => events.splice(15, 0, structuredClone(events[11]!)),
      'after its output_item.done',
    ],
    [
      'an incomplete response without a reason',
      (events) =>
        Object.assign(events[20]!, {
          event: 'response.incomplete',
          data: {
            ...data(events, 20),
            type: 'response.incomplete',
            response: { ...data(events, 20).response, status: 'incomplete' },
          },
        }),
      'incomplete_details.reason missing',
    ],
    [
      'an incomplete response without usage',
      (events) =>
        Object.assign(events[20]!, {
          event: 'response.incomplete',
          data: {
            ...data(events, 20),
            type: 'response.incomplete',
            response: {
              ...data(events, 20).response,
              status: 'incomplete',
              incomplete_details: { reason: 'max_output_tokens' },
              usage: null,
            },
          },
        }),
      'response.incomplete without usage',
    ],
    [
      'an error not followed by response.failed',
      (events) =>
        events.splice(15, 6, {
          event: 'error',
          data: { type: 'error', code: 'server_error', message: 'boom' },
        }),
      'must be followed by response.failed',
    ],
  ])('flags %s', (_name, edit, expected) => {
    expect(validateResponsesStream(broken(edit)).join('\n')).toContain(expected);
  });

  it('flags sequence numbers that do not count 0, 1, 2, ...', () => {
    expect(
      validateResponsesStream(broken((events) => delete data(events, 3).sequence_number, true)).join('\n'),
    ).toContain('sequence_number undefined, expected 3');
    expect(validateResponsesStream(broken((events) => events.splice(4, 1), true)).join('\n')).toContain(
      'sequence_number 5, expected 4',
    );
  });

  /** The capture cut inside the function call by an error and `response.failed` carrying `output`. */
  const failedAfterPartialItem = (output: (all: unknown[]) => unknown[]) =>
    broken((events) => {
      const failed = structuredClone(data(events, 20));
      failed.type = 'response.failed';
      failed.response.status = 'failed';
      failed.response.error = { code: 'server_error', message: 'Upstream failed' };
      failed.response.output = output(failed.response.output);
      events.splice(
        17,
        4,
        {
          event: 'error',
          data: {
            type: 'error',
            code: 'server_error',
            message: 'Upstream failed',
            error: { type: 'server_error', message: 'Upstream failed' },
          },
        },
        { event: 'response.failed', data: failed },
      );
    });

  it('accepts error + response.failed after a partial item', () => {
    expect(validateResponsesStream(failedAfterPartialItem((all) => all.slice(0, 2)))).toEqual([]);
  });

  it('flags response.failed whose output is not the items that were done', () => {
    expect(validateResponsesStream(failedAfterPartialItem(() => [])).join('\n')).toContain(
      'response.output does not equal the output_item.done items (0 vs 2)',
    );
    expect(validateResponsesStream(failedAfterPartialItem((all) => all)).join('\n')).toContain(
      'response.output does not equal the output_item.done items (3 vs 2)',
    );
  });

  it('accepts response.queued between created and in_progress', () => {
    const text = broken((events) => {
      const queued = structuredClone(data(events, 0));
      queued.type = 'response.queued';
      queued.response.status = 'queued';
      events.splice(1, 0, { event: 'response.queued', data: queued });
    });
    expect(validateResponsesStream(text)).toEqual([]);
  });

  it('throws with the list from the assert wrapper', () => {
    expect(() => assertValidResponsesStream(broken((events) => events.pop()))).toThrow(StreamGrammarError);
  });
});
