/**
 * `npm run bench:compare`: before and after in one run, on the small requests of the main bench.
 * The mock, the floor, this tree's gateway bundle and any number of other bundles (BENCH_COMPARE,
 * comma-separated paths of `dist-gateway/cli.mjs` built from other commits: `git archive <commit> |
 * tar -x -C dir`, a `node_modules` symlink, `node scripts/build-gateway.mjs` there) take turns:
 * latency at c=1 in blocks, then throughput at c=32 in alternating rounds with each process's CPU per
 * request. A regression shows as a ratio that moves against the floor measured beside it.
 *
 * Settings (environment): BENCH_COMPARE_MODES (`non-stream`, `stream` or both, the default),
 * BENCH_LATENCY_SAMPLES (400), BENCH_THROUGHPUT_SECONDS (per target, 12), BENCH_THROUGHPUT_ROUNDS (4).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopAll, type ChildService } from './child-processes.ts';
import { startMockAndFloor } from './start-mock-and-floor.ts';
import { startBundleGateway, type BundleGateway } from './start-bundle-gateway.ts';
import { chatBody } from './bench-targets.ts';
import { measureLatency, type HttpTarget } from './latency.ts';
import { summarizeLatency } from './bench-results.ts';
import { sampleProcess } from './process-stats.ts';
import { combineThroughput, measureThroughput, type ThroughputResult } from './throughput.ts';
import { buildGateway } from '../scripts/build-gateway.mjs';

const others = (process.env.BENCH_COMPARE ?? '').split(',').filter(Boolean);
const modes = process.env.BENCH_COMPARE_MODES ?? 'both';
const samples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 400) || 400;
const throughputSeconds = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 12) || 12;
const rounds = Number(process.env.BENCH_THROUGHPUT_ROUNDS ?? 4) || 4;

const log = (message: string): void => void process.stderr.write(`[bench:compare] ${message}\n`);

interface Lane {
  target: HttpTarget;
  pid?: number;
}

function lanes(
  stream: boolean,
  mock: string,
  floor: { url: string; pid: number },
  gateways: BundleGateway[],
): Lane[] {
  const chat = (
    name: string,
    base: string,
    model: string,
    headers: Record<string, string> = {},
  ): HttpTarget => ({
    name,
    url: `${base}/v1/chat/completions`,
    headers,
    body: chatBody(model, stream),
  });
  const model = gateways[0]!.chatModelName;
  return [
    { target: chat('direct', mock, model) },
    { target: chat('floor', floor.url, model), pid: floor.pid },
    ...gateways.map((gateway) => ({
      target: chat(gateway.label, gateway.url, gateway.chatModelName, {
        authorization: `Bearer ${gateway.key}`,
      }),
      pid: gateway.pid,
    })),
  ];
}

async function interleavedThroughput(
  all: Lane[],
): Promise<Array<{ result: ThroughputResult; cpuMillisecondsPerRequest?: number }>> {
  const runs = all.map(() => ({ results: [] as ThroughputResult[], cpuMilliseconds: 0 }));
  for (let round = 0; round < rounds; round++) {
    for (const [index, lane] of all.entries()) {
      const before = lane.pid === undefined ? undefined : sampleProcess(lane.pid);
      const result = await measureThroughput(lane.target, {
        connections: 32,
        durationSeconds: throughputSeconds / rounds,
      });
      if (before && lane.pid !== undefined)
        runs[index]!.cpuMilliseconds += sampleProcess(lane.pid).cpuMilliseconds - before.cpuMilliseconds;
      runs[index]!.results.push(result);
    }
  }
  return runs.map((run, index) => {
    const result = combineThroughput(run.results);
    const requests = result.completed + result.failures;
    return all[index]!.pid === undefined || requests === 0
      ? { result }
      : { result, cpuMillisecondsPerRequest: run.cpuMilliseconds / requests };
  });
}

async function compare(stream: boolean, all: Lane[]): Promise<void> {
  log(`${stream ? 'stream' : 'non-stream'}: latency at c=1, ${samples} requests per target`);
  const latency = (
    await measureLatency(
      all.map((lane) => lane.target),
      { samples, warmup: 50, blockSize: 5 },
    )
  ).map(summarizeLatency);
  log(
    `${stream ? 'stream' : 'non-stream'}: throughput at c=32, ${throughputSeconds} s per target in ${rounds} rounds`,
  );
  const throughput = await interleavedThroughput(all);
  const direct = latency[0]!;
  const floorAdded = latency[1]!.p50 - direct.p50;
  const floorRate = throughput[1]!.result.requestsPerSecond;
  const lines = [`\n${stream ? 'stream' : 'non-stream'} (load ${os.loadavg()[0]!.toFixed(1)})`];
  lines.push('target            added p50 µs  p99 µs   c=32 req/s  × floor  CPU ms/req  failures');
  all.forEach((lane, index) => {
    const row = latency[index]!;
    const rate = throughput[index]!;
    const added = row.p50 - direct.p50;
    lines.push(
      [
        lane.target.name.padEnd(16),
        (index === 0 ? '–' : `+${added.toFixed(0)}`).padStart(13),
        row.p99.toFixed(0).padStart(7),
        rate.result.requestsPerSecond.toFixed(0).padStart(12),
        (index === 0 ? '–' : (rate.result.requestsPerSecond / floorRate).toFixed(2)).padStart(8),
        (rate.cpuMillisecondsPerRequest?.toFixed(3) ?? '–').padStart(11),
        String(rate.result.failures + row.errors).padStart(9),
      ].join(' '),
    );
  });
  lines.push(`(floor added p50 +${floorAdded.toFixed(0)} µs)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const services: ChildService[] = [];
  const directories: string[] = [];
  const dataDirectory = (): string => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'llm-gateway-bench-compare-'));
    directories.push(directory);
    return directory;
  };
  try {
    const { mockUrl, floor, floorUrl } = await startMockAndFloor(services);
    const gateways = [
      await startBundleGateway('gateway', await buildGateway(), mockUrl, services, dataDirectory()),
    ];
    for (const [index, bundle] of others.entries())
      gateways.push(
        await startBundleGateway(
          others.length === 1 ? 'baseline' : `baseline ${index + 1}`,
          path.resolve(bundle),
          mockUrl,
          services,
          dataDirectory(),
        ),
      );
    const floorLane = { url: floorUrl, pid: floor.pid };
    log('warm-up: 2 s of load per target');
    for (const stream of [false, true])
      for (const lane of lanes(stream, mockUrl, floorLane, gateways))
        await measureThroughput(lane.target, { connections: 32, durationSeconds: 2 });
    for (const stream of modes === 'stream' ? [true] : modes === 'non-stream' ? [false] : [false, true])
      await compare(stream, lanes(stream, mockUrl, floorLane, gateways));
  } finally {
    await stopAll(services);
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  }
}

await main();
