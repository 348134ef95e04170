import { describe, expect, it } from 'vitest';
import { splitAtEveryOffset } from '../../tests/support/sse-replay.ts';
import { parseSseStream, type SseMessage } from './parse-sse-stream.ts';

async function parse(chunks: Uint8Array[]): Promise<SseMessage[]> {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  const messages: SseMessage[] = [];
  for await (const message of parseSseStream(body)) messages.push(message);
  return messages;
}

describe('parseSseStream', () => {
  it('parses events with any line ending, comments and multi-line data, at every chunk boundary', async () => {
    const text =
      ': keep-alive\n\nevent: liveStats\ndata: {"a":1}\n\r\nevent:configChanged\r\ndata: {"é":"✓"}\r\n\r\n' +
      'data: first\rdata: second\r\rid: 7\nretry: 10\nevent: x\n\n';
    const expected = [
      { event: 'liveStats', data: '{"a":1}' },
      { event: 'configChanged', data: '{"é":"✓"}' },
      { event: 'message', data: 'first\nsecond' },
    ];
    for (const [head, tail] of splitAtEveryOffset(text)) expect(await parse([head, tail])).toEqual(expected);
  });

  it('drops an event the stream cut off before its blank line', async () => {
    expect(await parse([new TextEncoder().encode('event: a\ndata: 1\n\nevent: b\ndata: 2\n')])).toEqual([
      { event: 'a', data: '1' },
    ]);
  });
});
