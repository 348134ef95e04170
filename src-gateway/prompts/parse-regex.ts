/**
 * A parser for the subset of JavaScript regular expressions that can run in
 * linear time (see linear-regex.ts): literals, classes, `.`, anchors, `\b`,
 * groups (capturing, named, non-capturing), alternation and every quantifier,
 * greedy or lazy. Backreferences and lookarounds need backtracking, so they are
 * refused with a message saying so. Works on UTF-16 code units, like a RegExp
 * without the `u` flag.
 */

export type CharTest = (code: number) => boolean;

export type RegexNode =
  | { kind: 'empty' }
  | { kind: 'char'; test: CharTest }
  | { kind: 'assert'; which: 'start' | 'end' | 'word' | 'not-word' }
  | { kind: 'concat'; items: RegexNode[] }
  | { kind: 'alternation'; items: RegexNode[] }
  | { kind: 'group'; index: number | null; body: RegexNode }
  | { kind: 'repeat'; body: RegexNode; min: number; max: number; greedy: boolean };

export interface ParsedRegex {
  root: RegexNode;
  /** Capture groups, group 0 (the whole match) excluded. */
  groupCount: number;
  groupNames: Map<string, number>;
}

/** A pattern this engine cannot or will not run; the message is shown to the admin. */
export class RegexRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegexRejectedError';
  }
}

/** The largest `{n,m}` bound accepted: repetitions are expanded into the program. */
export const maxRepeatBound = 1000;

const isDigit: CharTest = (code) => code >= 48 && code <= 57;
const isWord: CharTest = (code) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isSpace: CharTest = (code) =>
  code === 9 ||
  code === 10 ||
  code === 11 ||
  code === 12 ||
  code === 13 ||
  code === 32 ||
  code === 0xa0 ||
  code === 0x1680 ||
  (code >= 0x2000 && code <= 0x200a) ||
  code === 0x2028 ||
  code === 0x2029 ||
  code === 0x202f ||
  code === 0x205f ||
  code === 0x3000 ||
  code === 0xfeff;
const isLineTerminator: CharTest = (code) => code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
const not =
  (test: CharTest): CharTest =>
  (code) =>
    !test(code);

/** `\b`'s notion of a word character, shared with the VM. */
export const isWordCode = isWord;
export const isLineTerminatorCode = isLineTerminator;

