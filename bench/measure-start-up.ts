/**
 * Start-up to ready (issue 20) with a large configuration: a database is filled through the admin
 * API (models, virtual keys, virtual models), then the gateway is started on it again and again,
 * timed from spawn to the line that says it listens. Both ways are timed: `npm run serve`'s command
 * line (scripts/start.mjs, which checks the bundle is up to date and rebuilds it only when stale) and the bundle alone.
 */
import { randomBytes } from 'node:crypto';
import type { ChildService } from './child-processes.ts';
import { freePort, waitForHealth } from './gateway-readiness.ts';
import { sampleProcess } from './process-stats.ts';
import { adminCall, adminLogin } from './provision-scenario-models.ts';
import { spawnGateway, type GatewayStart } from './spawn-gateway.ts';

export interface StartUpResult {
  models: number;
  keys: number;
  virtualModels: number;
  /** Milliseconds from spawn to "running at", one per start. */
  viaStartScript: number[];
  viaBundle: number[];
}

/** Where the filled database is and the admin it was filled through (the gateway's settings less its port). */
export interface StartUpData {
  dataDirectory: string;
  admin: { username: string; password: string };
}

/** One start: wall time from spawn to "running at", and the CPU the process had used by then. */
export interface TimedStart {
  wallMilliseconds: number;
  cpuMilliseconds: number;
}

/** Run `work` over `items` with `concurrency` at a time. */
async function inParallel<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Fill a new database in `dataDirectory` through the admin API of a bundle started on it. */
export async function fillStartUpDatabase(options: {
  dataDirectory: string;
  mockUrl: string;
  models: number;
  keys: number;
  virtualModels: number;
  services: ChildService[];
  log: (message: string) => void;
}): Promise<StartUpData> {
  const admin = { username: 'bench-admin', password: randomBytes(18).toString('base64url') };
  const settings = { port: await freePort(), dataDirectory: options.dataDirectory, admin };
  options.log(
    `start-up: configuring ${options.models} models, ${options.keys} keys, ${options.virtualModels} virtual models`,
  );
  const filler = spawnGateway('gateway (start-up fill)', settings, 'bundle');
  options.services.push(filler);
  const url = `http://127.0.0.1:${settings.port}`;
  await waitForHealth(filler, url, 60_000);
  const token = await adminLogin(url, admin.username, admin.password);
  const provider = await adminCall<{ id: string }>(url, token, '/providers', {
    name: 'start-up-mock',
    protocol: 'openai',
    baseUrl: `${options.mockUrl}/v1`,
    apiKey: 'sk-mock-upstream',
  });
  const modelIds: string[] = [];
  await inParallel([...Array(options.models).keys()], 16, async (index) => {
    const model = await adminCall<{ id: string }>(url, token, '/models', {
      providerId: provider.id,
      name: `start-up-model-${index}`,
      upstreamModel: `upstream-${index}`,
    });
    modelIds.push(model.id);
  });
  await inParallel([...Array(options.keys).keys()], 16, (index) =>
    adminCall(url, token, '/virtual-keys', { name: `start-up-key-${index}` }),
  );
  await inParallel([...Array(options.virtualModels).keys()], 16, (index) =>
    adminCall(url, token, '/virtual-models', {
      name: `start-up-virtual-${index}`,
      strategy: 'priority',
      targets: [0, 1, 2].map((offset) => ({
        modelId: modelIds[(index * 3 + offset) % modelIds.length]!,
        priority: offset + 1,
      })),
    }),
  );
  await filler.stop();
  return { dataDirectory: options.dataDirectory, admin };
}

/** Start the gateway on a filled database, time it to "running at", and stop it. */
export async function timeStart(
  data: StartUpData,
  how: GatewayStart,
  services: ChildService[],
  extraNodeArgs: string[] = [],
): Promise<TimedStart> {
  const port = await freePort();
  const began = performance.now();
  const gateway = spawnGateway(`gateway (start-up)`, { ...data, port }, how, extraNodeArgs);
  services.push(gateway);
  await gateway.waitForLine(/running at http/, 60_000);
  const wallMilliseconds = performance.now() - began;
  const { cpuMilliseconds } = sampleProcess(gateway.pid);
  await gateway.stop();
  return { wallMilliseconds, cpuMilliseconds };
}

export async function measureStartUp(options: {
  dataDirectory: string;
  mockUrl: string;
  models: number;
  keys: number;
  virtualModels: number;
  starts: number;
  services: ChildService[];
  log: (message: string) => void;
}): Promise<StartUpResult> {
  const data = await fillStartUpDatabase(options);
  const result: StartUpResult = {
    models: options.models,
    keys: options.keys,
    virtualModels: options.virtualModels,
    viaStartScript: [],
    viaBundle: [],
  };
  for (let start = 0; start < options.starts; start++) {
    for (const how of ['start-script', 'bundle'] as const) {
      const { wallMilliseconds } = await timeStart(data, how, options.services);
      (how === 'start-script' ? result.viaStartScript : result.viaBundle).push(wallMilliseconds);
    }
  }
  return result;
}
