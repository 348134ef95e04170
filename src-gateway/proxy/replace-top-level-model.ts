import type { RawJsonBody } from '../lib/chunked-json-parser.ts';

/**
 * The client's JSON bytes with the top-level `model` string replaced by `model`, everything else
 * byte for byte as the client sent it: a same-protocol pass-through edits the bytes that change
 * instead of serializing the whole (agent-size) body again. The chunks are sliced, never joined or
 * copied: the pieces go upstream as they are. Undefined (the caller serializes the parsed body
 * instead) when the parser found no edit that means exactly what `JSON.parse` read
 * (`RawJsonBody.model`: no top-level `model` or more than one, not a string, invalid UTF-8).
 */
export function replaceTopLevelModel(raw: RawJsonBody, model: string): Buffer[] | undefined {
  const range = raw.model;
  if (!range) return undefined;
  const pieces: Buffer[] = [];
  let offset = 0;
  for (const chunk of raw.chunks) {
    const end = offset + chunk.length;
    if (end <= range.start || offset >= range.end) pieces.push(chunk);
    else {
      if (offset < range.start) pieces.push(chunk.subarray(0, range.start - offset));
      if (range.start >= offset) pieces.push(Buffer.from(JSON.stringify(model)));
      if (end > range.end) pieces.push(chunk.subarray(range.end - offset));
    }
    offset = end;
  }
  return pieces;
}
