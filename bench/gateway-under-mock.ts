/**
 * The gateway bundle against the mock upstream, provisioned and checked: what
 * `bench:profile` and `bench:gc` measure (the full bench also runs the floor).
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnService, type ChildService } from './child-processes.ts';
import { childEnvironment, gatewaySettings } from './child-environment.ts';
import { provisionGateway } from './provision-gateway.ts';
import { buildTargets, type BenchTargets } from './bench-targets.ts';
import { checkRoutes, freePort, waitForHealth } from './gateway-readiness.ts';
import { buildGateway, gatewayEnvironment, gatewayNodeArgs } from '../scripts/build-gateway.mjs';

const repoRoot = path.resolve(import.meta.dirname, '..');

/**
 * Start the mock and the gateway (with `extraNodeArgs` after the usual ones,
 * its database in `dataDirectory`); both are pushed onto `services` for the
 * caller's `stopAll`.
 */
export async function startGatewayUnderMock(options: {
  services: ChildService[];
  dataDirectory: string;
  extraNodeArgs: string[];
}): Promise<{ gateway: ChildService; targets: BenchTargets; admin: { username: string; password: string } }> {
  const { services, dataDirectory } = options;
  const mock = spawnService('mock upstream', {
    command: process.execPath,
    args: ['--import', import.meta.resolve('tsx'), path.join(repoRoot, 'bench/mock-upstream-server.ts')],
    env: childEnvironment({}),
    cwd: repoRoot,
  });
  services.push(mock);
  const mockUrl = `http://127.0.0.1:${(await mock.waitForLine(/"port":(\d+)/, 30_000))[1]}`;
  const gatewayPort = await freePort();
  const admin = { username: 'bench-admin', password: randomBytes(18).toString('base64url') };
  const gateway = spawnService('gateway', {
    command: process.execPath,
    args: [...gatewayNodeArgs, ...options.extraNodeArgs, await buildGateway()],
    env: gatewayEnvironment(childEnvironment(gatewaySettings({ port: gatewayPort, dataDirectory, admin }))),
    cwd: dataDirectory,
  });
  services.push(gateway);
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  await waitForHealth(gateway, gatewayUrl, 60_000);
  const provisioned = await provisionGateway({ gatewayUrl, ...admin, upstreamBaseUrl: `${mockUrl}/v1` });
  // No floor and no Portkey here: the mock stands in for both, so every target answers.
  const targets = buildTargets({
    mockUrl,
    floorUrl: mockUrl,
    gatewayUrl,
    portkeyUrl: mockUrl,
    ...provisioned,
  });
  await checkRoutes(targets);
  return { gateway, targets, admin };
}
