/**
 * Where things are in a JSON text, for edits that leave every other byte as it
 * was. Only for text that JSON.parse accepted: it does not validate.
 */
export interface JsonValueSpan {
  start: number;
  /** Exclusive. */
  end: number;
}

export interface JsonMemberSpan {
  key: string;
  /** Offset of the key's opening quote. */
  keyStart: number;
  value: JsonValueSpan;
}

export interface JsonObjectSpan extends JsonValueSpan {
  /** In text order; a key written twice appears twice (JSON.parse keeps the last). */
  members: JsonMemberSpan[];
}

/** The members of the object that starts at `start` (the offset of its `{`). */
export function locateJsonMembers(text: string, start: number): JsonObjectSpan {
  const members: JsonMemberSpan[] = [];
  let index = skipWhitespace(text, start + 1);
  while (text[index] !== '}') {
    const keyStart = index;
    const keyEnd = skipString(text, index);
    const key = JSON.parse(text.slice(keyStart, keyEnd)) as string;
    index = skipWhitespace(text, keyEnd) + 1; // past ':'
    const valueStart = skipWhitespace(text, index);
    const valueEnd = skipValue(text, valueStart);
    members.push({ key, keyStart, value: { start: valueStart, end: valueEnd } });
    index = skipWhitespace(text, valueEnd);
    if (text[index] === ',') index = skipWhitespace(text, index + 1);
  }
  return { start, end: index + 1, members };
}

/** The offset of the first non-whitespace character at or after `index`. */
export function skipWhitespace(text: string, index: number): number {
  while (index < text.length && ' \t\r\n'.includes(text[index]!)) index += 1;
  return index;
}

function skipString(text: string, index: number): number {
  index += 1; // opening quote
  while (text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
  return index + 1;
}

function skipValue(text: string, index: number): number {
  const first = text[index];
  if (first === '"') return skipString(text, index);
  if (first === '{' || first === '[') {
    let depth = 0;
    while (index < text.length) {
      const character = text[index]!;
      if (character === '"') {
        index = skipString(text, index);
        continue;
      }
      if (character === '{' || character === '[') depth += 1;
      if (character === '}' || character === ']') depth -= 1;
      index += 1;
      if (depth === 0) return index;
    }
    return index;
  }
  while (index < text.length && !',}] \t\r\n'.includes(text[index]!)) index += 1;
  return index;
}
