/**
 * `npm run bench:soak [-- --minutes=30]`: the mock, the floor and the gateway (as `npm run serve`
 * runs it), then `runSoak` for that long (30 minutes by default), RSS and latency every minute;
 * prints the page and writes docs/benchmarks-soak.md with its chart, docs/benchmarks-soak.png.
 *
 * BENCH_REPORT: `-` prints the page and writes nothing; a directory gets both files under their
 * usual names; any other path is the page, the chart going beside it (`.png` for `.md`). Under a
 * minute (`--minutes=0.5`) is for trials: five samples, closer together.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as prettier from 'prettier';
import { stopAll, type ChildService } from './child-processes.ts';
import { startMockAndFloor } from './start-mock-and-floor.ts';
import { provisionGateway } from './provision-gateway.ts';
import { buildTargets } from './bench-targets.ts';
import { checkRoutes, freePort, waitForHealth } from './gateway-readiness.ts';
import { runSoak } from './run-soak.ts';
import { startPortkey } from './spawn-portkey.ts';
import { spawnGateway } from './spawn-gateway.ts';
import { describeMachine, gitCommit } from './describe-machine.ts';
import { drawSoakChart } from './draw-soak-chart.ts';
import { soakRssGoalMegabytes } from './evaluate-soak-goals.ts';
import { renderSoakReport } from './write-soak-report.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const minutesArgument = process.argv.find((argument) => argument.startsWith('--minutes='));
const minutes =
  Number(minutesArgument?.slice('--minutes='.length) ?? process.env.BENCH_SOAK_MINUTES ?? 30) || 30;
const intervalSeconds = Math.min(60, Math.max(1, (minutes * 60) / 5));
const log = (message: string): void => void process.stderr.write(`[bench:soak] ${message}\n`);

/** Where the page and the chart go (undefined: print only), from BENCH_REPORT. */
function reportPaths(setting: string): { page: string; chart: string } | undefined {
  if (setting === '-') return undefined;
  const isDirectory =
    setting.endsWith(path.sep) || (statSync(setting, { throwIfNoEntry: false })?.isDirectory() ?? false);
  const page = isDirectory ? path.resolve(setting, 'benchmarks-soak.md') : path.resolve(setting);
  return { page, chart: page.replace(/\.md$/, '') + '.png' };
}
const output = reportPaths(process.env.BENCH_REPORT ?? path.join(repoRoot, 'docs', 'benchmarks-soak.md'));

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = os.loadavg()[0] ?? Number.NaN;
  const services: ChildService[] = [];
  const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'llm-gateway-soak-'));
  process.once('SIGINT', () => void stopAll(services).finally(() => process.exit(130)));
  try {
    const { mockUrl, floor, floorUrl } = await startMockAndFloor(services);
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
    const date = new Date().toISOString();
    const commit = gitCommit(repoRoot);
    if (output) {
      mkdirSync(path.dirname(output.page), { recursive: true });
      const chart = await drawSoakChart(soak.samples, {
        subtitle: `npm run bench:soak, ${minutes} min, commit ${commit}, ${date.slice(0, 16).replace('T', ' ')} UTC`,
        rssGoalMegabytes: soakRssGoalMegabytes,
        ...(process.env.CHROMIUM_PATH ? { chromiumPath: process.env.CHROMIUM_PATH } : {}),
      });
      writeFileSync(output.chart, chart);
    }
    const page = renderSoakReport(soak, {
      machine: describeMachine(loadAtStart),
      date,
      commit,
      wallSeconds: (performance.now() - started) / 1000,
      command: `npm run bench:soak -- --minutes=${minutes}`,
      ...(output ? { chartFile: path.relative(path.dirname(output.page), output.chart) } : {}),
    });
    // Formatted like every other file so `npm run lint` (prettier --check) passes on the generated page.
    const prettierOptions =
      (await prettier.resolveConfig(output?.page ?? path.join(repoRoot, 'docs', 'benchmarks-soak.md'))) ?? {};
    const formatted = await prettier.format(page, { ...prettierOptions, parser: 'markdown' });
    process.stdout.write(formatted);
    if (output) {
      writeFileSync(output.page, formatted);
      log(`wrote ${output.page} and ${output.chart}`);
    }
  } finally {
    await stopAll(services);
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:soak] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