/** Parse `pattern` with flags `i`, `m`, `s` (others are refused by the caller). */
export function parseRegex(pattern: string, flags: { ignoreCase: boolean; dotAll: boolean }): ParsedRegex {
  let position = 0;
  let groupCount = 0;
  const groupNames = new Map<string, number>();

  const fail = (message: string): never => {
    throw new RegexRejectedError(`${message} (at character ${position + 1})`);
  };
  const peek = (): string | undefined => pattern[position];
  const caseless = (test: CharTest): CharTest => {
    if (!flags.ignoreCase) return test;
    return (code) => {
      if (test(code)) return true;
      const char = String.fromCharCode(code);
      const lower = char.toLowerCase();
      const upper = char.toUpperCase();
      return (
        (lower.length === 1 && test(lower.charCodeAt(0))) || (upper.length === 1 && test(upper.charCodeAt(0)))
      );
    };
  };

  function parseAlternation(): RegexNode {
    const items = [parseConcat()];
    while (peek() === '|') {
      position++;
      items.push(parseConcat());
    }
    return items.length === 1 ? items[0]! : { kind: 'alternation', items };
  }

  function parseConcat(): RegexNode {
    const items: RegexNode[] = [];
    while (position < pattern.length && peek() !== '|' && peek() !== ')') {
      const atom = parseAtom();
      items.push(parseQuantifier(atom));
    }
    if (items.length === 0) return { kind: 'empty' };
    return items.length === 1 ? items[0]! : { kind: 'concat', items };
  }

  function parseQuantifier(atom: RegexNode): RegexNode {
    let min: number;
    let max: number;
    const char = peek();
    if (char === '*') [min, max] = [0, Infinity];
    else if (char === '+') [min, max] = [1, Infinity];
    else if (char === '?') [min, max] = [0, 1];
    else if (char === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(position));
      if (!match) return atom; // A lone `{` is a literal, as in a RegExp without `u`.
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
      if (min > max) fail('numbers out of order in {} quantifier');
      if (min > maxRepeatBound || (max !== Infinity && max > maxRepeatBound))
        fail(`repetition bounds above ${maxRepeatBound} are not supported`);
      position += match[0].length - 1;
    } else return atom;
    position++;
    if (atom.kind === 'assert') fail('nothing to repeat');
    let greedy = true;
    if (peek() === '?') {
      greedy = false;
      position++;
    }
    const next = peek();
    if (
      next === '*' ||
      next === '+' ||
      next === '?' ||
      (next === '{' && /^\{\d/.test(pattern.slice(position)))
    )
      fail('nothing to repeat');
    return { kind: 'repeat', body: atom, min, max, greedy };
  }

  function parseAtom(): RegexNode {
    const char = pattern[position++]!;
    switch (char) {
      case '^':
        return { kind: 'assert', which: 'start' };
      case '$':
        return { kind: 'assert', which: 'end' };
      case '.':
        return { kind: 'char', test: flags.dotAll ? () => true : not(isLineTerminator) };
      case '[':
        return { kind: 'char', test: parseClass() };
      case '(':
        return parseGroup();
      case ')':
        return fail('unmatched ")"');
      case '*':
      case '+':
      case '?':
        return fail('nothing to repeat');
      case '\\':
        return parseEscape();
      default: {
        const code = char.charCodeAt(0);
        return { kind: 'char', test: caseless((candidate) => candidate === code) };
      }
    }
  }

  function parseGroup(): RegexNode {
    let index: number | null = null;
    if (pattern.startsWith('?:', position)) position += 2;
    else if (pattern.startsWith('?=', position) || pattern.startsWith('?!', position))
      fail('lookahead is not supported (it needs a backtracking engine)');
    else if (pattern.startsWith('?<=', position) || pattern.startsWith('?<!', position))
      fail('lookbehind is not supported (it needs a backtracking engine)');
    else if (pattern.startsWith('?<', position)) {
      const match = /^\?<([A-Za-z_$][\w$]*)>/.exec(pattern.slice(position));
      if (!match) fail('invalid capture group name');
      const name = match![1]!;
      if (groupNames.has(name)) fail(`duplicate capture group name "${name}"`);
      index = ++groupCount;
      groupNames.set(name, index);
      position += match![0].length;
    } else if (peek() === '?') fail('invalid group');
    else index = ++groupCount;
    const body = parseAlternation();
    if (peek() !== ')') fail('unterminated group');
    position++;
    return { kind: 'group', index, body };
  }

  /** One escape outside a class. */
  function parseEscape(): RegexNode {
    const char = pattern[position];
    if (char === undefined) return fail('\\ at end of pattern');
    if (char === 'b' || char === 'B') {
      position++;
      return { kind: 'assert', which: char === 'b' ? 'word' : 'not-word' };
    }
    if (/[1-9]/.test(char) || char === 'k')
      fail('backreferences are not supported (they need a backtracking engine)');
    return { kind: 'char', test: caseless(parseEscapedChar(false)) };
  }

  /** The escape after `\` as a character test; `inClass` makes `\b` a backspace. */
  function parseEscapedChar(inClass: boolean): CharTest {
    const char = pattern[position++];
    switch (char) {
      case 'd':
        return isDigit;
      case 'D':
        return not(isDigit);
      case 'w':
        return isWord;
      case 'W':
        return not(isWord);
      case 's':
        return isSpace;
      case 'S':
        return not(isSpace);
      case undefined:
        return fail('\\ at end of pattern');
      case 'p':
      case 'P':
        return fail('\\p{...} needs the u flag, which is not supported');
      case 'c':
        return fail('\\c control escapes are not supported');
      default: {
        const code = escapedCode(char, inClass);
        return (candidate) => candidate === code;
      }
    }
  }

  function escapedCode(char: string, inClass: boolean): number {
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 };
    if (char === 'b' && inClass) return 8;
    if (char === '0' && /[0-9]/.test(peek() ?? '')) fail('octal escapes are not supported');
    if (simple[char] !== undefined) return simple[char]!;
    if (char === 'x' || char === 'u') {
      const length = char === 'x' ? 2 : 4;
      const hex = pattern.slice(position, position + length);
      if (new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) {
        position += length;
        return parseInt(hex, 16);
      }
      if (char === 'u' && peek() === '{') fail('\\u{...} needs the u flag, which is not supported');
    }
    if (inClass && /[1-9]/.test(char)) fail('octal escapes are not supported');
    return char.charCodeAt(0); // Identity escape: `\.`, `\/`, `\-` ...
  }

  /** A `[...]` class, after the `[`. */
  function parseClass(): CharTest {
    const negate = peek() === '^';
    if (negate) position++;
    const parts: CharTest[] = [];
    while (peek() !== ']') {
      if (position >= pattern.length) fail('unterminated character class');
      const start = classAtom();
      if (peek() === '-' && pattern[position + 1] !== ']' && pattern[position + 1] !== undefined) {
        position++;
        const end = classAtom();
        if (start.code === undefined || end.code === undefined) {
          // `[\d-z]` is a union of `\d`, `-` and `z` in a RegExp without `u`.
          parts.push(start.test, (code) => code === 45, end.test);
          continue;
        }
        if (start.code > end.code) fail('range out of order in character class');
        const [low, high] = [start.code, end.code];
        parts.push((code) => code >= low && code <= high);
      } else parts.push(start.test);
    }
    position++;
    const test = caseless((code) => parts.some((part) => part(code)));
    return negate ? not(test) : test;
  }

  /** One class member: a single character (with its code, so it can start or end a range) or a set escape. */
  function classAtom(): { test: CharTest; code?: number } {
    const char = pattern[position++]!;
    if (char !== '\\') {
      const code = char.charCodeAt(0);
      return { test: (candidate) => candidate === code, code };
    }
    const escaped = peek();
    if (escaped !== undefined && 'dDwWsS'.includes(escaped)) return { test: parseEscapedChar(true) };
    if (escaped === 'p' || escaped === 'P' || escaped === 'c') return { test: parseEscapedChar(true) };
    position++;
    const code = escapedCode(escaped ?? fail('\\ at end of pattern'), true);
    return { test: (candidate) => candidate === code, code };
  }

  const root = parseAlternation();
  if (position < pattern.length) fail('unmatched ")"');
  return { root, groupCount, groupNames };
}
