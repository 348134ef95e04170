/**
 * Helpers for byte-boundary tests: a stream parser must give the same result
 * however the bytes are cut, including inside a CRLF pair or a UTF-8 character.
 * Both helpers work on bytes, so a multi-byte character can be split.
 */

function toBytes(text: string | Uint8Array): Buffer {
  return typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
}

/**
 * Every two-chunk split of `text`: `[bytes[0..k), bytes[k..n)]` for k = 0..n.
 * A text of n bytes yields n + 1 splits.
 */
export function* splitAtEveryOffset(text: string | Uint8Array): Generator<[Buffer, Buffer]> {
  const bytes = toBytes(text);
  for (let offset = 0; offset <= bytes.length; offset++) {
    yield [bytes.subarray(0, offset), bytes.subarray(offset)];
  }
}

/** mulberry32: a tiny seeded generator, so a failing chunking can be replayed from its seed. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Cut `text` into random chunks of 1..maxChunkBytes bytes (default 16),
 * deterministically for a given seed. The chunks concatenate back to the input.
 */
export function randomChunks(text: string | Uint8Array, seed: number, maxChunkBytes = 16): Buffer[] {
  const bytes = toBytes(text);
  const random = createRandom(seed);
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const size = 1 + Math.floor(random() * maxChunkBytes);
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}
