/**
 * The first request after a pause (issue 20): at a human's pace every request follows idle time.
 * Each round sleeps `idleSeconds`, then sends one request to each target on its own keep-alive
 * connection (the order rotating by round, so no target always goes first).
 */
import { Agent } from 'node:http';
import { createLatencyHistogram } from './latency-histogram.ts';
import { timeRequest, type HttpTarget } from './latency.ts';

export interface IdleScenarioResult {
  idleSeconds: number;
  rows: Array<{ name: string; samples: number; errors: number; p50: number; p90: number; max: number }>;
}

export async function runIdleScenario(options: {
  targets: HttpTarget[];
  idleSeconds: number;
  samples: number;
  log: (message: string) => void;
}): Promise<IdleScenarioResult> {
  const { targets, idleSeconds, samples } = options;
  options.log(`first request after ${idleSeconds} s idle: ${samples} rounds`);
  const lanes = targets.map((target) => ({
    target,
    agent: new Agent({ keepAlive: true, maxSockets: 1 }),
    histogram: createLatencyHistogram(),
    errors: 0,
  }));
  try {
    // Warm each connection and the JIT first; what is measured is the pause, not a cold start.
    for (const lane of lanes)
      for (let index = 0; index < 50; index++) await timeRequest(lane.target, lane.agent);
    for (let round = 0; round < samples; round++) {
      await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
      for (let offset = 0; offset < lanes.length; offset++) {
        const lane = lanes[(round + offset) % lanes.length]!;
        const timed = await timeRequest(lane.target, lane.agent);
        if (timed.status === 200) lane.histogram.record(Number(timed.totalNanoseconds) / 1000);
        else lane.errors += 1;
      }
    }
  } finally {
    for (const lane of lanes) lane.agent.destroy();
  }
  return {
    idleSeconds,
    rows: lanes.map((lane) => ({
      name: lane.target.name,
      samples: lane.histogram.count,
      errors: lane.errors,
      p50: lane.histogram.percentile(50),
      p90: lane.histogram.percentile(90),
      max: lane.histogram.max,
    })),
  };
}
