/** Throughput under load with autocannon's programmatic API. */
import autocannon from 'autocannon';
import type { HttpTarget } from './latency.ts';
import { createLatencyHistogram } from './latency-histogram.ts';

export interface ThroughputResult {
  name: string;
  /** Mean of autocannon's per-second request counts. */
  requestsPerSecond: number;
  /** 2xx responses. */
  completed: number;
  /** Connection errors, timeouts and non-2xx responses. */
  failures: number;
  /** autocannon's latency percentiles, whole milliseconds. */
  latencyP50Milliseconds: number;
  latencyP99Milliseconds: number;
  /** With `splitConnectionStarts`: the figures of each connection's first response apart from the rest. */
  connectionStarts?: ConnectionStartSplit;
}

/**
 * A connection's first response includes the wait for the proxy to accept it. Node (libuv ≥ 1.45)
 * accepts one connection per event-loop turn, so when many connections open at once on a busy
 * process the last ones wait for as many turns (libuv/libuv#3696). Split out, the rest is the steady state.
 */
export interface ConnectionStartSplit {
  /** Each connection's first response: how many, p50 and the slowest, milliseconds. */
  firstCount: number;
  firstP50Milliseconds: number;
  firstMaxMilliseconds: number;
  /** Every later response (the connection already open): p50 and p99, milliseconds. */
  steadyP50Milliseconds: number;
  steadyP99Milliseconds: number;
}

export interface LoadOptions {
  connections: number;
  /** Run for this many seconds... */
  durationSeconds?: number;
  /** ...or until this many requests have completed. */
  amount?: number;
  /** Report each connection's first response apart from the rest (`ConnectionStartSplit`). */
  splitConnectionStarts?: boolean;
}

/** Drive `target` with `connections` keep-alive connections, each sending its next request as soon as the last one ends. */
export async function measureThroughput(target: HttpTarget, options: LoadOptions): Promise<ThroughputResult> {
  const split = options.splitConnectionStarts ? splitByConnectionStart() : undefined;
  const instance = autocannon({
    url: target.url,
    method: 'POST',
    connections: options.connections,
    ...(options.amount === undefined
      ? { duration: options.durationSeconds ?? 10 }
      : { amount: options.amount }),
    headers: { ...target.headers, 'content-type': 'application/json' },
    body: target.body,
    timeout: 30,
  });
  if (split) instance.on('response', split.record);
  const result = await instance;
  return {
    name: target.name,
    requestsPerSecond: result.requests.average,
    completed: result['2xx'],
    failures: result.errors + result.timeouts + result.non2xx,
    latencyP50Milliseconds: result.latency.p50,
    latencyP99Milliseconds: result.latency.p99,
    ...(split ? { connectionStarts: split.summary() } : {}),
  };
}

/** Response times kept apart by whether they are their connection's first. */
function splitByConnectionStart() {
  const seen = new WeakSet<object>();
  const first = createLatencyHistogram(60_000_000);
  const steady = createLatencyHistogram(60_000_000);
  const milliseconds = (microseconds: number): number => Math.round(microseconds / 100) / 10;
  return {
    record(client: object, _status: number, _bytes: number, responseMilliseconds: number): void {
      const histogram = seen.has(client) ? steady : first;
      seen.add(client);
      histogram.record(responseMilliseconds * 1000);
    },
    summary(): ConnectionStartSplit {
      return {
        firstCount: first.count,
        firstP50Milliseconds: milliseconds(first.percentile(50)),
        firstMaxMilliseconds: milliseconds(first.max),
        steadyP50Milliseconds: milliseconds(steady.percentile(50)),
        steadyP99Milliseconds: milliseconds(steady.percentile(99)),
      };
    },
  };
}

/** Merge runs of one target: req/s and p50 averaged, p99 the worst, counts summed. */
export function combineThroughput(results: ThroughputResult[]): ThroughputResult {
  const mean = (pick: (result: ThroughputResult) => number): number =>
    results.reduce((sum, result) => sum + pick(result), 0) / results.length;
  return {
    name: results[0]?.name ?? '',
    requestsPerSecond: mean((result) => result.requestsPerSecond),
    completed: results.reduce((sum, result) => sum + result.completed, 0),
    failures: results.reduce((sum, result) => sum + result.failures, 0),
    latencyP50Milliseconds: mean((result) => result.latencyP50Milliseconds),
    latencyP99Milliseconds: Math.max(...results.map((result) => result.latencyP99Milliseconds)),
    ...combineConnectionStarts(results.flatMap((result) => result.connectionStarts ?? [])),
  };
}

/** Rounds' splits merged like the rest: counts summed, p50 averaged, the worst p99 and maximum. */
function combineConnectionStarts(splits: ConnectionStartSplit[]): {
  connectionStarts?: ConnectionStartSplit;
} {
  if (splits.length === 0) return {};
  const mean = (pick: (split: ConnectionStartSplit) => number): number =>
    Math.round((splits.reduce((sum, split) => sum + pick(split), 0) / splits.length) * 10) / 10;
  return {
    connectionStarts: {
      firstCount: splits.reduce((sum, split) => sum + split.firstCount, 0),
      firstP50Milliseconds: mean((split) => split.firstP50Milliseconds),
      firstMaxMilliseconds: Math.max(...splits.map((split) => split.firstMaxMilliseconds)),
      steadyP50Milliseconds: mean((split) => split.steadyP50Milliseconds),
      steadyP99Milliseconds: Math.max(...splits.map((split) => split.steadyP99Milliseconds)),
    },
  };
}
