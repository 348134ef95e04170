import { describe, expect, it } from 'vitest';
import { OverlayMap } from './overlay-map.ts';

describe('OverlayMap', () => {
  it('answers like a Map with the changes applied, and leaves earlier versions alone', () => {
    const first = OverlayMap.of(
      new Map([
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ]),
    );
    const second = first.with([
      ['b', 20],
      ['c', undefined],
      ['d', 4],
    ]);
    expect([...second]).toEqual([
      ['a', 1],
      ['b', 20],
      ['d', 4],
    ]);
    expect([second.get('b'), second.get('c'), second.has('c'), second.has('d'), second.size]).toEqual([
      20,
      undefined,
      false,
      true,
      3,
    ]);
    expect([...first]).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const third = second.with([
      ['d', undefined],
      ['c', 30],
      ['e', undefined],
    ]);
    expect([...third.keys()]).toEqual(['a', 'b', 'c']);
    expect([...third.values()]).toEqual([1, 20, 30]);
    expect(third.size).toBe(3);
  });

  it('folds a large overlay into a new base with the same entries in the same order', () => {
    const base = new Map<string, number>(Array.from({ length: 1000 }, (_, index) => [`k${index}`, index]));
    let map = OverlayMap.of(base);
    const expected = new Map(base);
    for (let index = 0; index < 300; index++) {
      const changes: Array<[string, number | undefined]> = [
        [`k${index * 3}`, undefined],
        [`k${index * 3 + 1}`, -index],
        [`new${index}`, index],
      ];
      map = map.with(changes);
      for (const [key, value] of changes) {
        if (value === undefined) expected.delete(key);
        else expected.set(key, value);
      }
    }
    expect([...map]).toEqual([...expected]);
    expect(map.size).toBe(expected.size);
    const seen: string[] = [];
    map.forEach((_value, key) => seen.push(key));
    expect(seen).toEqual([...expected.keys()]);
  });
});
