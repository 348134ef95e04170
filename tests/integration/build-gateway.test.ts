import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { repositoryRoot } from '../support/build-bundle.ts';

const bundle = path.join(repositoryRoot, 'dist-gateway', 'cli.mjs');
const buildScript = path.join(repositoryRoot, 'scripts', 'build-gateway.mjs');

function build(): Promise<number | null> {
  const child = spawn(process.execPath, [buildScript], { stdio: 'ignore' });
  return new Promise((resolve) => child.on('exit', resolve));
}

it('a start that rebuilds the bundle never leaves it missing or half-written for one already starting', async () => {
  await build();
  let reads = 0;
  const problems = new Set<string>();
  let building = true;
  const rebuilds = (async () => {
    for (let round = 0; round < 3; round++) expect(await build()).toBe(0);
    building = false;
  })();
  // What a second gateway starting meanwhile does: load the bundle.
  while (building) {
    try {
      const text = readFileSync(bundle, 'utf8');
      if (!text.trimEnd().endsWith('//# sourceMappingURL=cli.mjs.map')) problems.add('half-written');
    } catch (error) {
      problems.add((error as NodeJS.ErrnoException).code ?? String(error));
    }
    reads++;
    await new Promise((resolve) => setImmediate(resolve));
  }
  await rebuilds;
  expect(reads).toBeGreaterThan(10);
  expect([...problems]).toEqual([]);
}, 60_000);
