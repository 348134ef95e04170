import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { modelSchema } from '../../../src-shared/schemas/model.ts';
import { virtualModelSchema } from '../../../src-shared/schemas/virtual-model.ts';
import { compileRowCheck } from './compile-row-check.ts';
import { virtualKeyRecordSchema } from './virtual-key-repository.ts';

const now = '2026-01-02T03:04:05.000Z';

/** A small deterministic generator (mulberry32): the same rows at every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Valid rows, as fromRow builds them (keys in column order, optional fields sometimes absent). */
function validRows(next: () => number) {
  const maybe = <T>(value: T): T | undefined => (next() < 0.5 ? value : undefined);
  const defined = (record: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
  const index = Math.floor(next() * 10_000);
  const model = defined({
    id: `mdl_${index}`,
    providerId: 'prv_1',
    name: `model-${index}`,
    upstreamModel: `upstream-${index}`,
    enabled: next() < 0.5,
    inputCostPerToken: maybe(next() / 1000),
    outputCostPerToken: maybe(0),
    cacheReadCostPerToken: maybe(1),
    cacheWriteCostPerToken: maybe(next() / 10),
    contextWindow: maybe(128_000),
    maxOutputTokens: maybe(1 + Math.floor(next() * 1000)),
    capabilities: maybe(defined({ tools: maybe(true), vision: maybe(false), pdf: maybe(true) })),
    catalogId: maybe('openai/gpt-4o'),
    createdAt: now,
    updatedAt: maybe('2026-01-02T03:04:05+02:00') ?? now,
  });
  const virtualKey = defined({
    id: `vk_${index}`,
    name: `key-${index}`,
    enabled: true,
    allowedModels: next() < 0.5 ? [] : ['gpt-4o', 'claude'],
    rpm: maybe(60),
    tpm: maybe(100_000),
    maxConcurrency: maybe(4),
    budgetUsd: maybe(12.5),
    budgetPeriod: maybe('month'),
    expiresAt: maybe('2027-01-01T00:00:00Z'),
    allowedIps: maybe(['10.0.0.0/8', '::1']),
    logBodies: maybe(false),
    defaultModel: maybe('gpt-4o'),
    keyHint: 'wxyz',
    isMonitoring: false,
    createdAt: now,
    updatedAt: now,
    keyHash: 'ab'.repeat(32),
  });
  const virtualModel = defined({
    id: `vm_${index}`,
    name: `virtual-${index}`,
    strategy: 'weighted',
    targets: [
      { modelId: 'mdl_1', weight: 2 },
      { modelId: 'mdl_2', priority: 1 },
    ],
    promptRules: [
      { type: 'system', mode: 'prepend', text: 'Be brief.' },
      { type: 'replace', pattern: 'a+', replacement: 'b', regex: true, flags: 'im', scope: 'user' },
      { type: 'append', text: '!', firstTurnOnly: true },
    ],
    enabled: true,
    paramOverrides: maybe({
      defaults: { temperature: 0.2, stop: ['x'] },
      caps: { max_tokens: 1000 },
      remove: ['seed'],
    }),
    maxAttempts: maybe(3),
    createdAt: now,
    updatedAt: now,
  });
  return [
    { schema: modelSchema, row: model },
    { schema: virtualKeyRecordSchema, row: virtualKey },
    { schema: virtualModelSchema, row: virtualModel },
  ];
}

/** Values that break one rule or another: types, bounds, trimming, formats, NaN, Infinity, shapes. */
const replacements: unknown[] = [
  undefined,
  null,
  '',
  ' padded ',
  'x'.repeat(257),
  'x'.repeat(65),
  0,
  -1,
  1.5,
  2,
  2 ** 60,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  'true',
  [],
  [1],
  ['ok', ''],
  {},
  { type: 'system', text: 'x' },
  { type: 'unknown', text: 'x' },
  { modelId: '' },
  '2026-13-01T00:00:00Z',
  '2026-01-02T03:04:05',
  '2026-02-30T00:00:00Z',
  'month',
  'weighted',
  'not an ip',
  'Z'.repeat(64),
];

/** Every path into a value (object keys, array indexes), the value itself first. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const here = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => here.push(...paths(item, [...prefix, index])));
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) here.push(...paths(item, [...prefix, key]));
  return here;
}

/** A deep copy of `value` with the thing at `path` replaced (or deleted, for undefined). */
function replaced(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (replacement === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

/** What the fast path promises: accepted means zod accepts it and returns the very same value. */
function expectAgreement(schema: z.ZodType, value: unknown): boolean {
  const accepted = compileRowCheck(schema)!(value);
  if (accepted) {
    const parsed = schema.safeParse(value);
    expect(parsed.success, JSON.stringify(value)).toBe(true);
    expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(value));
    expect(parsed.data).toStrictEqual(value);
  }
  return accepted;
}

describe('compileRowCheck', () => {
  it('accepts the valid rows of the configuration tables, as zod does, without changing them', () => {
    const next = random(1);
    for (let round = 0; round < 200; round++) {
      for (const { schema, row } of validRows(next))
        expect(expectAgreement(schema, row), JSON.stringify(row)).toBe(true);
    }
  });

  it('never accepts a mutated row that zod rejects or would return changed', () => {
    const next = random(2);
    let rejected = 0;
    for (let round = 0; round < 6; round++) {
      for (const { schema, row } of validRows(next)) {
        for (const path of paths(row)) {
          for (const replacement of replacements) {
            if (!expectAgreement(schema, replaced(row, path, replacement))) rejected++;
          }
        }
        // An unknown key (zod strips it) and the keys out of the schema's order (zod reorders them).
        expectAgreement(schema, { ...row, extra: 1 });
        expect(compileRowCheck(schema)!({ ...row, extra: 1 })).toBe(false);
        const reversed = Object.fromEntries(Object.entries(row).reverse());
        expect(compileRowCheck(schema)!(reversed)).toBe(false);
      }
    }
    expect(rejected).toBeGreaterThan(1000);
  });

  it('gives no check for a schema it cannot read whole, so every row goes through zod', () => {
    expect(compileRowCheck(z.object({ url: z.string().url() }))).toBeUndefined();
    expect(compileRowCheck(z.object({ n: z.number().refine((value) => value !== 3) }))).toBeUndefined();
    expect(compileRowCheck(z.object({ s: z.string().transform((value) => value.length) }))).toBeUndefined();
    expect(compileRowCheck(z.looseObject({ a: z.string() }))).toBeUndefined();
    expect(compileRowCheck(z.union([z.string(), z.number()]))).toBeUndefined();
  });

  it('does not accept a value a default, a transform on a string or an absent unknown would change', () => {
    const check = compileRowCheck(
      z.object({ flag: z.boolean().default(true), name: z.string().trim().toLowerCase(), any: z.unknown() }),
    )!;
    expect(check({ flag: false, name: 'abc', any: 1 })).toBe(true);
    expect(check({ name: 'abc', any: 1 })).toBe(false);
    expect(check({ flag: true, name: 'Abc', any: 1 })).toBe(false);
    expect(check({ flag: true, name: 'abc ', any: 1 })).toBe(false);
    expect(check({ flag: true, name: 'abc' })).toBe(false);
  });
});
