import { describe, expect, it } from 'vitest';
import { chunkHasUsageObject, chunkIncludes } from './chunk-bytes.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('chunk byte checks', () => {
  it('finds a usage object however it is spaced, and ignores usage:null', () => {
    expect(chunkHasUsageObject(bytes('data: {"choices":[],"usage":{"prompt_tokens":3}}\n\n'))).toBe(true);
    expect(chunkHasUsageObject(bytes('data: {"usage" :\n {"prompt_tokens":3}}\n\n'))).toBe(true);
    expect(chunkHasUsageObject(bytes('data: {"choices":[{"delta":{}}],"usage":null}\n\n'))).toBe(false);
    expect(
      chunkHasUsageObject(bytes('data: {"usage":null}\n\ndata: {"usage": {"completion_tokens":1}}\n\n')),
    ).toBe(true);
    expect(chunkHasUsageObject(bytes('data: {"text":"usage"}\n\n'))).toBe(false);
  });

  it('looks for ASCII text in Buffers and plain byte arrays alike', () => {
    expect(chunkIncludes(Buffer.from('event: error\n'), 'error')).toBe(true);
    expect(chunkIncludes(bytes('event: message_stop\n'), 'message_')).toBe(true);
    expect(chunkIncludes(bytes('data: {"text":"héllo"}\n\n'), 'error')).toBe(false);
  });
});
