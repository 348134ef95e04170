import { describe, expect, it } from 'vitest';
import { ChunkedJsonParser } from '../lib/chunked-json-parser.ts';
import { replaceTopLevelModel } from './replace-top-level-model.ts';

/** The edit as text, with the body read in chunks of `size` bytes, or undefined. */
function edit(json: string | Buffer, model = 'upstream-1', size = 7): string | undefined {
  const bytes = typeof json === 'string' ? Buffer.from(json) : json;
  const parser = new ChunkedJsonParser(128);
  for (let start = 0; start < bytes.length; start += size) parser.write(bytes.subarray(start, start + size));
  const pieces = replaceTopLevelModel(parser.end()!, model);
  return pieces && Buffer.concat(pieces).toString('utf8');
}

describe('replaceTopLevelModel', () => {
  it('changes the top-level model and leaves every other byte as the client sent it, wherever the chunks split', () => {
    const json =
      '{ "messages" : [ {"role":"user","content":"hi"} ],\n  "model":  "alias" , "max_tokens": 1.50e2 }';
    const expected =
      '{ "messages" : [ {"role":"user","content":"hi"} ],\n  "model":  "claude-upstream" , "max_tokens": 1.50e2 }';
    for (const size of [1, 2, 3, 7, 64, 1000]) expect(edit(json, 'claude-upstream', size)).toBe(expected);
    expect(JSON.parse(expected)).toEqual({ ...JSON.parse(json), model: 'claude-upstream' });
  });

  it('slices the chunks without copying them', () => {
    const chunks = [Buffer.from('{"messages":[],"mo'), Buffer.from('del":"al'), Buffer.from('ias","x":1}')];
    const parser = new ChunkedJsonParser(128);
    for (const chunk of chunks) parser.write(chunk);
    const pieces = replaceTopLevelModel(parser.end()!, 'up')!;
    expect(Buffer.concat(pieces).toString()).toBe('{"messages":[],"model":"up","x":1}');
    expect(pieces[0]).toBe(chunks[0]);
    expect(pieces.at(-1)!.buffer).toBe(chunks[2]!.buffer);
  });

  it('leaves nested models and strings that look like keys alone', () => {
    const json = JSON.stringify({
      metadata: { model: 'nested' },
      messages: [{ role: 'user', content: 'a "model": "x", {"model":"y"} \\" ] } [ {' }],
      tools: [{ name: 'model', input_schema: { properties: { model: { type: 'string' } } } }],
      model: 'alias',
      stream: true,
    });
    const edited = edit(json, 'up "quoted" \\ é 😀');
    expect(JSON.parse(edited!)).toEqual({ ...JSON.parse(json), model: 'up "quoted" \\ é 😀' });
    expect(edited!.replace('"up \\"quoted\\" \\\\ é 😀"', '"alias"')).toBe(json);
  });

  it('keeps non-ASCII text and escapes byte for byte', () => {
    const json =
      '{"model":"a","messages":[{"role":"user","content":"日本語 \\u00e9 \\ud83d\\ude00 😀 \\n"}]}';
    for (const size of [1, 5]) expect(edit(json, 'b', size)).toBe(json.replace('"model":"a"', '"model":"b"'));
  });

  it('edits a model key written with escapes (the parse read it as model)', () => {
    expect(edit('{"mod\\u0065l":"a","x":1}', 'b')).toBe('{"mod\\u0065l":"b","x":1}');
  });

  it('declines whatever it cannot edit exactly as JSON.parse read it', () => {
    // No model, a duplicate (JSON.parse keeps the last), a value that is not a string.
    expect(edit('{"messages":[]}')).toBeUndefined();
    expect(edit('{"model":"a","messages":[],"model":"b"}')).toBeUndefined();
    expect(edit('{"model":null}')).toBeUndefined();
    expect(edit('{"model":["a"]}')).toBeUndefined();
    // Invalid UTF-8: the parse saw U+FFFD where the bytes say something else.
    const invalid = Buffer.concat([
      Buffer.from('{"model":"a","x":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    expect(edit(invalid, 'b')).toBeUndefined();
  });
});
