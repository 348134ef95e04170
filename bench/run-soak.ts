/**
 * The soak (issue 20, `npm run bench:soak`): for `minutes`, each minute drives the gateway and then
 * the floor with mixed non-stream and stream chat requests at concurrency 8 (each for a share of the
 * minute), and samples each one's whole process tree RSS and latency percentiles. The slope of the
 * gateway's RSS (least squares over the samples after the first) says whether memory grows.
 */
import type { HttpTarget } from './latency.ts';
import { sampleProcessTree } from './process-tree.ts';
import { measureThroughput } from './throughput.ts';

export interface SoakSample {
  minute: number;
  contender: string;
  requests: number;
  failures: number;
  p50Milliseconds: number;
  p99Milliseconds: number;
  treeRssBytes: number;
}

export interface SoakResult {
  minutes: number;
  /** Seconds between samples (60 in a real soak). */
  intervalSeconds: number;
  samples: SoakSample[];
  /** MB per 10 minutes, per contender (NaN with fewer than 3 samples). */
  slopes: Record<string, number>;
}

/** Least-squares slope of y over x. */
export function slope(points: Array<[number, number]>): number {
  if (points.length < 2) return Number.NaN;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const numerator = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const denominator = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return denominator === 0 ? Number.NaN : numerator / denominator;
}

export async function runSoak(options: {
  contenders: Array<{ name: string; pid: number; chat: HttpTarget; stream: HttpTarget }>;
  minutes: number;
  /** Seconds per sample interval (60 in a real soak). */
  intervalSeconds: number;
  log: (message: string) => void;
}): Promise<SoakResult> {
  const samples: SoakSample[] = [];
  const share = options.intervalSeconds / options.contenders.length;
  const intervals = Math.max(1, Math.round((options.minutes * 60) / options.intervalSeconds));
  for (let interval = 1; interval <= intervals; interval++) {
    for (const contender of options.contenders) {
      // Half of the share non-stream, half stream.
      const parts = await Promise.all([
        measureThroughput(contender.chat, { connections: 4, durationSeconds: share }),
        measureThroughput(contender.stream, { connections: 4, durationSeconds: share }),
      ]);
      samples.push({
        minute: (interval * options.intervalSeconds) / 60,
        contender: contender.name,
        requests: parts.reduce((sum, part) => sum + part.completed, 0),
        failures: parts.reduce((sum, part) => sum + part.failures, 0),
        p50Milliseconds: Math.max(...parts.map((part) => part.latencyP50Milliseconds)),
        p99Milliseconds: Math.max(...parts.map((part) => part.latencyP99Milliseconds)),
        treeRssBytes: sampleProcessTree(contender.pid).rssBytes,
      });
    }
    options.log(`soak: ${interval} of ${intervals} intervals`);
  }
  const slopes: Record<string, number> = {};
  for (const contender of options.contenders) {
    const points = samples
      .filter((sample) => sample.contender === contender.name && sample.minute > options.intervalSeconds / 60)
      .map((sample): [number, number] => [sample.minute, sample.treeRssBytes / 1024 / 1024]);
    slopes[contender.name] = points.length >= 2 ? slope(points) * 10 : Number.NaN;
  }
  return { minutes: options.minutes, intervalSeconds: options.intervalSeconds, samples, slopes };
}
