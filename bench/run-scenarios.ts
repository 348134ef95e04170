/** The measured part of a run: warm-up, latency at c=1, throughput at c=32, then the memory soak. */
import type { BenchResults, MemorySample, ThroughputSummary } from './bench-results.ts';
import { summarizeLatency } from './bench-results.ts';
import type { BenchTargets } from './bench-targets.ts';
import { measureLatency, type HttpTarget } from './latency.ts';
import { cpuPerRequest, sampleProcess } from './process-stats.ts';
import { measureThroughput, type ThroughputResult } from './throughput.ts';

export interface ScenarioOptions {
  targets: BenchTargets;
  settings: {
    connections: number;
    throughputSeconds: number;
    latencySamples: number;
    latencyWarmup: number;
    soakRequests: number;
  };
  floorPid: number;
  gatewayPid: number;
  log: (message: string) => void;
}

type Figures = Pick<BenchResults, 'latency' | 'throughput' | 'memory' | 'gatewayFailures'>;

/** Run every scenario against already provisioned targets. */
export async function runScenarios(options: ScenarioOptions): Promise<Figures> {
  const { targets, settings, log } = options;
  const gatewayTargets = new Set<HttpTarget>([
    targets.gatewayChat,
    targets.gatewayVirtualChat,
    targets.gatewayStream,
    targets.gatewayTranslatedStream,
  ]);
  let gatewayServed = 0;
  let gatewayFailures = 0;
  const memorySamples: MemorySample[] = [];
  const sampleMemory = (): void => {
    memorySamples.push({ requests: gatewayServed, rssBytes: sampleProcess(options.gatewayPid).rssBytes });
  };
  const load = async (
    target: HttpTarget,
    run: { durationSeconds?: number; amount?: number },
  ): Promise<ThroughputResult> => {
    const result = await measureThroughput(target, { connections: settings.connections, ...run });
    if (gatewayTargets.has(target)) {
      gatewayServed += result.completed + result.failures;
      gatewayFailures += result.failures;
    }
    return result;
  };

  log('warm-up: 2 s of load per target');
  for (const target of Object.values(targets)) await load(target, { durationSeconds: 2 });
  sampleMemory();

  const latencyOptions = { samples: settings.latencySamples, warmup: settings.latencyWarmup };
  const countLatency = (
    results: Awaited<ReturnType<typeof measureLatency>>,
    measured: HttpTarget[],
  ): void => {
    results.forEach((result, index) => {
      if (!gatewayTargets.has(measured[index]!)) return;
      gatewayServed += settings.latencySamples + settings.latencyWarmup;
      gatewayFailures += result.errors;
    });
  };
  log(`latency at c=1, non-stream: ${settings.latencySamples} requests per target`);
  const nonStreamTargets = [
    targets.directChat,
    targets.floorChat,
    targets.gatewayChat,
    targets.gatewayVirtualChat,
  ];
  const nonStreamLatency = await measureLatency(nonStreamTargets, latencyOptions);
  countLatency(nonStreamLatency, nonStreamTargets);
  log(`latency at c=1, stream: ${settings.latencySamples} requests per target`);
  const streamTargets = [
    targets.directStream,
    targets.floorStream,
    targets.gatewayStream,
    targets.gatewayTranslatedStream,
  ];
  const streamLatency = await measureLatency(streamTargets, latencyOptions);
  countLatency(streamLatency, streamTargets);
  const [direct, floor, gateway, virtual] = nonStreamLatency.map(summarizeLatency);
  const [directStream, floorStream, gatewayStream, translated] = streamLatency.map(summarizeLatency);

  const throughput = async (target: HttpTarget, pid?: number): Promise<ThroughputSummary> => {
    log(
      `throughput at c=${settings.connections}: ${target.url} ${target.body.includes('"stream":true') ? 'stream' : 'non-stream'}`,
    );
    const before = pid === undefined ? undefined : sampleProcess(pid);
    const result = await load(target, { durationSeconds: settings.throughputSeconds });
    if (pid === undefined || before === undefined) return result;
    return {
      ...result,
      cpuMillisecondsPerRequest: cpuPerRequest(before, sampleProcess(pid), result.completed),
    };
  };
  const throughputFigures = {
    nonStream: {
      direct: await throughput(targets.directChat),
      floor: await throughput(targets.floorChat, options.floorPid),
      gateway: await throughput(targets.gatewayChat, options.gatewayPid),
    },
    stream: {
      direct: await throughput(targets.directStream),
      floor: await throughput(targets.floorStream, options.floorPid),
      gateway: await throughput(targets.gatewayStream, options.gatewayPid),
      translated: await throughput(targets.gatewayTranslatedStream, options.gatewayPid),
    },
  };
  sampleMemory();

  log(`memory soak: gateway chat requests until ${settings.soakRequests} served`);
  const soakStep = 10_000;
  for (let step = 0; gatewayServed < settings.soakRequests; step++) {
    const target = step % 2 === 0 ? targets.gatewayChat : targets.gatewayStream;
    await load(target, {
      amount: Math.max(settings.connections, Math.min(soakStep, settings.soakRequests - gatewayServed)),
    });
    sampleMemory();
  }

  return {
    latency: {
      nonStream: { direct: direct!, floor: floor!, gateway: gateway!, virtual: virtual! },
      stream: {
        direct: directStream!,
        floor: floorStream!,
        gateway: gatewayStream!,
        translated: translated!,
      },
    },
    throughput: throughputFigures,
    memory: { samples: memorySamples },
    gatewayFailures,
  };
}
