/**
 * The mock upstream and the floor proxy every bench run starts first: TypeScript sources run through
 * tsx as separate processes on 127.0.0.1, pushed onto `services` for the caller's `stopAll`.
 */
import path from 'node:path';
import { spawnService, type ChildService } from './child-processes.ts';
import { childEnvironment } from './child-environment.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');

/** A bench script (the mock, the floor) in its own process. */
export function spawnBenchScript(
  name: string,
  script: string,
  environment: Record<string, string>,
): ChildService {
  return spawnService(name, {
    command: process.execPath,
    args: ['--import', import.meta.resolve('tsx'), path.join(repoRoot, script)],
    env: childEnvironment(environment),
    cwd: repoRoot,
  });
}

/** The port a bench script prints once it listens. */
export async function readyPort(service: ChildService): Promise<number> {
  return Number((await service.waitForLine(/"port":(\d+)/, 30_000))[1]);
}

/** Start the mock upstream, then the floor proxy in front of it. */
export async function startMockAndFloor(services: ChildService[]): Promise<{
  mock: ChildService;
  mockUrl: string;
  floor: ChildService;
  floorUrl: string;
}> {
  const mock = spawnBenchScript('mock upstream', 'bench/mock-upstream-server.ts', {});
  services.push(mock);
  const mockUrl = `http://127.0.0.1:${await readyPort(mock)}`;
  const floor = spawnBenchScript('floor proxy', 'bench/floor-proxy.ts', { UPSTREAM_URL: mockUrl });
  services.push(floor);
  const floorUrl = `http://127.0.0.1:${await readyPort(floor)}`;
  return { mock, mockUrl, floor, floorUrl };
}
