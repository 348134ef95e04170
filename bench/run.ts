/**
 * `npm run bench`: one run comparing direct calls, the floor proxy, the gateway and Portkey's
 * open-source gateway (bench/spawn-portkey.ts) against the same mock upstream; prints the report and writes
 * docs/benchmarks.md. Everything listens on 127.0.0.1; every child process is
 * ended on the way out, even on failure.
 *
 * For quick trial runs (figures not comparable): BENCH_THROUGHPUT_SECONDS,
 * BENCH_LATENCY_SAMPLES, BENCH_SOAK_REQUESTS, BENCH_LOG_ROWS, and BENCH_REPORT=- to skip writing the page;
 * BENCH_IDLE_SECONDS (the longest pause, 10), BENCH_OPEN_STREAMS (1000), BENCH_STREAM_HOLD_SECONDS (60).
 *
 * `npm run bench -- --smoke` (or BENCH_SMOKE=1): every scenario briefly, the page printed and not
 * written; it checks that each runs and prints its table, its figures mean nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as prettier from 'prettier';
import { stopAll, type ChildService } from './child-processes.ts';
import { startMockAndFloor } from './start-mock-and-floor.ts';
import { provisionGateway } from './provision-gateway.ts';
import { buildTargets, chatBody, type BenchTargets } from './bench-targets.ts';
import { provisionScenarioModels } from './provision-scenario-models.ts';
import { runAgentScenarios } from './run-agent-scenarios.ts';
import { runIdleScenario } from './run-idle-scenario.ts';
import { runHighConcurrency, runOpenStreams } from './run-scale-scenarios.ts';
import { measureStartUp } from './measure-start-up.ts';
import { runSoak } from './run-soak.ts';
import { spawnGateway } from './spawn-gateway.ts';
import { portkeyVersion, startPortkey } from './spawn-portkey.ts';
import { renderScenarioReport, type ScenarioFigures } from './write-scenario-report.ts';
import { checkRoutes, freePort, waitForHealth } from './gateway-readiness.ts';
import { runScenarios } from './run-scenarios.ts';
import { evaluateTargets } from './evaluate-targets.ts';
import { renderReport } from './write-report.ts';
import { renderLimiterSection, runLimiterBench } from './limiter-bench.ts';
import { describeMachine, gitCommit } from './describe-machine.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const smoke = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const numberSetting = (name: string, fallback: number, smokeValue = fallback): number =>
  Number(process.env[name] ?? (smoke ? smokeValue : fallback)) || fallback;
const settings = {
  connections: 32,
  throughputSeconds: numberSetting('BENCH_THROUGHPUT_SECONDS', 10, 0.5),
  throughputRounds: smoke ? 1 : 2,
  latencySamples: numberSetting('BENCH_LATENCY_SAMPLES', 5000, 40),
  latencyWarmup: smoke ? 10 : 500,
  latencyBlockSize: 5,
  soakRequests: numberSetting('BENCH_SOAK_REQUESTS', 150_000, 2000),
  warmupSeconds: smoke ? 0.3 : 2,
  settleSeconds: numberSetting('BENCH_SETTLE_SECONDS', 30, 0.5),
  ...(smoke ? { amount: 300 } : {}),
};
const scenarioSettings = {
  agentSizes: [100_000, 400_000],
  agentSamples: smoke ? 5 : 500,
  agentWarmup: smoke ? 2 : 50,
  agentThroughputSeconds: smoke ? 0.5 : 10,
  idle: smoke
    ? [
        { seconds: 0.1, samples: 2 },
        { seconds: numberSetting('BENCH_IDLE_SECONDS', 10, 0.3), samples: 2 },
      ]
    : [
        { seconds: 1, samples: 60 },
        { seconds: numberSetting('BENCH_IDLE_SECONDS', 10), samples: 20 },
      ],
  highConcurrencySeconds: smoke ? 0.5 : 10,
  openStreams: numberSetting('BENCH_OPEN_STREAMS', 1000, 10),
  streamHoldMs: numberSetting('BENCH_STREAM_HOLD_SECONDS', 60, 0.5) * 1000,
  startUp: smoke
    ? { models: 10, keys: 10, virtualModels: 3, starts: 1 }
    : { models: 1000, keys: 1000, virtualModels: 100, starts: 5 },
};
const reportPath = smoke ? '-' : (process.env.BENCH_REPORT ?? path.join(repoRoot, 'docs', 'benchmarks.md'));

/** The issue-20 scenarios after the main ones: agent-size, idle, c=256, open streams, start-up (and a short soak in smoke runs). */
async function runIssue20Scenarios(options: {
  mockUrl: string;
  floorUrl: string;
  gatewayUrl: string;
  portkeyUrl: string;
  key: string;
  chatModelName: string;
  anthropicModelName: string;
  holdModelName: string;
  targets: BenchTargets;
  floorPid: number;
  gatewayPid: number;
  portkeyPid: number;
  services: ChildService[];
  log: (message: string) => void;
}): Promise<ScenarioFigures> {
  const { targets, log } = options;
  const agent = await runAgentScenarios({
    ...options,
    portkey: { url: options.portkeyUrl, pid: options.portkeyPid },
    sizes: scenarioSettings.agentSizes,
    latencySamples: scenarioSettings.agentSamples,
    latencyWarmup: scenarioSettings.agentWarmup,
    throughputSeconds: scenarioSettings.agentThroughputSeconds,
    ...(smoke ? { throughputAmount: 16, throughputRounds: 1 } : {}),
  });
  const idle = [];
  for (const pause of scenarioSettings.idle) {
    idle.push(
      await runIdleScenario({
        targets: [targets.directChat, targets.floorChat, targets.gatewayChat, targets.portkeyChat],
        idleSeconds: pause.seconds,
        samples: pause.samples,
        log,
      }),
    );
  }
  const highConcurrency = await runHighConcurrency({
    targets: [targets.floorChat, targets.gatewayChat, targets.portkeyChat],
    seconds: scenarioSettings.highConcurrencySeconds,
    ...(smoke ? { amount: 512 } : {}),
    log,
  });
  const holdBody = (model: string): string => chatBody(model, true);
  const holdModel = `mock-hold-${scenarioSettings.streamHoldMs}`;
  // One after the other, each contender holding its streams alone.
  const openStreams = [];
  for (const [target, model, pid] of [
    [targets.floorStream, holdModel, options.floorPid],
    [targets.gatewayStream, options.holdModelName, options.gatewayPid],
    [targets.portkeyStream, holdModel, options.portkeyPid],
  ] as const) {
    openStreams.push(
      await runOpenStreams({
        target: { ...target, body: holdBody(model) },
        pid,
        streams: scenarioSettings.openStreams,
        holdMs: scenarioSettings.streamHoldMs,
        log,
      }),
    );
  }
  const startUpDirectory = mkdtempSync(path.join(os.tmpdir(), 'llm-gateway-bench-start-up-'));
  let startUp;
  try {
    startUp = await measureStartUp({
      dataDirectory: startUpDirectory,
      mockUrl: options.mockUrl,
      ...scenarioSettings.startUp,
      services: options.services,
      log,
    });
  } finally {
    rmSync(startUpDirectory, { recursive: true, force: true });
  }
  const soak = smoke
    ? await runSoak({
        contenders: [
          { name: 'floor', pid: options.floorPid, chat: targets.floorChat, stream: targets.floorStream },
          {
            name: 'gateway',
            pid: options.gatewayPid,
            chat: targets.gatewayChat,
            stream: targets.gatewayStream,
          },
          {
            name: 'Portkey',
            pid: options.portkeyPid,
            chat: targets.portkeyChat,
            stream: targets.portkeyStream,
          },
        ],
        minutes: 0.02,
        intervalSeconds: 0.6,
        log,
      })
    : undefined;
  return { agent, idle, highConcurrency, openStreams, startUp, ...(soak ? { soak } : {}) };
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
  const log = (message: string): void =>
    void process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1)} s] ${message}\n`);

  try {
    const { mockUrl, floor, floorUrl } = await startMockAndFloor(services);

    const gatewayPort = await freePort();
    const admin = { username: 'bench-admin', password: randomBytes(18).toString('base64url') };
    // cwd is the temp dir so a developer's .env never changes the benchmarked configuration.
    // The gateway runs exactly as `npm run serve` runs it (its Node command line from package.json).
    const gateway = spawnGateway('gateway', { port: gatewayPort, dataDirectory, admin }, 'start-script');
    services.push(gateway);
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    await waitForHealth(gateway, gatewayUrl, 120_000);
    const portkey = await startPortkey(services);
    log(
      `mock ${mockUrl}, floor ${floorUrl}, gateway ${gatewayUrl} (pid ${gateway.pid}), Portkey ${portkeyVersion} ${portkey.url}`,
    );

    const provisioned = await provisionGateway({ gatewayUrl, ...admin, upstreamBaseUrl: `${mockUrl}/v1` });
    const targets = buildTargets({ mockUrl, floorUrl, gatewayUrl, portkeyUrl: portkey.url, ...provisioned });
    await checkRoutes(targets);

    const models = await provisionScenarioModels({
      gatewayUrl,
      ...admin,
      mockUrl,
      holdMs: scenarioSettings.streamHoldMs,
    });
    const figures = await runScenarios({
      targets,
      settings,
      floorPid: floor.pid,
      gatewayPid: gateway.pid,
      portkeyPid: portkey.service.pid,
      log,
    });
    const scenarios = await runIssue20Scenarios({
      mockUrl,
      floorUrl,
      gatewayUrl,
      portkeyUrl: portkey.url,
      key: provisioned.key,
      chatModelName: provisioned.modelName,
      ...models,
      targets,
      floorPid: floor.pid,
      gatewayPid: gateway.pid,
      portkeyPid: portkey.service.pid,
      services,
      log,
    });
    const results = {
      ...figures,
      machine: describeMachine(loadAtStart),
      date: new Date().toISOString(),
      commit: gitCommit(repoRoot),
      wallSeconds: (performance.now() - started) / 1000,
      portkeyVersion,
      settings: {
        connections: settings.connections,
        throughputSeconds: settings.throughputSeconds,
        throughputRounds: settings.throughputRounds,
        latencySamples: settings.latencySamples,
        latencyWarmup: settings.latencyWarmup,
        latencyBlockSize: settings.latencyBlockSize,
        settleSeconds: settings.settleSeconds,
      },
    };
    if (smoke) log('smoke run: every scenario briefly; the figures are not comparable');
    if (gateway.hasExited()) throw new Error(`the gateway exited during the run:\n${gateway.recentOutput()}`);
    if (portkey.service.hasExited())
      throw new Error(`Portkey exited during the run:\n${portkey.service.recentOutput()}`);
    // Issue 5: the limiter's per-request cost and the dashboard queries on a million-row log.
    const limiterSection = renderLimiterSection(
      await runLimiterBench({ rows: numberSetting('BENCH_LOG_ROWS', 1_000_000, 2000), log }),
    );
    // Formatted like every other file so `npm run lint` (prettier --check) passes on the generated page.
    const prettierOptions =
      (await prettier.resolveConfig(
        reportPath === '-' ? path.join(repoRoot, 'docs', 'benchmarks.md') : reportPath,
      )) ?? {};
    const report = await prettier.format(
      renderReport(results, evaluateTargets(results)) + renderScenarioReport(scenarios) + limiterSection,
      {
        ...prettierOptions,
        parser: 'markdown',
      },
    );
    process.stdout.write(report);
    if (reportPath !== '-') {
      writeFileSync(reportPath, report);
      log(`wrote ${path.relative(repoRoot, reportPath)}`);
    }
  } catch (error) {
    for (const name of ['gateway', 'Portkey']) {
      const output = services.find((service) => service.name === name)?.recentOutput();
      if (output) log(`${name} output (last lines):\n${output.split('\n').slice(-8).join('\n')}`);
    }
    throw error;
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
