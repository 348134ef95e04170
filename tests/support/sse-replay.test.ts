import { describe, expect, it } from 'vitest';
import { randomChunks, splitAtEveryOffset } from './sse-replay.ts';

describe('splitAtEveryOffset', () => {
  it('yields n + 1 byte splits that concatenate back, including inside a UTF-8 character', () => {
    const text = 'a€b';
    const splits = [...splitAtEveryOffset(text)];
    expect(splits).toHaveLength(Buffer.byteLength(text) + 1);
    for (const [first, second] of splits) expect(Buffer.concat([first, second]).toString('utf8')).toBe(text);
    // Offset 2 falls inside the three-byte euro sign.
    expect(splits[2]![0].toString('utf8')).not.toContain('€');
  });
});

describe('randomChunks', () => {
  it('is deterministic per seed, bounded in size, and lossless', () => {
    const text = 'data: {"text":"héllo wörld 🌍"}\n\n'.repeat(5);
    const chunks = randomChunks(text, 42, 5);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(text);
    expect(chunks.every((chunk) => chunk.length >= 1 && chunk.length <= 5)).toBe(true);
    expect(randomChunks(text, 42, 5)).toEqual(chunks);
    expect(randomChunks(text, 43, 5)).not.toEqual(chunks);
  });
});
