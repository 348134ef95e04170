import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { serializeJsonBody } from './serialize-json-body.ts';

const large = 128 * 1024;

function text(body: string | Buffer[]): string {
  return typeof body === 'string' ? body : Buffer.concat(body).toString('utf8');
}

describe('serializeJsonBody', () => {
  it('is one JSON.stringify for an ordinary body', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    expect(serializeJsonBody(body, 1000)).toBe(JSON.stringify(body));
  });

  it('writes a large body as Buffers of 64 KB with the bytes JSON.stringify writes', () => {
    const file = 'const greeting = "héllo \\"wörld\\"";\n// 日本語 😀\n'.repeat(40);
    const body = {
      model: 'm',
      max_tokens: 64,
      messages: Array.from({ length: 300 }, (_, index) => ({
        role: index % 2 ? 'assistant' : 'user',
        content: [{ type: 'text', text: file }],
      })),
      tools: [],
      metadata: { user_id: 'u' },
    };
    const pieces = serializeJsonBody(body, 500_000);
    expect(Array.isArray(pieces)).toBe(true);
    expect((pieces as Buffer[]).length).toBeGreaterThan(5);
    for (const piece of pieces as Buffer[]) expect(piece.length).toBeLessThanOrEqual(64 * 1024);
    expect(text(pieces)).toBe(JSON.stringify(body));
  });

  it('leaves out what JSON.stringify leaves out, and writes null for it inside arrays', () => {
    const body = {
      gone: undefined,
      fn: () => 1,
      kept: 1,
      list: [undefined, () => 1, Symbol('s'), 2],
      nested: { gone: undefined, date: new Date(0) },
      empty: [],
    };
    expect(text(serializeJsonBody(body, large))).toBe(JSON.stringify(body));
    expect(text(serializeJsonBody({}, large))).toBe('{}');
    expect(text(serializeJsonBody({ a: undefined }, large))).toBe('{}');
    expect(text(serializeJsonBody({ a: undefined, b: [] }, large))).toBe('{"b":[]}');
  });

  it('agrees with JSON.stringify on generated bodies', () => {
    const value = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(value, fc.array(value, { maxLength: 40 }))), (body) => {
        expect(text(serializeJsonBody(body, large))).toBe(JSON.stringify(body));
      }),
      { numRuns: 300 },
    );
  });
});
