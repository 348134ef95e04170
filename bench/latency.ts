/**
 * Latency at concurrency 1, timed with `process.hrtime.bigint()` into 1 µs
 * histograms (autocannon rounds its percentiles to whole milliseconds, too
 * coarse for sub-millisecond overheads).
 *
 * Targets are measured in short blocks of consecutive requests, the blocks of
 * all targets taking turns, so a noisy neighbour on the shared machine slows
 * every target alike instead of skewing whichever one happened to be running.
 * Within a block each request follows one to the same target, as a client's
 * sequential requests do. The first request of a block follows the other
 * targets' blocks instead: its process has been idle meanwhile, and waking an
 * idle process on this VM costs a tail of its own (one request to each target
 * in strict rotation measured that cost, not the proxy: the same gateway
 * target measured twice in a row had half the p99 the second time). Those
 * first requests are kept apart (`afterIdle`) and reported on their own.
 */
import { Agent, request as sendRequest } from 'node:http';
import { createLatencyHistogram, type LatencyHistogram } from './latency-histogram.ts';

export interface HttpTarget {
  /** A label for reports. */
  name: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface LatencyResult {
  name: string;
  /** Request start to the end of the response body. */
  total: LatencyHistogram;
  /** Request start to the first response body byte (TTFB). */
  firstByte: LatencyHistogram;
  /** `total` of the first request of each block, sent after the other targets' blocks. */
  afterIdle: LatencyHistogram;
  /** Responses that were not 200. */
  errors: number;
}

export interface TimedResponse {
  status: number;
  totalNanoseconds: bigint;
  firstByteNanoseconds: bigint;
  body: string;
}

/** Send one POST over `agent` and time it. */
export function timeRequest(
  target: HttpTarget,
  agent: Agent,
  payload = Buffer.from(target.body),
): Promise<TimedResponse> {
  const url = new URL(target.url);
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    let firstByte = 0n;
    const outgoing = sendRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: { ...target.headers, 'content-type': 'application/json', 'content-length': payload.length },
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => {
          if (firstByte === 0n) firstByte = process.hrtime.bigint();
          parts.push(part);
        });
        response.on('end', () => {
          const end = process.hrtime.bigint();
          resolve({
            status: response.statusCode ?? 0,
            totalNanoseconds: end - start,
            firstByteNanoseconds: (firstByte || end) - start,
            body: Buffer.concat(parts).toString('utf8'),
          });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

export interface LatencyOptions {
  /** Measured requests per target (not counting the first request of each block). */
  samples: number;
  /** Unmeasured requests per target first (JIT, connection setup). */
  warmup: number;
  /** Consecutive requests to one target before the next target's turn. */
  blockSize?: number;
}

/** Measure each target sequentially (concurrency 1), in blocks that take turns. */
export async function measureLatency(
  targets: HttpTarget[],
  options: LatencyOptions,
): Promise<LatencyResult[]> {
  const blockSize = Math.max(2, options.blockSize ?? 5);
  const lanes = targets.map((target) => ({
    target,
    payload: Buffer.from(target.body),
    agent: new Agent({ keepAlive: true, maxSockets: 1 }),
    result: {
      name: target.name,
      total: createLatencyHistogram(),
      firstByte: createLatencyHistogram(),
      afterIdle: createLatencyHistogram(),
      errors: 0,
    } satisfies LatencyResult,
  }));
  try {
    for (const lane of lanes) {
      for (let index = 0; index < options.warmup; index++) {
        const timed = await timeRequest(lane.target, lane.agent, lane.payload);
        if (timed.status !== 200)
          throw new Error(`${lane.target.name}: HTTP ${timed.status} ${timed.body.slice(0, 300)}`);
      }
    }
    while (lanes.some((lane) => lane.result.total.count + lane.result.errors < options.samples)) {
      for (const lane of lanes) {
        for (let index = 0; index < blockSize; index++) {
          const first = index === 0;
          if (!first && lane.result.total.count + lane.result.errors >= options.samples) break;
          const timed = await timeRequest(lane.target, lane.agent, lane.payload);
          if (timed.status !== 200) {
            lane.result.errors += 1;
            continue;
          }
          const microseconds = Number(timed.totalNanoseconds) / 1000;
          if (first) {
            lane.result.afterIdle.record(microseconds);
            continue;
          }
          lane.result.total.record(microseconds);
          lane.result.firstByte.record(Number(timed.firstByteNanoseconds) / 1000);
        }
      }
    }
  } finally {
    for (const lane of lanes) lane.agent.destroy();
  }
  return lanes.map((lane) => lane.result);
}
