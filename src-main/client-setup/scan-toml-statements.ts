/**
 * The statements of a TOML text with their offsets, for edits that leave every
 * other byte (comments, blank lines, other tables) as it was. Only for text
 * that smol-toml parsed: it does not validate.
 */
export interface TomlStatement {
  kind: 'table' | 'array-table' | 'key-value';
  /** The header's or the key's dotted parts, unquoted. */
  key: string[];
  /** Offset just past the statement's line end (or the end of the text). */
  next: number;
  /** The value's offsets (key-value only); a trailing comment is not part of it. */
  valueStart: number;
  valueEnd: number;
}

export function scanTomlStatements(text: string): TomlStatement[] {
  const statements: TomlStatement[] = [];
  let index = 0;
  while (index < text.length) {
    index = skipBlanks(text, index);
    const character = text[index];
    if (character === undefined) break;
    if (character === '\n' || character === '\r' || character === '#') {
      index = pastLineEnd(text, index);
      continue;
    }
    if (character === '[') {
      const array = text[index + 1] === '[';
      const [key, keyEnd] = readKey(text, index + (array ? 2 : 1));
      const next = pastLineEnd(text, keyEnd);
      statements.push({ kind: array ? 'array-table' : 'table', key, next, valueStart: next, valueEnd: next });
      index = next;
      continue;
    }
    const [key, keyEnd] = readKey(text, index);
    const valueStart = skipBlanks(text, skipBlanks(text, keyEnd) + 1); // past '='
    const valueEnd = skipValue(text, valueStart, true);
    const next = pastLineEnd(text, valueEnd);
    statements.push({ kind: 'key-value', key, next, valueStart, valueEnd });
    index = next;
  }
  return statements;
}

function skipBlanks(text: string, index: number): number {
  while (text[index] === ' ' || text[index] === '\t') index += 1;
  return index;
}

/** Past the next `\n` (a comment before it included), or the end of the text. */
function pastLineEnd(text: string, index: number): number {
  const newline = text.indexOf('\n', index);
  return newline < 0 ? text.length : newline + 1;
}

/** Skips blanks, newlines and comments (inside arrays and inline tables). */
function skipSpace(text: string, index: number): number {
  for (;;) {
    const character = text[index];
    if (character === ' ' || character === '\t' || character === '\r' || character === '\n') index += 1;
    else if (character === '#') index = pastLineEnd(text, index);
    else return index;
  }
}

/** A dotted key (`a."b.c".'d'`) up to what follows it; answers the parts and the offset after. */
function readKey(text: string, index: number): [string[], number] {
  const parts: string[] = [];
  for (;;) {
    index = skipBlanks(text, index);
    const character = text[index];
    if (character === '"') {
      const end = skipBasicString(text, index);
      parts.push(unescapeBasic(text.slice(index + 1, end - 1)));
      index = end;
    } else if (character === "'") {
      const end = text.indexOf("'", index + 1) + 1;
      parts.push(text.slice(index + 1, end - 1));
      index = end;
    } else {
      const start = index;
      while (index < text.length && /[A-Za-z0-9_-]/.test(text[index]!)) index += 1;
      parts.push(text.slice(start, index));
    }
    index = skipBlanks(text, index);
    if (text[index] !== '.') return [parts, index];
    index += 1;
  }
}

function skipBasicString(text: string, index: number): number {
  index += 1;
  while (text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
  return index + 1;
}

/** Past a multi-line string whose delimiter (`"""` or `'''`) starts at `index`. */
function skipMultiline(text: string, index: number, quote: string): number {
  const delimiter = quote.repeat(3);
  let cursor = index + 3;
  for (;;) {
    if (quote === '"' && text[cursor] === '\\') cursor += 2;
    else if (text.startsWith(delimiter, cursor)) break;
    else cursor += 1;
  }
  let end = cursor + 3;
  // Up to two quotes right before the closing delimiter belong to the content (TOML 1.0).
  while (text[end] === quote && end - cursor < 5) end += 1;
  return end;
}

function skipValue(text: string, index: number, topLevel: boolean): number {
  const character = text[index];
  if (text.startsWith('"""', index)) return skipMultiline(text, index, '"');
  if (text.startsWith("'''", index)) return skipMultiline(text, index, "'");
  if (character === '"') return skipBasicString(text, index);
  if (character === "'") return text.indexOf("'", index + 1) + 1;
  if (character === '[' || character === '{') {
    const close = character === '[' ? ']' : '}';
    let cursor = skipSpace(text, index + 1);
    while (text[cursor] !== close) {
      if (character === '{') cursor = skipBlanks(text, readKey(text, cursor)[1] + 1); // `key =`
      cursor = skipSpace(text, skipValue(text, skipSpace(text, cursor), false));
      if (text[cursor] === ',') cursor = skipSpace(text, cursor + 1);
    }
    return cursor + 1;
  }
  // Numbers, booleans, dates (a date-time may hold a space): to the comment or the line end at the top.
  let end = index;
  const stops = topLevel ? '#\r\n' : '#\r\n,]} \t';
  while (end < text.length && !stops.includes(text[end]!)) end += 1;
  while (end > index && (text[end - 1] === ' ' || text[end - 1] === '\t')) end -= 1;
  return end;
}

/** TOML basic-string escapes: JSON's, plus `\UXXXXXXXX` (and `\e`, TOML 1.1). */
function unescapeBasic(body: string): string {
  return body.replace(/\\(U[0-9A-Fa-f]{8}|u[0-9A-Fa-f]{4}|e|.)/g, (_match, escape: string) => {
    if (escape[0] === 'U' || escape[0] === 'u') return String.fromCodePoint(parseInt(escape.slice(1), 16));
    if (escape === 'e') return '\u001b';
    return JSON.parse(`"\\${escape}"`) as string;
  });
}
