import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth } from './exceeds-json-depth.ts';

const nestedArrays = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
const nestedObjects = (levels: number): unknown =>
  JSON.parse('{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1));

describe('exceedsJsonDepth', () => {
  it('counts each object or array as one level, scalars as none', () => {
    expect(exceedsJsonDepth('text', 0)).toBe(false);
    expect(exceedsJsonDepth({}, 1)).toBe(false);
    expect(exceedsJsonDepth({ a: 1, b: 'x' }, 1)).toBe(false);
    expect(exceedsJsonDepth({ a: [] }, 1)).toBe(true);
    expect(exceedsJsonDepth(nestedArrays(128), 128)).toBe(false);
    expect(exceedsJsonDepth(nestedArrays(129), 128)).toBe(true);
    expect(exceedsJsonDepth(nestedObjects(128), 128)).toBe(false);
    expect(exceedsJsonDepth(nestedObjects(129), 128)).toBe(true);
  });

  it('finds a deep branch beside wide shallow ones', () => {
    const value = { wide: Array.from({ length: 1000 }, () => ({ x: [1] })), deep: nestedArrays(200) };
    expect(exceedsJsonDepth(value)).toBe(true);
    expect(exceedsJsonDepth({ wide: value.wide })).toBe(false);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(exceedsJsonDepth(nestedArrays(100_000), 100_001)).toBe(false);
    expect(exceedsJsonDepth(nestedArrays(100_000))).toBe(true);
  });
});
