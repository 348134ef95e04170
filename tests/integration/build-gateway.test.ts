import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { gatewayNodeArgs } from '../../scripts/build-gateway.mjs';
import { repositoryRoot } from '../support/build-bundle.ts';

const directory = path.join(repositoryRoot, 'dist-gateway');
const bundle = path.join(directory, 'gateway.cjs');
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
      if (!text.trimEnd().endsWith('//# sourceMappingURL=gateway.cjs.map')) problems.add('half-written');
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

it("V8 takes the bundle's code cache when the gateway runs with its Node flags, and only then", async () => {
  expect(await build()).toBe(0);
  const loader = pathToFileURL(path.join(directory, 'gateway-bundle-loader.mjs')).href;
  const rejected = (nodeArgs: string[]) =>
    spawnSync(
      process.execPath,
      [
        ...nodeArgs,
        '--input-type=module',
        '-e',
        `import { readFileSync } from 'node:fs';
         const { compileGatewayBundle, gatewayCodeCacheName } = await import(${JSON.stringify(loader)});
         const directory = ${JSON.stringify(directory)};
         const script = compileGatewayBundle(directory, readFileSync(directory + '/' + gatewayCodeCacheName));
         process.stdout.write(String(script.cachedDataRejected));`,
      ],
      { encoding: 'utf8' },
    ).stdout;
  expect(rejected(gatewayNodeArgs)).toBe('false');
  expect(rejected([])).toBe('true');
}, 60_000);
