import { describe, expect, it } from 'vitest';
import { createJsonArrayFramer } from './json-array-framer.ts';

describe('createJsonArrayFramer', () => {
  it('turns SSE data events into one JSON array, whatever the chunk boundaries', () => {
    const sse = 'data: {"a":1}\n\ndata: {"b":"ü"}\r\n\r\n{"bare":"line ignored"}\ndata: {"c":3}\n\n';
    const bytes = Buffer.from(sse);
    for (const cut of [1, 7, 15, 20, 33, bytes.length - 1]) {
      const framer = createJsonArrayFramer();
      const text = framer.frame(bytes.subarray(0, cut)) + framer.frame(bytes.subarray(cut)) + framer.close();
      expect(JSON.parse(text)).toEqual([{ a: 1 }, { b: 'ü' }, { c: 3 }]);
    }
  });

  it('closes an empty stream as an empty array', () => {
    expect(JSON.parse(createJsonArrayFramer().close())).toEqual([]);
  });
});
