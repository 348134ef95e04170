import { describe, expect, it } from 'vitest';
import { sanitizeGeminiSchema } from './sanitize-gemini-schema.ts';

describe('sanitizeGeminiSchema', () => {
  it('strips keywords Gemini rejects, at every depth, without touching property names', () => {
    const input = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'Args',
      type: 'object',
      additionalProperties: false,
      propertyNames: { pattern: '^[a-z]+$' },
      properties: {
        title: { type: 'string', default: 'x', examples: ['y'], format: 'uri' },
        count: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10, minimum: 1, format: 'int32' },
        tags: { type: 'array', uniqueItems: true, items: { type: 'string', format: 'date-time' } },
      },
      required: ['title', 'missing'],
    };
    const copy = structuredClone(input);
    expect(sanitizeGeminiSchema(input)).toEqual({
      type: 'object',
      properties: {
        title: { type: 'string' },
        count: { type: 'integer', minimum: 1, format: 'int32' },
        tags: { type: 'array', items: { type: 'string', format: 'date-time' } },
      },
      required: ['title'],
    });
    expect(input).toEqual(copy);
  });

  it('gives arrays without items an empty items schema, nested ones too', () => {
    expect(
      sanitizeGeminiSchema({
        type: 'object',
        properties: { rows: { type: 'array', items: { type: 'array' } } },
      }),
    ).toEqual({
      type: 'object',
      properties: { rows: { type: 'array', items: { type: 'array', items: {} } } },
    });
  });

  it('turns const into enum and drops non-string enums', () => {
    expect(sanitizeGeminiSchema({ const: 'fixed' })).toEqual({ type: 'string', enum: ['fixed'] });
    expect(sanitizeGeminiSchema({ type: 'integer', enum: [1, 2] })).toEqual({ type: 'integer' });
    expect(sanitizeGeminiSchema({ type: 'string', enum: ['a', null] })).toEqual({
      type: 'string',
      enum: ['a'],
      nullable: true,
    });
  });

  it('spells nullability the Gemini way', () => {
    expect(sanitizeGeminiSchema({ type: ['string', 'null'] })).toEqual({ type: 'string', nullable: true });
    expect(sanitizeGeminiSchema({ anyOf: [{ type: 'number' }, { type: 'null' }] })).toEqual({
      type: 'number',
      nullable: true,
    });
    expect(sanitizeGeminiSchema({ oneOf: [{ type: 'number' }, { type: 'string' }] })).toEqual({
      anyOf: [{ type: 'number' }, { type: 'string' }],
    });
  });

  it('inlines $defs references and cuts recursive ones', () => {
    const schema = {
      type: 'object',
      $defs: {
        point: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] },
        node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } } },
      },
      properties: {
        at: { $ref: '#/$defs/point', description: 'where' },
        tree: { $ref: '#/$defs/node' },
        other: { $ref: '#/nowhere' },
      },
    };
    const result = sanitizeGeminiSchema(schema) as { $defs?: unknown; properties: Record<string, unknown> };
    expect(result.$defs).toBeUndefined();
    expect(result.properties.at).toEqual({
      type: 'object',
      description: 'where',
      properties: { x: { type: 'number' } },
      required: ['x'],
    });
    expect(result.properties.other).toEqual({ type: 'object' });
    expect(JSON.stringify(result)).not.toContain('$ref');
  });

  it('merges allOf parts', () => {
    expect(
      sanitizeGeminiSchema({
        allOf: [
          { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
          { properties: { b: { type: 'number' } }, required: ['b'] },
        ],
      }),
    ).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number' } },
      required: ['a', 'b'],
    });
  });

  it.each(['constructor', '__proto__', 'valueOf'])(
    'keeps a schema typed %s without throwing, and without a format (found by tests/fuzz)',
    (type) => {
      const sanitized = sanitizeGeminiSchema({
        type: 'object',
        properties: { a: { type, format: 'date-time' } },
      });
      expect((sanitized.properties as Record<string, Record<string, unknown>>).a!.format).toBeUndefined();
    },
  );
});
