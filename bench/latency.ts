/**
 * Latency at concurrency 1, timed with `process.hrtime.bigint()` into 1 µs
 * histograms (autocannon rounds its percentiles to whole milliseconds, too
 * coarse for sub-millisecond overheads).
 *
 * Targets are measured interleaved (one request to each target per round, in
 * turn), so a noisy neighbour on the shared machine slows every target alike
 * instead of skewing whichever one happened to be running.
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
  /** Measured requests per target. */
  samples: number;
  /** Unmeasured requests per target first (JIT, connection setup). */
  warmup: number;
}

/** Measure each target sequentially (concurrency 1), interleaved round by round. */
export async function measureLatency(
  targets: HttpTarget[],
  options: LatencyOptions,
): Promise<LatencyResult[]> {
  const lanes = targets.map((target) => ({
    target,
    payload: Buffer.from(target.body),
    agent: new Agent({ keepAlive: true, maxSockets: 1 }),
    result: {
      name: target.name,
      total: createLatencyHistogram(),
      firstByte: createLatencyHistogram(),
      errors: 0,
    } satisfies LatencyResult,
  }));
  try {
    for (let round = 0; round < options.warmup + options.samples; round++) {
      for (const lane of lanes) {
        const timed = await timeRequest(lane.target, lane.agent, lane.payload);
        if (timed.status !== 200) {
          if (round < options.warmup) {
            throw new Error(`${lane.target.name}: HTTP ${timed.status} ${timed.body.slice(0, 300)}`);
          }
          lane.result.errors += 1;
          continue;
        }
        if (round < options.warmup) continue;
        lane.result.total.record(Number(timed.totalNanoseconds) / 1000);
        lane.result.firstByte.record(Number(timed.firstByteNanoseconds) / 1000);
      }
    }
  } finally {
    for (const lane of lanes) lane.agent.destroy();
  }
  return lanes.map((lane) => lane.result);
}
