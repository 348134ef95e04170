import { describe, expect, it } from 'vitest';
import { parseRegex } from './parse-regex.ts';
import { shortestMatchLength } from './shortest-match-length.ts';

const shortest = (pattern: string): number =>
  shortestMatchLength(parseRegex(pattern, { ignoreCase: false, dotAll: false }).root);

describe('shortestMatchLength', () => {
  it('counts the fewest characters a match can cover', () => {
    expect(shortest('abc')).toBe(3);
    expect(shortest('a|bcd')).toBe(1);
    expect(shortest('(ab){2,5}c')).toBe(5);
    expect(shortest('x+')).toBe(1);
  });

  it('is 0 for patterns that can match empty text', () => {
    for (const pattern of ['^', '\\b', 'x*', 'a?', '(?:)', 'a|']) expect(shortest(pattern)).toBe(0);
  });
});
