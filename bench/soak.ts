/**
 * `npm run bench:soak [-- --minutes=30]`: the mock, the floor and the gateway (as `npm run serve`
 * runs it), then `runSoak` for that long (30 minutes by default), RSS and latency every minute;
 * prints the table and the slope of each contender's whole-tree RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as prettier from 'prettier';
import { spawnService, stopAll, type ChildService } from './child-processes.ts';
import { childEnvironment } from './child-environment.ts';
import { provisionGateway } from './provision-gateway.ts';
import { buildTargets } from './bench-targets.ts';
import { checkRoutes, freePort, waitForHealth } from './gateway-readiness.ts';
import { runSoak } from './run-soak.ts';
import { startPortkey } from './spawn-portkey.ts';
import { spawnGateway } from './spawn-gateway.ts';
import { renderSoakSection } from './write-scenario-report.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const minutesArgument = process.argv.find((argument) => argument.startsWith('--minutes='));
const minutes =
  Number(minutesArgument?.slice('--minutes='.length) ?? process.env.BENCH_SOAK_MINUTES ?? 30) || 30;
const intervalSeconds = Math.min(60, Math.max(1, (minutes * 60) / 5));
const log = (message: string): void => void process.stderr.write(`[bench:soak] ${message}\n`);

function spawnScript(name: string, script: string, environment: Record<string, string>): ChildService {
  return spawnService(name, {
    command: process.execPath,
    args: ['--import', import.meta.resolve('tsx'), path.join(repoRoot, script)],
    env: childEnvironment(environment),
    cwd: repoRoot,
  });
}

async function main(): Promise<void> {
  const services: ChildService[] = [];
  const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'llm-gateway-soak-'));
  process.once('SIGINT', () => void stopAll(services).finally(() => process.exit(130)));
  try {
    const mock = spawnScript('mock upstream', 'bench/mock-upstream-server.ts', {});
    services.push(mock);
    const mockUrl = `http://127.0.0.1:${(await mock.waitForLine(/"port":(\d+)/, 30_000))[1]}`;
    const floor = spawnScript('floor proxy', 'bench/floor-proxy.ts', { UPSTREAM_URL: mockUrl });
    services.push(floor);
    const floorUrl = `http://127.0.0.1:${(await floor.waitForLine(/"port":(\d+)/, 30_000))[1]}`;
    const admin = { username: 'bench-admin', password: randomBytes(18).toString('base64url') };
    const port = await freePort();
    const gateway = spawnGateway('gateway', { port, dataDirectory, admin }, 'start-script');
    services.push(gateway);
    const gatewayUrl = `http://127.0.0.1:${port}`;
    await waitForHealth(gateway, gatewayUrl, 120_000);
    const provisioned = await provisionGateway({ gatewayUrl, ...admin, upstreamBaseUrl: `${mockUrl}/v1` });
    const portkey = await startPortkey(services);
    const targets = buildTargets({ mockUrl, floorUrl, gatewayUrl, portkeyUrl: portkey.url, ...provisioned });
    await checkRoutes(targets);
    log(`${minutes} minutes, a sample every ${intervalSeconds} s`);
    const soak = await runSoak({
      contenders: [
        { name: 'floor', pid: floor.pid, chat: targets.floorChat, stream: targets.floorStream },
        { name: 'gateway', pid: gateway.pid, chat: targets.gatewayChat, stream: targets.gatewayStream },
        {
          name: 'Portkey',
          pid: portkey.service.pid,
          chat: targets.portkeyChat,
          stream: targets.portkeyStream,
        },
      ],
      minutes,
      intervalSeconds,
      log,
    });
    if (gateway.hasExited())
      throw new Error(`the gateway exited during the soak:\n${gateway.recentOutput()}`);
    process.stdout.write(await prettier.format(renderSoakSection(soak), { parser: 'markdown' }));
  } finally {
    await stopAll(services);
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:soak] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
