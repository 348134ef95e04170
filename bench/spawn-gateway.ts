/**
 * Start the gateway for a measured run: `npm run serve`'s Node command line (package.json: the
 * gateway's Node flags, scripts/start.mjs --headless, which rebuilds the bundle in a child process when
 * it is stale and then runs it in its own process) or the bundle alone, with the bench's settings and no malloc
 * settings beyond the caller's environment (as npm runs it).
 */
import path from 'node:path';
import { spawnService, type ChildService } from './child-processes.ts';
import { childEnvironment, gatewaySettings } from './child-environment.ts';
import { gatewayNodeArgs } from '../scripts/build-gateway.mjs';

const repoRoot = path.resolve(import.meta.dirname, '..');

/**
 * How the gateway is started: `npm run serve`'s command line or the bundle, of this tree or of
 * another checkout (`root`: a before/after comparison, bench/start-up.ts).
 */
export type GatewayStart = 'start-script' | 'bundle' | { how: 'start-script' | 'bundle'; root: string };

/** `npm run serve`'s Node command line (scripts/start.mjs) or the bundle alone, with the bench's settings. */
export function spawnGateway(
  name: string,
  options: { port: number; dataDirectory: string; admin: { username: string; password: string } },
  start: GatewayStart,
  extraNodeArgs: string[] = [],
): ChildService {
  const { how, root } = typeof start === 'string' ? { how: start, root: repoRoot } : start;
  const entry =
    how === 'start-script'
      ? [path.join(root, 'scripts', 'start.mjs'), '--headless']
      : [path.join(root, 'dist-gateway', 'cli.mjs')];
  return spawnService(name, {
    command: process.execPath,
    args: [...gatewayNodeArgs, ...extraNodeArgs, ...entry],
    env: childEnvironment({
      ...gatewaySettings(options),
      SHUTDOWN_GRACE_MS: '1000',
      LLM_GATEWAY_SKIP_FRONTEND_BUILD: '1',
    }),
    cwd: options.dataDirectory,
  });
}
