import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonPreview } from './json-preview.ts';

/** What the request log kept before: the whole body serialized, then cut. */
function cutWhole(body: unknown, limit: number): string {
  const text = JSON.stringify(body);
  return text.length <= limit ? text : `${text.slice(0, limit)}…[truncated]`;
}

describe('jsonPreview', () => {
  it('is the serialized body cut at the limit, without serializing what lies past it', () => {
    let serialized = 0;
    const message = (index: number) => ({
      role: 'user',
      toJSON() {
        serialized++;
        return { role: 'user', content: `message ${index} ${'x'.repeat(1000)}` };
      },
    });
    const body = { model: 'm', messages: Array.from({ length: 400 }, (_, index) => message(index)) };
    expect(jsonPreview(body, 4096)).toBe(cutWhole(body, 4096));
    serialized = 0;
    jsonPreview(body, 4096);
    expect(serialized).toBeLessThan(10);
  });

  it('keeps a body under the limit whole, and agrees with the whole cut on generated bodies', () => {
    expect(jsonPreview({ a: 1, b: [1, undefined] }, 100)).toBe('{"a":1,"b":[1,null]}');
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string(),
          fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.array(fc.jsonValue({ maxDepth: 2 }))),
        ),
        fc.nat({ max: 300 }),
        (body, limit) => {
          expect(jsonPreview(body, limit)).toBe(cutWhole(body, limit));
        },
      ),
      { numRuns: 300 },
    );
  });
});
