/**
 * `JSON.stringify(body)` in order, in pieces: each top-level member, and each element of a
 * top-level array (`messages`, `tools`, `contents`), serialized on its own, with the punctuation
 * between them. Joined, the pieces are exactly `JSON.stringify(body)` for what the codecs build
 * (plain objects, arrays and primitives; a body with its own `toJSON` is one piece). A consumer can
 * write them out without ever holding the whole text (serialize-json-body.ts), or stop early
 * (json-preview.ts).
 */
export function* jsonPieces(body: Record<string, unknown>): Generator<string, void, undefined> {
  if (typeof body.toJSON === 'function') {
    yield JSON.stringify(body);
    return;
  }
  let separator = '{';
  for (const key of Object.keys(body)) {
    const value = body[key];
    if (Array.isArray(value)) {
      yield `${separator}${JSON.stringify(key)}:[`;
      for (let index = 0; index < value.length; index++) {
        if (index > 0) yield ',';
        // Inside an array, what JSON.stringify leaves out (undefined, functions, symbols) is null.
        yield JSON.stringify(value[index]) ?? 'null';
      }
      yield ']';
    } else {
      const text = JSON.stringify(value);
      // A member JSON.stringify leaves out (undefined, a function, a symbol).
      if (text === undefined) continue;
      yield `${separator}${JSON.stringify(key)}:`;
      yield text;
    }
    separator = ',';
  }
  yield separator === '{' ? '{}' : '}';
}
