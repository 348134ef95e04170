/** The shape of one benchmark run's figures (latencies in microseconds). */
import type { LatencyResult } from './latency.ts';
import type { ThroughputResult } from './throughput.ts';

export interface LatencySummary {
  name: string;
  count: number;
  errors: number;
  p50: number;
  p99: number;
  mean: number;
  firstByteP50: number;
  firstByteP99: number;
  /** The first request of each block, after the other targets' blocks (its process was idle meanwhile). */
  afterIdle: { count: number; p50: number; p90: number };
}

export interface ThroughputSummary extends ThroughputResult {
  /** CPU time of the proxy process (floor, gateway or Portkey) per completed request; absent for direct. */
  cpuMillisecondsPerRequest?: number;
}

export interface MemorySample {
  /** Requests the gateway had served when sampled. */
  requests: number;
  /** When it was taken, if not during the soak ("idle 30 s", "after load, idle 30 s"). */
  moment?: string;
  rssBytes: number;
  /** The sum over the process tree `npm run serve` started (the gateway and anything it left running). */
  treeRssBytes: number;
  /** The floor proxy's RSS at the same moment: the same Node + tsx baseline, for scale. */
  floorRssBytes: number;
  /** Portkey's whole process tree (one process) at the same moment. */
  portkeyTreeRssBytes: number;
}

export interface BenchResults {
  machine: {
    cpuModel: string;
    cores: number;
    nodeVersion: string;
    os: string;
    memoryGigabytes: number;
    /** 1-minute load average when the run started and ended: how busy the shared machine was. */
    loadAverage: { start: number; end: number };
  };
  date: string;
  commit: string;
  /** The installed `@portkey-ai/gateway`, the contender beside the floor. */
  portkeyVersion: string;
  wallSeconds: number;
  settings: {
    connections: number;
    /** Seconds of load per target, split into `throughputRounds` interleaved rounds. */
    throughputSeconds: number;
    throughputRounds: number;
    latencySamples: number;
    latencyWarmup: number;
    latencyBlockSize: number;
    /** Seconds left alone before the idle and after-load memory samples. */
    settleSeconds: number;
  };
  latency: {
    nonStream: {
      direct: LatencySummary;
      floor: LatencySummary;
      gateway: LatencySummary;
      virtual: LatencySummary;
      portkey: LatencySummary;
    };
    stream: {
      direct: LatencySummary;
      floor: LatencySummary;
      gateway: LatencySummary;
      translated: LatencySummary;
      portkey: LatencySummary;
    };
  };
  throughput: {
    nonStream: {
      direct: ThroughputSummary;
      floor: ThroughputSummary;
      gateway: ThroughputSummary;
      portkey: ThroughputSummary;
    };
    stream: {
      direct: ThroughputSummary;
      floor: ThroughputSummary;
      gateway: ThroughputSummary;
      translated: ThroughputSummary;
      portkey: ThroughputSummary;
    };
  };
  memory: { samples: MemorySample[] };
  /** Non-2xx responses and errors from the gateway across the whole run. */
  gatewayFailures: number;
}

/** Reduce histograms to the figures the report shows. */
export function summarizeLatency(result: LatencyResult): LatencySummary {
  return {
    name: result.name,
    count: result.total.count,
    errors: result.errors,
    p50: result.total.percentile(50),
    p99: result.total.percentile(99),
    mean: result.total.mean,
    firstByteP50: result.firstByte.percentile(50),
    firstByteP99: result.firstByte.percentile(99),
    afterIdle: {
      count: result.afterIdle.count,
      p50: result.afterIdle.percentile(50),
      p90: result.afterIdle.percentile(90),
    },
  };
}
