import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

/** Tracked (and new, not ignored) files under the folders whose code runs in tests, builds or the app. */
function filesUnder(folders: string[]): string[] {
  const listed = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '--', ...folders],
    { cwd: root, encoding: 'utf8' },
  );
  return listed
    .split('\n')
    .filter((file) => /\.(ts|mts|mjs|js|cjs|vue|json|sh)$/.test(file) || file.startsWith('.ci/'));
}

/**
 * A path that climbs out of the repository (the shared data folder beside it, or any relative climb deeper than the
 * file's own folder), written in a string. A fresh clone has nothing beside it (issue 13).
 */
function outsideReferences(file: string, text = readFileSync(path.join(root, file), 'utf8')): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/['"`]((?:\.\.\/)+)([^'"`\s]*)/g)) {
    const target = path.resolve(root, path.dirname(file), match[1]!, match[2]!);
    if (!target.startsWith(root + path.sep) && target !== root) found.push(match[0]!.slice(1));
  }
  for (const match of text.matchAll(/\bshared\/(data|docs|tools)\b/g)) found.push(match[0]!);
  return found;
}

describe('the repository stands alone', () => {
  it('no code, test, script, bench or CI file refers to a path outside the repository', () => {
    const offenders = filesUnder([
      'src-gateway',
      'src-shared',
      'src-status',
      'src-main',
      'src-renderer',
      'tests',
      'scripts',
      'bench',
      '.ci',
    ])
      .concat(['package.json', 'vitest.config.ts', 'vite.status.config.ts', 'vite.renderer.config.ts'])
      .flatMap((file) => outsideReferences(file).map((reference) => `${file}: ${reference}`));
    expect(offenders).toEqual([]);
  });

  it('tracks no installed packages or build output (a worktree’s node_modules symlink once slipped in)', () => {
    const tracked = execFileSync('git', ['ls-files', '--cached'], { cwd: root, encoding: 'utf8' }).split(
      '\n',
    );
    const generated = tracked.filter((file) => /^(node_modules|dist-[a-z]+)(\/|$)/.test(file));
    expect(generated).toEqual([]);
  });

  it('catches the references the old tests made', () => {
    // Built from pieces so this file does not trip its own check.
    const beside = ['..', '..', '..', '..', 'shared', 'data', 'wire', 'chat.txt'].join('/');
    const text = `readFileSync(new URL('${beside}', import.meta.url));`;
    expect(outsideReferences('src-gateway/protocols/openai-chat/x.test.ts', text)).toHaveLength(2);
    expect(outsideReferences('tests/x.ts', "import('../src-gateway/index.ts')")).toEqual([]);
    const climb = `path.join(root, '${'../'.repeat(3)}etc/passwd')`;
    expect(outsideReferences('tests/x.ts', climb)).toHaveLength(1);
  });
});
