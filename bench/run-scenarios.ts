/** The measured part of a run: warm-up, latency at c=1, throughput at c=32, then the memory soak. */
import type { BenchResults, MemorySample, ThroughputSummary } from './bench-results.ts';
import { summarizeLatency } from './bench-results.ts';
import type { BenchTargets } from './bench-targets.ts';
import { measureLatency, type HttpTarget } from './latency.ts';
import { sampleProcess } from './process-stats.ts';
import { sampleProcessTree } from './process-tree.ts';
import { combineThroughput, measureThroughput, type ThroughputResult } from './throughput.ts';

export interface ScenarioOptions {
  targets: BenchTargets;
  settings: {
    connections: number;
    throughputSeconds: number;
    throughputRounds: number;
    latencySamples: number;
    latencyWarmup: number;
    latencyBlockSize: number;
    soakRequests: number;
    warmupSeconds: number;
    /**
     * How long the gateway is left alone before the "idle" and "after load" memory samples: V8's
     * memory reducer gives back the young generation and spare old-generation pages a few seconds
     * into a pause (16 s here after start), which is what an idle gateway on a user's machine holds.
     */
    settleSeconds: number;
    /** Smoke runs: this many requests per load step instead of a duration (autocannon's shortest is about 1 s). */
    amount?: number;
  };
  floorPid: number;
  gatewayPid: number;
  portkeyPid: number;
  log: (message: string) => void;
}

const isStream = (target: HttpTarget): boolean => target.body.includes('"stream":true');

