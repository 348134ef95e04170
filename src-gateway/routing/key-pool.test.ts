import { describe, expect, it } from 'vitest';
import { chooseKey, createKeyPool } from './key-pool.ts';

describe('chooseKey', () => {
  const none = (): undefined => undefined;

  it('takes keys in turn from the cursor', () => {
    expect(chooseKey(['a', 'b', 'c'], 0, none, 0)).toEqual({ key: 'a', index: 0 });
    expect(chooseKey(['a', 'b', 'c'], 4, none, 0)).toEqual({ key: 'b', index: 1 });
  });

  it('skips a cooling key', () => {
    const cooling = (key: string): number | undefined => (key === 'b' ? 5000 : undefined);
    expect(chooseKey(['a', 'b', 'c'], 1, cooling, 1000)).toEqual({ key: 'c', index: 2 });
    expect(chooseKey(['a', 'b', 'c'], 1, cooling, 5000)).toEqual({ key: 'b', index: 1 });
  });

  it('uses the key that recovers first when all are cooling', () => {
    const cooling = (key: string): number => ({ a: 9000, b: 3000, c: 7000 })[key]!;
    expect(chooseKey(['a', 'b', 'c'], 0, cooling, 1000)).toEqual({ key: 'b', index: 1 });
  });

  it('answers no key for a keyless provider', () => {
    expect(chooseKey([], 0, none, 0).key).toBeUndefined();
  });
});

describe('createKeyPool', () => {
  it('rotates keys, rests a cooled key until its time and then uses it again', () => {
    let now = 1000;
    const pool = createKeyPool({ clock: { now: () => now } });
    const keys = ['k1', 'k2', 'k3'];
    expect([pool.pick('p', keys), pool.pick('p', keys), pool.pick('p', keys), pool.pick('p', keys)]).toEqual([
      'k1',
      'k2',
      'k3',
      'k1',
    ]);
    pool.coolDown('p', 'k2', 4000);
    expect([pool.pick('p', keys), pool.pick('p', keys), pool.pick('p', keys)]).toEqual(['k3', 'k1', 'k3']);
    expect(pool.coolingCount('p', keys)).toBe(1);
    now = 4000;
    expect(pool.coolingUntil('p', 'k2')).toBeUndefined();
    expect([pool.pick('p', keys), pool.pick('p', keys)]).toEqual(['k1', 'k2']);
  });

  it('keeps providers apart and never shortens a cooldown', () => {
    const now = 0;
    const pool = createKeyPool({ clock: { now: () => now } });
    pool.coolDown('p', 'shared', 9000);
    pool.coolDown('p', 'shared', 2000);
    expect(pool.coolingUntil('p', 'shared')).toBe(9000);
    expect(pool.coolingUntil('q', 'shared')).toBeUndefined();
  });

  it('reports when a provider whose keys are all cooling can serve again', () => {
    const pool = createKeyPool({ clock: { now: () => 0 } });
    pool.coolDown('p', 'k1', 5000);
    expect(pool.providerCoolingUntil('p', ['k1', 'k2'])).toBeUndefined();
    pool.coolDown('p', 'k2', 3000);
    expect(pool.providerCoolingUntil('p', ['k1', 'k2'])).toBe(3000);
    expect(pool.providerCoolingUntil('p', [])).toBeUndefined();
  });

  it('rests a key for one model only, so the key keeps serving its other models', () => {
    let now = 0;
    const pool = createKeyPool({ clock: { now: () => now } });
    pool.coolDown('p', 'only', 1000, 'model-a');
    expect(pool.coolingUntil('p', 'only', 'model-a')).toBe(1000);
    expect(pool.coolingUntil('p', 'only', 'model-b')).toBeUndefined();
    expect(pool.coolingUntil('p', 'only')).toBeUndefined();
    expect(pool.providerCoolingUntil('p', ['only'], 'model-a')).toBe(1000);
    expect(pool.providerCoolingUntil('p', ['only'], 'model-b')).toBeUndefined();
    expect([
      pool.coolingCount('p', ['only'], 'model-a'),
      pool.coolingCount('p', ['only'], 'model-b'),
    ]).toEqual([1, 0]);
    // With a sibling key, model A moves to it while model B keeps using both in turn.
    const keys = ['only', 'other'];
    expect([pool.pick('p', keys, 'model-a'), pool.pick('p', keys, 'model-a')]).toEqual(['other', 'other']);
    expect([pool.pick('p', keys, 'model-b'), pool.pick('p', keys, 'model-b')]).toEqual(['only', 'other']);
    now = 1000;
    expect(pool.providerCoolingUntil('p', ['only'], 'model-a')).toBeUndefined();
  });

  it('rests a whole key for every model, whatever any model-only cooldown says', () => {
    const pool = createKeyPool({ clock: { now: () => 0 } });
    pool.coolDown('p', 'k', 2000, 'model-a');
    pool.coolDown('p', 'k', 5000);
    expect(pool.coolingUntil('p', 'k', 'model-a')).toBe(5000);
    expect(pool.coolingUntil('p', 'k', 'model-b')).toBe(5000);
    pool.coolDown('p', 'k', 9000, 'model-a');
    expect(pool.coolingUntil('p', 'k', 'model-a')).toBe(9000);
    expect(pool.providerCoolingUntil('p', ['k'], 'model-b')).toBe(5000);
  });
});
