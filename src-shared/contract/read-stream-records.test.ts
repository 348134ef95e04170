import { describe, expect, it } from 'vitest';
import { splitAtEveryOffset } from '../../tests/support/sse-replay.ts';
import { readStreamRecords } from './read-stream-records.ts';

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function records(chunks: Uint8Array[], csv = false): Promise<string[]> {
  const found: string[] = [];
  for await (const record of readStreamRecords(streamOf(chunks), { csv })) found.push(record);
  return found;
}

describe('readStreamRecords', () => {
  const csv = 'id,error\r\nreq_1,"upstream said:\r\n""slow down"""\r\nreq_2,ünïcode ✓\r\n';
  const expected = ['id,error\r\n', 'req_1,"upstream said:\r\n""slow down"""\r\n', 'req_2,ünïcode ✓\r\n'];

  it('keeps a quoted CSV cell with a line break in one record, wherever the chunks break', async () => {
    for (const [head, tail] of splitAtEveryOffset(csv))
      expect(await records([head, tail], true)).toEqual(expected);
  });

  it('splits JSON lines at every line end (quotes in JSON do not count) and keeps a last partial line', async () => {
    const text = '{"a":"x\\"y"}\n{"b":1}\n{"c":2}';
    for (const [head, tail] of splitAtEveryOffset(text))
      expect(await records([head, tail])).toEqual(['{"a":"x\\"y"}\n', '{"b":1}\n', '{"c":2}']);
  });
});