const settle = (seconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, seconds * 1000));

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
  const sampleMemory = (moment?: string): void => {
    memorySamples.push({
      requests: gatewayServed,
      ...(moment ? { moment } : {}),
      rssBytes: sampleProcess(options.gatewayPid).rssBytes,
      treeRssBytes: sampleProcessTree(options.gatewayPid).rssBytes,
      floorRssBytes: sampleProcess(options.floorPid).rssBytes,
      portkeyTreeRssBytes: sampleProcessTree(options.portkeyPid).rssBytes,
    });
  };
  const load = async (
    target: HttpTarget,
    run: { durationSeconds?: number; amount?: number },
  ): Promise<ThroughputResult> => {
    const step =
      settings.amount === undefined ? run : { amount: Math.min(settings.amount, run.amount ?? Infinity) };
    const result = await measureThroughput(target, { connections: settings.connections, ...step });
    if (gatewayTargets.has(target)) {
      gatewayServed += result.completed + result.failures;
      gatewayFailures += result.failures;
    }
    return result;
  };

  // Idle: started and provisioned, nothing served yet; right away, and once V8 has settled.
  sampleMemory('just provisioned');
  log(`idle memory: ${settings.settleSeconds} s with nothing to serve`);
  await settle(settings.settleSeconds);
  sampleMemory(`idle ${settings.settleSeconds} s`);
  log(`warm-up: ${settings.warmupSeconds} s of load per target`);
  for (const target of Object.values(targets))
    await load(target, { durationSeconds: settings.warmupSeconds });
  sampleMemory();

  const latencyOptions = {
    samples: settings.latencySamples,
    warmup: settings.latencyWarmup,
    blockSize: settings.latencyBlockSize,
  };
  const countLatency = (
    results: Awaited<ReturnType<typeof measureLatency>>,
    measured: HttpTarget[],
  ): void => {
    results.forEach((result, index) => {
      if (!gatewayTargets.has(measured[index]!)) return;
      gatewayServed += result.total.count + result.afterIdle.count + result.errors + settings.latencyWarmup;
      gatewayFailures += result.errors;
    });
  };
  log(`latency at c=1, non-stream: ${settings.latencySamples} requests per target`);
  const nonStreamTargets = [
    targets.directChat,
    targets.floorChat,
    targets.gatewayChat,
    targets.gatewayVirtualChat,
    targets.portkeyChat,
  ];
  const nonStreamLatency = await measureLatency(nonStreamTargets, latencyOptions);
  countLatency(nonStreamLatency, nonStreamTargets);
  log(`latency at c=1, stream: ${settings.latencySamples} requests per target`);
  const streamTargets = [
    targets.directStream,
    targets.floorStream,
    targets.gatewayStream,
    targets.gatewayTranslatedStream,
    targets.portkeyStream,
  ];
  const streamLatency = await measureLatency(streamTargets, latencyOptions);
  countLatency(streamLatency, streamTargets);
  const [direct, floor, gateway, virtual, portkey] = nonStreamLatency.map(summarizeLatency);
  const [directStream, floorStream, gatewayStream, translated, portkeyStream] =
    streamLatency.map(summarizeLatency);

  // Rounds alternate the targets so drift in the shared machine's load spreads over all of them.
  const interleavedThroughput = async (
    lanes: Array<{ target: HttpTarget; pid?: number }>,
  ): Promise<ThroughputSummary[]> => {
    const runs = lanes.map(() => ({ results: [] as ThroughputResult[], cpuMilliseconds: 0 }));
    for (let round = 0; round < settings.throughputRounds; round++) {
      for (const [index, lane] of lanes.entries()) {
        log(
          `throughput at c=${settings.connections}, round ${round + 1}: ${lane.target.url} ${isStream(lane.target) ? 'stream' : 'non-stream'}`,
        );
        const before = lane.pid === undefined ? undefined : sampleProcess(lane.pid);
        const result = await load(lane.target, {
          durationSeconds: settings.throughputSeconds / settings.throughputRounds,
        });
        runs[index]!.results.push(result);
        if (before !== undefined)
          runs[index]!.cpuMilliseconds += sampleProcess(lane.pid!).cpuMilliseconds - before.cpuMilliseconds;
      }
    }
    return lanes.map((lane, index) => {
      const combined = combineThroughput(runs[index]!.results);
      if (lane.pid === undefined) return combined;
      return { ...combined, cpuMillisecondsPerRequest: runs[index]!.cpuMilliseconds / combined.completed };
    });
  };
  const [directThroughput, floorThroughput, gatewayThroughput, portkeyThroughput] =
    await interleavedThroughput([
      { target: targets.directChat },
      { target: targets.floorChat, pid: options.floorPid },
      { target: targets.gatewayChat, pid: options.gatewayPid },
      { target: targets.portkeyChat, pid: options.portkeyPid },
    ]);
  const [
    directStreamThroughput,
    floorStreamThroughput,
    gatewayStreamThroughput,
    translatedThroughput,
    portkeyStreamThroughput,
  ] = await interleavedThroughput([
    { target: targets.directStream },
    { target: targets.floorStream, pid: options.floorPid },
    { target: targets.gatewayStream, pid: options.gatewayPid },
    { target: targets.gatewayTranslatedStream, pid: options.gatewayPid },
    { target: targets.portkeyStream, pid: options.portkeyPid },
  ]);
  const throughputFigures = {
    nonStream: {
      direct: directThroughput!,
      floor: floorThroughput!,
      gateway: gatewayThroughput!,
      portkey: portkeyThroughput!,
    },
    stream: {
      direct: directStreamThroughput!,
      floor: floorStreamThroughput!,
      gateway: gatewayStreamThroughput!,
      translated: translatedThroughput!,
      portkey: portkeyStreamThroughput!,
    },
  };
  sampleMemory();

  // A full run soaks at least 50k requests past the 100k mark, however many the scenarios served, so
  // "not growing" always compares several checkpoints (quick trial runs keep their smaller figure).
  const soakUntil =
    settings.soakRequests >= 100_000
      ? Math.max(settings.soakRequests, Math.max(gatewayServed, 100_000) + 50_000)
      : settings.soakRequests;
  log(`memory soak: gateway chat requests until ${soakUntil} served`);
  const soakStep = 10_000;
  for (let step = 0; gatewayServed < soakUntil; step++) {
    const target = step % 2 === 0 ? targets.gatewayChat : targets.gatewayStream;
    await load(target, {
      amount: Math.max(settings.connections, Math.min(soakStep, soakUntil - gatewayServed)),
    });
    sampleMemory();
  }
  log(`after-load memory: ${settings.settleSeconds} s with nothing to serve`);
  await settle(settings.settleSeconds);
  sampleMemory(`after load, idle ${settings.settleSeconds} s`);

  return {
    latency: {
      nonStream: {
        direct: direct!,
        floor: floor!,
        gateway: gateway!,
        virtual: virtual!,
        portkey: portkey!,
      },
      stream: {
        direct: directStream!,
        floor: floorStream!,
        gateway: gatewayStream!,
        translated: translated!,
        portkey: portkeyStream!,
      },
    },
    throughput: throughputFigures,
    memory: { samples: memorySamples },
    gatewayFailures,
  };
}
