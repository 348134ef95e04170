/**
 * `npm run bench`: one run comparing direct calls, the floor proxy and the
 * gateway against the same mock upstream; prints the report and writes
 * docs/benchmarks.md. Everything listens on 127.0.0.1; every child process is
 * ended on the way out, even on failure.
 *
 * For quick trial runs (figures not comparable): BENCH_THROUGHPUT_SECONDS,
 * BENCH_LATENCY_SAMPLES, BENCH_SOAK_REQUESTS, BENCH_LOG_ROWS, and BENCH_REPORT=- to skip writing the page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as prettier from 'prettier';
import { spawnService, stopAll, type ChildService } from './child-processes.ts';
import { childEnvironment, gatewaySettings } from './child-environment.ts';
import { provisionGateway } from './provision-gateway.ts';
import { buildTargets } from './bench-targets.ts';
import { checkRoutes, freePort, waitForHealth } from './gateway-readiness.ts';
import { runScenarios } from './run-scenarios.ts';
import { evaluateTargets } from './evaluate-targets.ts';
import { renderReport } from './write-report.ts';
import { renderLimiterSection, runLimiterBench } from './limiter-bench.ts';
import { buildGateway, gatewayEnvironment, gatewayNodeArgs } from '../scripts/build-gateway.mjs';

const repoRoot = path.resolve(import.meta.dirname, '..');
const tsxLoader = import.meta.resolve('tsx');
const numberSetting = (name: string, fallback: number): number =>
  Number(process.env[name] ?? fallback) || fallback;
const settings = {
  connections: 32,
  throughputSeconds: numberSetting('BENCH_THROUGHPUT_SECONDS', 10),
  throughputRounds: 2,
  latencySamples: numberSetting('BENCH_LATENCY_SAMPLES', 5000),
  latencyWarmup: 500,
  latencyBlockSize: 5,
  soakRequests: numberSetting('BENCH_SOAK_REQUESTS', 150_000),
};
const reportPath = process.env.BENCH_REPORT ?? path.join(repoRoot, 'docs', 'benchmarks.md');

function spawnNode(
  name: string,
  script: string,
  environment: Record<string, string>,
  cwd = repoRoot,
): ChildService {
  // TypeScript sources run through tsx; a built `.mjs` (the gateway bundle) runs as plain Node, as `npm start` does.
  const bundle = script.endsWith('.mjs');
  const args = bundle ? [...gatewayNodeArgs, script] : ['--import', tsxLoader, path.join(repoRoot, script)];
  const env = bundle ? gatewayEnvironment(childEnvironment(environment)) : childEnvironment(environment);
  return spawnService(name, { command: process.execPath, args, env, cwd });
}

async function readyPort(service: ChildService): Promise<number> {
  return Number((await service.waitForLine(/"port":(\d+)/, 30_000))[1]);
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = os.loadavg()[0] ?? Number.NaN;
  const services: ChildService[] = [];
  const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'llm-gateway-bench-'));
  const cleanUp = async (): Promise<void> => {
    await stopAll(services);
    rmSync(dataDirectory, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

  try {
    const mock = spawnNode('mock upstream', 'bench/mock-upstream-server.ts', {});
    services.push(mock);
    const mockUrl = `http://127.0.0.1:${await readyPort(mock)}`;
    const floor = spawnNode('floor proxy', 'bench/floor-proxy.ts', { UPSTREAM_URL: mockUrl });
    services.push(floor);
    const floorUrl = `http://127.0.0.1:${await readyPort(floor)}`;

    const gatewayPort = await freePort();
    const admin = { username: 'bench-admin', password: randomBytes(18).toString('base64url') };
    // cwd is the temp dir so a developer's .env never changes the benchmarked configuration.
    // The gateway runs exactly as `npm start` runs it: the esbuild bundle of src-gateway/cli.ts.
    const gatewayBundle: string = await buildGateway();
    const gateway = spawnNode(
      'gateway',
      gatewayBundle,
      {
        ...gatewaySettings({ port: gatewayPort, dataDirectory, admin }),
        SHUTDOWN_GRACE_MS: '1000',
        TSX_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json'),
      },
      dataDirectory,
    );
    services.push(gateway);
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    await waitForHealth(gateway, gatewayUrl, 120_000);
    log(`mock ${mockUrl}, floor ${floorUrl}, gateway ${gatewayUrl} (pid ${gateway.pid})`);

    const provisioned = await provisionGateway({ gatewayUrl, ...admin, upstreamBaseUrl: `${mockUrl}/v1` });
    const targets = buildTargets({ mockUrl, floorUrl, gatewayUrl, ...provisioned });
    await checkRoutes(targets);

    const figures = await runScenarios({
      targets,
      settings,
      floorPid: floor.pid,
      gatewayPid: gateway.pid,
      log,
    });
    const results = {
      ...figures,
      machine: {
        cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
        cores: os.availableParallelism(),
        nodeVersion: process.version,
        os: `${os.type()} ${os.release()}`,
        memoryGigabytes: os.totalmem() / 1024 ** 3,
        loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? Number.NaN },
      },
      date: new Date().toISOString(),
      commit: gitCommit(),
      wallSeconds: (performance.now() - started) / 1000,
      settings: {
        connections: settings.connections,
        throughputSeconds: settings.throughputSeconds,
        throughputRounds: settings.throughputRounds,
        latencySamples: settings.latencySamples,
        latencyWarmup: settings.latencyWarmup,
        latencyBlockSize: settings.latencyBlockSize,
      },
    };
    if (gateway.hasExited()) throw new Error(`the gateway exited during the run:\n${gateway.recentOutput()}`);
    // Issue 5: the limiter's per-request cost and the dashboard queries on a million-row log.
    const limiterSection = renderLimiterSection(
      await runLimiterBench({ rows: numberSetting('BENCH_LOG_ROWS', 1_000_000), log }),
    );
    // Formatted like every other file so `npm run lint` (prettier --check) passes on the generated page.
    const prettierOptions =
      (await prettier.resolveConfig(
        reportPath === '-' ? path.join(repoRoot, 'docs', 'benchmarks.md') : reportPath,
      )) ?? {};
    const report = await prettier.format(renderReport(results, evaluateTargets(results)) + limiterSection, {
      ...prettierOptions,
      parser: 'markdown',
    });
    process.stdout.write(report);
    if (reportPath !== '-') {
      writeFileSync(reportPath, report);
      log(`wrote ${path.relative(repoRoot, reportPath)}`);
    }
  } catch (error) {
    const gatewayOutput = services.find((service) => service.name === 'gateway')?.recentOutput();
    if (gatewayOutput) log(`gateway output (last lines):\n${gatewayOutput.split('\n').slice(-8).join('\n')}`);
    throw error;
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
