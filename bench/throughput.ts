/** Throughput under load with autocannon's programmatic API. */
import autocannon from 'autocannon';
import type { HttpTarget } from './latency.ts';

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
}

export interface LoadOptions {
  connections: number;
  /** Run for this many seconds... */
  durationSeconds?: number;
  /** ...or until this many requests have completed. */
  amount?: number;
}

/** Drive `target` with `connections` keep-alive connections, each sending its next request as soon as the last one ends. */
export async function measureThroughput(target: HttpTarget, options: LoadOptions): Promise<ThroughputResult> {
  const result = await autocannon({
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
  return {
    name: target.name,
    requestsPerSecond: result.requests.average,
    completed: result['2xx'],
    failures: result.errors + result.timeouts + result.non2xx,
    latencyP50Milliseconds: result.latency.p50,
    latencyP99Milliseconds: result.latency.p99,
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
  };
}
