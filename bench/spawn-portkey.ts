/**
 * Portkey's open-source gateway (`@portkey-ai/gateway`, a dev dependency) as a contender: its
 * published Node build, `node --import bench/portkey-preload.mjs build/start-server.js --port=<port>
 * --headless` (the preload's two workarounds are explained there). It has no configuration to
 * provision: each request names its provider and upstream in headers (`portkeyHeaders`,
 * bench-targets.ts). `--headless` leaves out its web console's routes; its per-request log hook for
 * that console, which reads every non-stream response again, runs in Node either way and is part of
 * what is measured.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { spawnService, type ChildService } from './child-processes.ts';
import { childEnvironment } from './child-environment.ts';
import { freePort, waitForHealth } from './gateway-readiness.ts';

const packageJson = createRequire(import.meta.url).resolve('@portkey-ai/gateway/package.json');
const packageDirectory = path.dirname(packageJson);

/** The installed version (package.json pins it exactly). */
export const portkeyVersion = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;

/** Start Portkey on a free loopback port (added to `services`, so it is stopped with the rest); resolves once it answers. */
export async function startPortkey(
  services: ChildService[],
): Promise<{ service: ChildService; url: string }> {
  const port = await freePort();
  const portkey = spawnService('Portkey', {
    command: process.execPath,
    args: [
      '--import',
      path.join(import.meta.dirname, 'portkey-preload.mjs'),
      path.join(packageDirectory, 'build', 'start-server.js'),
      `--port=${port}`,
      '--headless',
    ],
    // As every child: no proxies, no inherited NODE_OPTIONS (it reads HTTP_PROXY into its settings).
    env: childEnvironment({}),
    cwd: packageDirectory,
  });
  services.push(portkey);
  const url = `http://127.0.0.1:${port}`;
  // `GET /` answers "AI Gateway says hey!" as soon as it listens (its spinner runs after that).
  await waitForHealth(portkey, url, 30_000, '/');
  return { service: portkey, url };
}
