/**
 * Byte-level checks on raw stream chunks, for pass-through relays deciding
 * whether a chunk needs decoding at all. They may say "maybe" wrongly (then
 * the chunk is decoded), never "no" wrongly.
 */

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Whether `text` (ASCII) occurs anywhere in the chunk. */
export function chunkIncludes(chunk: Uint8Array, text: string): boolean {
  return asBuffer(chunk).indexOf(text, 0, 'latin1') !== -1;
}

function isSpace(byte: number | undefined): boolean {
  return byte === 32 || byte === 9 || byte === 10 || byte === 13;
}

/** Whether a JSON `"usage"` key with an object value occurs (`"usage":null` does not count). */
export function chunkHasUsageObject(chunk: Uint8Array): boolean {
  const bytes = asBuffer(chunk);
  let at = bytes.indexOf('"usage"', 0, 'latin1');
  while (at !== -1) {
    let index = at + 7;
    while (isSpace(bytes[index])) index++;
    if (bytes[index] === 58 /* : */) {
      index++;
      while (isSpace(bytes[index])) index++;
      if (bytes[index] === 123 /* { */) return true;
    }
    at = bytes.indexOf('"usage"', at + 7, 'latin1');
  }
  return false;
}
