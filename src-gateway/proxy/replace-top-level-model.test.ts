import { describe, expect, it } from 'vitest';
import { replaceTopLevelModel } from './replace-top-level-model.ts';

/** The edit as text, or undefined. */
function edit(json: string, model = 'upstream-1'): string | undefined {
  return replaceTopLevelModel(Buffer.from(json), model)?.toString('utf8');
}

describe('replaceTopLevelModel', () => {
  it('changes the top-level model and leaves every other byte as the client sent it', () => {
    const json =
      '{ "messages" : [ {"role":"user","content":"hi"} ],\n  "model":  "alias" , "max_tokens": 1.50e2 }';
    const edited = edit(json, 'claude-upstream');
    expect(edited).toBe(
      '{ "messages" : [ {"role":"user","content":"hi"} ],\n  "model":  "claude-upstream" , "max_tokens": 1.50e2 }',
    );
    expect(JSON.parse(edited!)).toEqual({ ...JSON.parse(json), model: 'claude-upstream' });
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
    expect(edit(json, 'b')).toBe(json.replace('"model":"a"', '"model":"b"'));
  });

  it('declines whatever it cannot edit exactly as JSON.parse read it', () => {
    // No model, a duplicate (JSON.parse keeps the last), a non-string value, a key spelled with escapes.
    expect(edit('{"messages":[]}')).toBeUndefined();
    expect(edit('{"model":"a","messages":[],"model":"b"}')).toBeUndefined();
    expect(edit('{"model":null}')).toBeUndefined();
    expect(edit('{"model":["a"]}')).toBeUndefined();
    expect(edit('{"mod\\u0065l":"a"}')).toBeUndefined();
    // Invalid UTF-8: the parse saw U+FFFD where the bytes say something else.
    const invalid = Buffer.concat([
      Buffer.from('{"model":"a","x":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    expect(replaceTopLevelModel(invalid, 'b')).toBeUndefined();
  });

  it('agrees with JSON.parse on generated bodies', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pieces = ['model', '"', '\\', '{', '}', '[', ']', ',', ':', 'é', '😀', ' ', 'x'];
    const text = (): string =>
      Array.from(
        { length: Math.floor(random() * 12) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join('');
    const value = (depth: number): unknown => {
      const kind = Math.floor(random() * (depth > 3 ? 3 : 5));
      if (kind === 0) return text();
      if (kind === 1) return Math.floor(random() * 1000) / 10;
      if (kind === 2) return random() < 0.5 ? null : true;
      if (kind === 3) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 4) }, () => [
          random() < 0.3 ? 'model' : text(),
          value(depth + 1),
        ]),
      );
    };
    for (let round = 0; round < 500; round++) {
      // Top-level keys as clients write them (no escapes: those are declined); nested keys anything.
      const topKeys = ['messages', 'system', 'tools', 'metadata', 'x é 😀', 'max_tokens'];
      const body = Object.fromEntries(
        Array.from({ length: 1 + Math.floor(random() * 5) }, () => [
          topKeys[Math.floor(random() * topKeys.length)]!,
          value(1),
        ]),
      ) as Record<string, unknown>;
      body.model = text();
      // The model first or last, indented or not.
      const ordered = round % 2 === 0 ? body : { model: body.model, ...body };
      const json = JSON.stringify(ordered, null, round % 3 === 0 ? 2 : undefined);
      const model = text();
      const edited = edit(json, model);
      expect(edited, json).toBeDefined();
      expect(JSON.parse(edited!)).toEqual({ ...body, model });
    }
  });
});
