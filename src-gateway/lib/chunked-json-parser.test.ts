import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { ChunkedJsonParser, type ChunkedJsonBody } from './chunked-json-parser.ts';

/** Parse `json` fed in chunks of `size` bytes (every split point, even inside a character). */
function parse(
  json: string | Buffer,
  size = Number.MAX_SAFE_INTEGER,
  maxDepth = 128,
): ChunkedJsonBody | undefined {
  const bytes = typeof json === 'string' ? Buffer.from(json) : json;
  const parser = new ChunkedJsonParser(maxDepth);
  for (let start = 0; start < bytes.length; start += size)
    parser.write(Buffer.from(bytes.subarray(start, start + size)));
  return parser.end();
}

/** What JSON.parse reads of the bytes, or undefined when it throws or reads anything but an object. */
function reference(json: string | Buffer): object | undefined {
  try {
    const value: unknown = JSON.parse((typeof json === 'string' ? Buffer.from(json) : json).toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The parse agrees with JSON.parse at every chunk size: same value, same key order, or both decline. */
function expectAgreement(json: string | Buffer): void {
  const expected = reference(json);
  for (const size of [1, 2, 3, 5, 16, 4096]) {
    const parsed = parse(json, size);
    if (expected === undefined) expect(parsed, `${String(json)} at ${size}`).toBeUndefined();
    else {
      // Node's deep equality: own members, prototypes and all (vitest's compares `constructor` members as types).
      expect(isDeepStrictEqual(parsed?.value, expected), `${String(json)} at ${size}`).toBe(true);
      expect(Object.keys(parsed!.value)).toEqual(Object.keys(expected));
    }
  }
}

/** The bytes `range` covers in the parsed body. */
function modelBytes(parsed: ChunkedJsonBody): string | undefined {
  const range = parsed.model;
  return range && Buffer.concat(parsed.chunks).subarray(range.start, range.end).toString('utf8');
}

describe('ChunkedJsonParser', () => {
  it('reads what JSON.parse reads, whitespace and nesting anywhere', () => {
    for (const json of [
      '{}',
      ' \n\t{ }\r\n',
      '{"a":1}',
      '{"a":[]}',
      '{ "a" : [ ] , "b" : [ 1 , [ 2 ] , { "c" : [ ] } ] }',
      '{"n":-0e0,"f":1.50E+2,"t":true,"z":null,"s":"x"}',
      '{"m":[{"role":"user","content":"hi"}],"x":{"deep":[{"a":[[[]]]}]}}',
    ])
      expectAgreement(json);
  });

  it('is not fooled by braces, brackets, commas, colons and quotes inside strings', () => {
    for (const json of [
      '{"a":"}","b":"]","c":",","d":":","e":"{[","f":["}]", "{", "\\""]}',
      '{"a":[{"b":"],\\"c\\":[1,2]}"}],"model":"m"}',
      '{"{\\"model\\":\\"x\\"}":"y","model":"real"}',
    ])
      expectAgreement(json);
  });

  it('counts backslashes before a quote across chunk boundaries', () => {
    for (const json of [
      '{"a":"\\\\"}',
      '{"a":"\\\\\\"","b":"\\\\\\\\"}',
      '{"a":"x\\\\\\\\\\\\\\"y","b":["\\\\",  "\\"\\\\"]}',
      `{"a":"${'\\\\'.repeat(37)}","b":"${'\\"'.repeat(11)}"}`,
    ])
      expectAgreement(json);
  });

  it('decodes characters split across chunks, escapes and surrogate pairs', () => {
    expectAgreement('{"a":"日本語 é 😀 \\u00e9 \\ud83d\\ude00 \\n","k😀":["ü", {"ß":"€"}]}');
  });

  it('reads long arrays of small elements (parsed in groups) between large ones', () => {
    const small = (index: number): unknown =>
      [index, `s${index}`, null, { k: index }, [index, true], -1.5e-3, 'é😀"\\'][index % 7];
    const large = (index: number): unknown => ({ role: 'user', content: `${index} ${'x'.repeat(300)}` });
    const input = Array.from({ length: 5000 }, (_, index) =>
      index % 997 === 0 ? large(index) : small(index),
    );
    const json = JSON.stringify({
      model: 'm',
      input,
      tokens: Array.from({ length: 3000 }, (_, index) => index),
    });
    for (const size of [7, 4096, 65536]) expect(parse(json, size)?.value).toEqual(JSON.parse(json));
    expectAgreement('{"a":[1,2,3 , 4 ,"5",{"b":[6]}],"c":[1,,2]}');
    expectAgreement('{"a":[1,2,3],"b":[1 2]}');
  });

  it('keeps the last of duplicate keys at the place of the first, and __proto__ as an own member', () => {
    const parsed = parse('{"a":1,"b":[1],"a":{"x":2},"b":[3],"__proto__":{"polluted":true}}', 3)!;
    expect(Object.keys(parsed.value)).toEqual(['a', 'b', '__proto__']);
    expect(parsed.value.a).toEqual({ x: 2 });
    expect(parsed.value.b).toEqual([3]);
    expect(Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
    expect(Object.hasOwn(parsed.value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expectAgreement('{"__proto__":[1,2],"constructor":{"prototype":1}}');
  });

  it('declines what is not one JSON object, for the caller to find the error', () => {
    for (const json of [
      '',
      '[1]',
      '"x"',
      '{"a":1} x',
      '{"a":1}{}',
      '{"a":1,}',
      '{"a":[1,]}',
      '{"a":[,1]}',
      '{"a" 1}',
      '{"a":}',
      '{a:1}',
      '{"a":1',
      '{"a":"x',
      '{"a":[1}',
      '{"a":{"b":[1}}}',
      '{"a":01}',
      '\ufeff{}',
      '{"a":"tab\there"}',
    ])
      expectAgreement(json);
  });

  it('declines a body nested past the limit and reads one nested right at it', () => {
    const nested = (levels: number): string => '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);
    const arrays = (levels: number): string => `{"a":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    for (const body of [nested(128), arrays(128)]) expect(parse(body, 7)?.value).toEqual(JSON.parse(body));
    for (const body of [nested(129), arrays(129), nested(50_000)]) expect(parse(body, 7)).toBeUndefined();
    expect(parse('{"a":[{}]}', 1, 3)).toBeDefined();
    expect(parse('{"a":[{}]}', 1, 2)).toBeUndefined();
    expect(parse('{"a":[]}', 1, 1)).toBeUndefined();
  });

  it('finds the one top-level model string, written plainly or with escapes', () => {
    const json = '{ "metadata":{"model":"nested"}, "model" :  "alias" , "messages":[{"model":"x"}]}';
    for (const size of [1, 4, 100]) expect(modelBytes(parse(json, size)!)).toBe('"alias"');
    expect(modelBytes(parse('{"mod\\u0065l":"a\\"b"}', 2)!)).toBe('"a\\"b"');
  });

  it('finds no model to edit when the edit would not mean what JSON.parse read', () => {
    for (const json of [
      '{"messages":[]}',
      '{"model":"a","messages":[],"model":"b"}',
      '{"model":null}',
      '{"model":["a"]}',
      '{"model":{"name":"a"}}',
      '{"model":1}',
    ])
      expect(parse(json, 3)!.model, json).toBeUndefined();
    // Invalid UTF-8: the parse saw U+FFFD where the bytes say something else.
    const invalid = Buffer.concat([
      Buffer.from('{"model":"a","x":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const parsed = parse(invalid, 2)!;
    expect(parsed.value).toEqual(JSON.parse(invalid.toString('utf8')));
    expect(parsed.model).toBeUndefined();
    // Wherever the chunks split a character: valid ones keep the edit, broken ones lose it.
    const text = (bytes: number[]): Buffer =>
      Buffer.concat([Buffer.from('{"model":"a","x":"'), Buffer.from(bytes), Buffer.from('z"}')]);
    const broken = [
      [0xe6, 0x97],
      [0x97],
      [0xf0, 0x9f, 0x98],
      [0xf0, 0x9f, 0x98, 0x28],
      [0xed, 0xa0, 0x80],
      [0xc0, 0xaf],
    ];
    for (const size of [1, 2, 3, 5, 17, 18, 19, 20, 21]) {
      expect(
        parse(text([0xe6, 0x97, 0xa5, 0xf0, 0x9f, 0x98, 0x80]), size)!.model,
        `valid at ${size}`,
      ).toBeDefined();
      for (const bytes of broken)
        expect(parse(text(bytes), size)!.model, `${bytes.join()} at ${size}`).toBeUndefined();
    }
  });

  it('keeps the chunks as they arrived', () => {
    const parser = new ChunkedJsonParser(128);
    const chunks = [Buffer.from('{"model":'), Buffer.from('"m","a":'), Buffer.from('[1]}')];
    for (const chunk of chunks) parser.write(chunk);
    const parsed = parser.end()!;
    expect(parsed.chunks).toEqual(chunks);
    expect(parsed.chunks[1]).toBe(chunks[1]);
    expect(parsed.size).toBe(21);
  });

  it('agrees with JSON.parse on generated objects, formatted or not, split anywhere', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', '"', '\\', '{', '}', '[', ']', ',', ':', 'é', '😀', ' ', '\n'),
    });
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        text,
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom(true, false, null),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(text, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    const body = fc.dictionary(fc.oneof(text, fc.constantFrom('model', 'messages', '__proto__')), value, {
      maxKeys: 6,
    });
    fc.assert(
      fc.property(
        body,
        fc.constantFrom(0, 2, '\t'),
        fc.integer({ min: 1, max: 64 }),
        (object, indent, size) => {
          const json = JSON.stringify(object, null, indent);
          const parsed = parse(json, size);
          expect(isDeepStrictEqual(parsed?.value, JSON.parse(json)), json).toBe(true);
          if (typeof (JSON.parse(json) as Record<string, unknown>).model === 'string')
            expect(JSON.parse(modelBytes(parsed!)!)).toBe((JSON.parse(json) as { model: string }).model);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with JSON.parse on corrupted bodies: the same value, or both refuse', () => {
    const source = JSON.stringify({
      model: 'a "quoted" \\ model',
      messages: [{ role: 'user', content: [{ type: 'text', text: '{"x":[1,2]} é 😀' }] }, []],
      n: -1.5e3,
      ok: [true, false, null, {}],
    });
    const pieces = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', 'é', '1', 'null'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.nat({ max: source.length }),
            remove: fc.nat({ max: 3 }),
            insert: fc.constantFrom('', ...pieces),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        fc.integer({ min: 1, max: 16 }),
        (edits, size) => {
          let json = source;
          for (const edit of edits)
            json = json.slice(0, edit.at) + edit.insert + json.slice(edit.at + edit.remove);
          const expected = reference(json);
          const parsed = parse(json, size);
          if (expected === undefined) expect(parsed, json).toBeUndefined();
          else expect(isDeepStrictEqual(parsed?.value, expected), json).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
