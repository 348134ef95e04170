import { isUtf8 } from 'node:buffer';

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const colon = 0x3a;
const comma = 0x2c;
const modelKey = Buffer.from('"model"');

/** The index just past the string that opens at `start` (a quote), or -1. */
function stringEnd(raw: Buffer, start: number): number {
  let close = raw.indexOf(quote, start + 1);
  while (close >= 0) {
    let slashes = 0;
    while (raw[close - 1 - slashes] === backslash) slashes++;
    if (slashes % 2 === 0) return close + 1;
    close = raw.indexOf(quote, close + 1);
  }
  return -1;
}

function isWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * The client's JSON bytes with the top-level `model` string replaced by `model`, everything else
 * byte for byte as the client sent it: a same-protocol pass-through edits the bytes that change
 * instead of serializing the whole (agent-size) body again. `raw` must be a JSON object that
 * `JSON.parse` accepted. Undefined (the caller serializes the parsed body instead) when the edit
 * would not mean exactly what `JSON.parse` read: the bytes are not valid UTF-8 (the parse replaced
 * them), there is no top-level `model` or more than one, its value is not a string, or a top-level
 * key is written with escapes (it might spell `model`).
 */
export function replaceTopLevelModel(raw: Buffer, model: string): Buffer | undefined {
  if (!isUtf8(raw)) return undefined;
  let depth = 0;
  let expectKey = false;
  let valueStart = -1;
  let valueEnd = -1;
  for (let index = 0; index < raw.length;) {
    const byte = raw[index]!;
    if (byte === quote) {
      const end = stringEnd(raw, index);
      if (end < 0) return undefined;
      if (depth === 1 && expectKey) {
        expectKey = false;
        const escaped = raw.indexOf(backslash, index + 1);
        if (escaped >= 0 && escaped < end) return undefined;
        if (end - index === modelKey.length && raw.compare(modelKey, 0, modelKey.length, index, end) === 0) {
          if (valueStart >= 0) return undefined;
          let next = end;
          while (isWhitespace(raw[next])) next++;
          if (raw[next] !== colon) return undefined;
          next++;
          while (isWhitespace(raw[next])) next++;
          if (raw[next] !== quote) return undefined;
          valueStart = next;
          valueEnd = stringEnd(raw, next);
          if (valueEnd < 0) return undefined;
          index = valueEnd;
          continue;
        }
      }
      index = end;
      continue;
    }
    if (byte === openBrace) {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (byte === openBracket) depth++;
    else if (byte === closeBrace || byte === closeBracket) depth--;
    else if (byte === comma && depth === 1) expectKey = true;
    index++;
  }
  if (valueStart < 0) return undefined;
  return Buffer.concat([
    raw.subarray(0, valueStart),
    Buffer.from(JSON.stringify(model)),
    raw.subarray(valueEnd),
  ]);
}
