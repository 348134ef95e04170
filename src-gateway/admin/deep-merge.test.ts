import { describe, expect, it } from 'vitest';
import { deepMerge } from './deep-merge.ts';

describe('deepMerge', () => {
  it('merges nested objects, replaces arrays and scalars, keeps the inputs intact', () => {
    const base = {
      monitoring: { enabled: false },
      lanStatus: { enabled: false, port: 3001 },
      aliases: [{ a: 1 }],
    };
    const patch = { lanStatus: { port: 4000 }, aliases: [{ b: 2 }], extra: 'x' };
    expect(deepMerge(base, patch)).toEqual({
      monitoring: { enabled: false },
      lanStatus: { enabled: false, port: 4000 },
      aliases: [{ b: 2 }],
      extra: 'x',
    });
    expect(base.lanStatus.port).toBe(3001);
  });

  it('removes keys given as null and ignores prototype keys', () => {
    const patch = JSON.parse('{"alerts":{"webhookUrl":null},"__proto__":{"polluted":true}}');
    const merged = deepMerge({ alerts: { webhookUrl: 'http://127.0.0.1/x', secretHeader: 's' } }, patch);
    expect(merged).toEqual({ alerts: { secretHeader: 's' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });

  it('merges a patch 100,000 levels deep without overflowing the stack', () => {
    const patch = JSON.parse('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000));
    let level = deepMerge({ a: { kept: true } }, patch);
    expect((level.a as Record<string, unknown>).kept).toBe(true);
    for (let index = 0; index < 100_000; index++) level = level.a as Record<string, unknown>;
    expect(level).toBe(1);
  });
});
