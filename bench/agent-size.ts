/**
 * `npm run bench:agent`: the agent-size scenario alone (issue 20), for quick repeatable
 * comparisons: the mock, the floor and the gateway bundle of the working tree, with
 * bench/run-agent-scenarios.ts's targets (latency at c=1 in blocks, throughput at c=8 in
 * alternating rounds), printed as one compact table per size and mode. Figures are relative to the
 * floor in the same run; the machine's load moves the absolute ones.
 *
 * Settings (environment): BENCH_AGENT_SIZES (KB, comma-separated, default 400), BENCH_AGENT_MODES
 * (`non-stream`, `stream` or both, the default), BENCH_LATENCY_SAMPLES (300), BENCH_THROUGHPUT_SECONDS
 * (per target over two rounds, 6). BENCH_AGENT_BASELINE: the path of another gateway bundle
 * (`dist-gateway/cli.mjs` built from an earlier commit, e.g. `git archive <commit> | tar -x -C dir`,
 * a `node_modules` symlink, `node scripts/build-gateway.mjs` there), run beside this one with its
 * targets interleaved: before and after in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopAll, type ChildService } from './child-processes.ts';
import { startMockAndFloor } from './start-mock-and-floor.ts';
import { startBundleGateway } from './start-bundle-gateway.ts';
import { runAgentScenarios, type AgentScenarioResult } from './run-agent-scenarios.ts';
import { buildGateway } from '../scripts/build-gateway.mjs';

const sizes = (process.env.BENCH_AGENT_SIZES ?? '400')
  .split(',')
  .map((kilobytes) => Number(kilobytes) * 1000);
const modes = process.env.BENCH_AGENT_MODES ?? 'both';
const samples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 300) || 300;
const throughputSeconds = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 6) || 6;
const baseline = process.env.BENCH_AGENT_BASELINE;

const log = (message: string): void => void process.stderr.write(`[bench:agent] ${message}\n`);

function printResult(result: AgentScenarioResult): void {
  const [direct, floor] = result.latency;
  const floorAdded = floor!.p50 - direct!.p50;
  const floorRate = result.throughput[1]!.requestsPerSecond;
  const mode = result.stream ? 'stream' : 'non-stream';
  const lines = [`\n${Math.round(result.sizeBytes / 1000)} KB ${mode} (load ${os.loadavg()[0]!.toFixed(1)})`];
  lines.push('target                            added p50 ms  × floor  c=8 req/s  × floor  CPU ms/req');
  result.latency.forEach((row, index) => {
    const rate = result.throughput[index]!;
    const added = row.p50 - direct!.p50;
    lines.push(
      [
        row.name.padEnd(32),
        (index === 0 ? '–' : (added / 1000).toFixed(2)).padStart(13),
        (index < 2 ? '–' : (added / floorAdded).toFixed(2)).padStart(8),
        rate.requestsPerSecond.toFixed(0).padStart(10),
        (index < 1 ? '–' : (rate.requestsPerSecond / floorRate).toFixed(2)).padStart(8),
        (rate.cpuMillisecondsPerRequest?.toFixed(2) ?? '–').padStart(11),
      ].join(' '),
    );
  });
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const services: ChildService[] = [];
  const directories: string[] = [];
  const dataDirectory = (): string => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'llm-gateway-bench-agent-'));
    directories.push(directory);
    return directory;
  };
  try {
    const { mockUrl, floor, floorUrl } = await startMockAndFloor(services);
    const gateway = await startBundleGateway(
      'gateway',
      await buildGateway(),
      mockUrl,
      services,
      dataDirectory(),
    );
    const others = baseline
      ? [await startBundleGateway('baseline', path.resolve(baseline), mockUrl, services, dataDirectory())]
      : [];
    const results = await runAgentScenarios({
      mockUrl,
      floorUrl,
      gatewayUrl: gateway.url,
      key: gateway.key,
      anthropicModelName: gateway.anthropicModelName,
      chatModelName: gateway.chatModelName,
      floorPid: floor.pid,
      gatewayPid: gateway.pid,
      otherGateways: others,
      sizes,
      streamModes: modes === 'stream' ? [true] : modes === 'non-stream' ? [false] : [false, true],
      latencySamples: samples,
      latencyWarmup: Math.min(50, Math.ceil(samples / 10)),
      throughputSeconds,
      log,
    });
    for (const result of results) printResult(result);
  } finally {
    await stopAll(services);
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  }
}

await main();
