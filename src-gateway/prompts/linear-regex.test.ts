import { describe, expect, it } from 'vitest';
import { compileLinearRegex, RegexBudgetExceededError } from './linear-regex.ts';
import { RegexRejectedError } from './parse-regex.ts';

/** Replace every match with `<match|group1>`, with our engine and with the native one. */
function both(pattern: string, flags: string, text: string): [string, string] {
  const mine = compileLinearRegex(pattern, flags).replaceAll(
    text,
    { remaining: 1e7 },
    ({ text: source, spans }) => {
      const group = spans.length > 2 && spans[2]! >= 0 ? source.slice(spans[2], spans[3]) : '';
      return `<${source.slice(spans[0], spans[1])}|${group}>`;
    },
  );
  const native = text.replace(
    new RegExp(pattern, `${flags}g`),
    (whole: string, first: unknown) => `<${whole}|${typeof first === 'string' ? first : ''}>`,
  );
  return [mine, native];
}

describe('linear regex engine', () => {
  it.each([
    ['a+', '', 'baaac aa'],
    ['(a+)+$', '', 'aaaaaaaaaaaab aaa'],
    ['\\bfoo\\b', 'i', 'Foo food foo'],
    ['x*', '', 'abc'],
    ['(\\d+)-(\\d+)', '', '10-20 and 3-4'],
    ['colou?r', '', 'color colour'],
    ['a|ab', '', 'ab'],
    ['(a|ab)(c|bcd)', '', 'abcd'],
    ['^\\s+|\\s+$', 'm', '  hi  \n  there  '],
    ['.*?x', '', 'aaxbbx'],
    ['.+', 's', 'a\nb'],
    ['.+', '', 'a\nb'],
    ['[^a-c]+', '', 'abcdefabc'],
    ['[\\d-z]+', '', 'a1-z9'],
    ['a{2,3}', '', 'aaaaaaa'],
    ['a{2,}?', '', 'aaaaa'],
    ['(?<year>\\d{4})', '', 'in 2024 and 1999'],
    ['[\\w.-]+@[\\w.-]+', '', 'mail a.b@c.d now'],
    ['^', 'm', 'a\nb'],
    ['$', '', 'ab'],
    ['(a*)*', '', 'aab'],
    ['(a*)+b', '', 'aaab'],
    ['\\u00e9|\\x41', 'i', 'éÉaA'],
    ['{', '', 'a{b'],
    ['[]a', '', 'a[]a'],
    ['secret-\\w+', 'i', 'my SECRET-abc and secret-def'],
  ])('matches like a native RegExp: /%s/%s on %j', (pattern, flags, text) => {
    const [mine, native] = both(pattern, flags, text);
    expect(mine).toBe(native);
  });

  it('runs a pattern that is catastrophic for backtracking in linear time', () => {
    const regex = compileLinearRegex('(a+)+$');
    const text = `${'a'.repeat(50_000)}b`;
    const started = performance.now();
    expect(regex.replaceAll(text, { remaining: 1e8 }, () => 'X')).toBe(text);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('stops with an error when a run spends the whole budget', () => {
    const regex = compileLinearRegex('(a|b)*c');
    expect(() => regex.replaceAll('ab'.repeat(10_000), { remaining: 1_000 }, () => '')).toThrow(
      RegexBudgetExceededError,
    );
  });

  it.each([
    ['(a)\\1', /backreferences are not supported/],
    ['(?<n>a)\\k<n>', /backreferences are not supported/],
    ['a(?=b)', /lookahead is not supported/],
    ['(?<!a)b', /lookbehind is not supported/],
    ['(unclosed', /Invalid regular expression|unterminated/],
    ['*a', /Nothing to repeat|nothing to repeat/],
    ['a{5,2}', /out of order/],
    ['(a{1000}){1000}', /too large/],
  ])('refuses /%s/ with a reason', (pattern, reason) => {
    expect(() => compileLinearRegex(pattern)).toThrow(RegexRejectedError);
    expect(() => compileLinearRegex(pattern)).toThrow(reason);
  });

  it('refuses flags it does not support', () => {
    expect(() => compileLinearRegex('a', 'u')).toThrow(/unsupported flags/);
  });
});
