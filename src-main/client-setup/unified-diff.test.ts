import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../tests/support/create-seeded-random.ts';
import { unifiedDiff } from './unified-diff.ts';

/** Applies a unified diff the way `patch` does, strictly: every context and removed line must match. */
function applyDiff(before: string, diff: string): string {
  if (diff === '') return before;
  const oldLines = before === '' ? [] : before.split(/(?<=\n)/);
  const output: string[] = [];
  let cursor = 0;
  const lines = diff.split('\n').slice(2, -1);
  for (let index = 0; index < lines.length; index += 1) {
    const header = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(lines[index]!);
    if (header) {
      const start = Number(header[2]) === 0 ? Number(header[1]) : Number(header[1]) - 1;
      output.push(...oldLines.slice(cursor, start));
      cursor = start;
      continue;
    }
    const line = lines[index]!;
    const noNewline = lines[index + 1] === '\\ No newline at end of file';
    const text = line.slice(1) + (noNewline ? '' : '\n');
    if (noNewline) index += 1;
    if (line[0] === '+') output.push(text);
    else {
      expect(oldLines[cursor]).toBe(text);
      if (line[0] === ' ') output.push(text);
      cursor += 1;
    }
  }
  return output.concat(oldLines.slice(cursor)).join('');
}

describe('unifiedDiff', () => {
  it('prints hunks with three lines of context and correct ranges', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', ''].join('\n');
    const after = ['a', 'B', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', ''].join('\n');
    expect(unifiedDiff('f.txt', before, after)).toBe(
      [
        '--- f.txt',
        '+++ f.txt',
        '@@ -1,5 +1,5 @@',
        ' a',
        '-b',
        '+B',
        ' c',
        ' d',
        ' e',
        '@@ -8,3 +8,4 @@',
        ' h',
        ' i',
        ' j',
        '+k',
        '',
      ].join('\n'),
    );
  });

  it('diffs a new file against /dev/null, marks a missing final newline, and is empty when nothing changed', () => {
    expect(unifiedDiff('new', undefined, 'x\ny')).toBe(
      '--- /dev/null\n+++ new\n@@ -0,0 +1,2 @@\n+x\n+y\n\\ No newline at end of file\n',
    );
    expect(unifiedDiff('same', 'a\nb\n', 'a\nb\n')).toBe('');
    // A line that only gains its newline is a change.
    expect(unifiedDiff('eol', 'a', 'a\n')).toBe(
      '--- eol\n+++ eol\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+a\n',
    );
  });

  it('produces diffs that apply back to the new text (400 random pairs)', () => {
    const random = createSeededRandom(17);
    const text = (): string => {
      const count = Math.floor(random() * 14);
      const lines = Array.from({ length: count }, () => 'abcde'[Math.floor(random() * 5)]!);
      return lines.join('\n') + (count > 0 && random() < 0.8 ? '\n' : '');
    };
    for (let round = 0; round < 400; round += 1) {
      const before = text();
      const after = text();
      const diff = unifiedDiff('f', before, after);
      expect(diff === '').toBe(before === after);
      expect(applyDiff(before, diff)).toBe(after);
    }
  });
});
