import { describe, expect, it } from 'vitest';
import { matchAlias, matchGlob } from './match-alias.ts';

describe('matchGlob', () => {
  it('matches a star against any run of characters, including none', () => {
    expect(matchGlob('claude-*', 'claude-sonnet-4-5')).toBe(true);
    expect(matchGlob('claude-*', 'claude-')).toBe(true);
    expect(matchGlob('claude-*', 'claude')).toBe(false);
    expect(matchGlob('*-mini', 'gpt-4o-mini')).toBe(true);
    expect(matchGlob('gpt-*-mini', 'gpt-4o')).toBe(false);
    expect(matchGlob('*', 'anything')).toBe(true);
  });

  it('matches a question mark against exactly one character', () => {
    expect(matchGlob('gpt-?o', 'gpt-4o')).toBe(true);
    expect(matchGlob('gpt-?o', 'gpt-o')).toBe(false);
    expect(matchGlob('gpt-?o', 'gpt-45o')).toBe(false);
  });

  it('matches whole names only, ignoring case', () => {
    expect(matchGlob('claude', 'claude-3')).toBe(false);
    expect(matchGlob('Claude-*', 'CLAUDE-OPUS')).toBe(true);
  });

  it('backtracks over several stars', () => {
    expect(matchGlob('*sonnet*4*', 'claude-3-sonnet-2024-04')).toBe(true);
    expect(matchGlob('*sonnet*5', 'claude-sonnet-4')).toBe(false);
  });

  it('treats regular-expression characters literally', () => {
    expect(matchGlob('a.b', 'a.b')).toBe(true);
    expect(matchGlob('a.b', 'axb')).toBe(false);
    expect(matchGlob('(x)+', '(x)+')).toBe(true);
  });

  it('finishes quickly on patterns that are slow for backtracking regexes', () => {
    const started = performance.now();
    expect(matchGlob('*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('matchAlias', () => {
  const aliases = [
    { pattern: 'claude-*-haiku*', target: 'fast' },
    { pattern: 'claude-*', target: 'smart' },
  ];

  it('answers the first matching rule in order', () => {
    expect(matchAlias(aliases, 'claude-3-5-haiku-latest')).toBe('fast');
    expect(matchAlias(aliases, 'claude-sonnet-4-5')).toBe('smart');
  });

  it('answers nothing when no rule matches', () => {
    expect(matchAlias(aliases, 'gpt-4o')).toBeUndefined();
    expect(matchAlias([], 'claude-x')).toBeUndefined();
  });
});
