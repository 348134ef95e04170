/**
 * Scale (issue 20): throughput at concurrency 256, and N concurrent streams held open for a while
 * (1,000 of 60 s in the full run), each against the floor in the same run, with the whole process
 * tree's RSS while the streams are open.
 */
import { Agent, request as sendRequest } from 'node:http';
import type { HttpTarget } from './latency.ts';
import { sampleProcessTree } from './process-tree.ts';
import { combineThroughput, measureThroughput, type ThroughputResult } from './throughput.ts';

/** c=256 on each target, alternating rounds. */
export async function runHighConcurrency(options: {
  targets: HttpTarget[];
  seconds: number;
  /** Smoke runs: requests per round instead of a duration. */
  amount?: number;
  log: (message: string) => void;
}): Promise<ThroughputResult[]> {
  const runs = options.targets.map(() => [] as ThroughputResult[]);
  for (let round = 0; round < 2; round++) {
    for (const [index, target] of options.targets.entries()) {
      options.log(`throughput at c=256, round ${round + 1}: ${target.name}`);
      runs[index]!.push(
        await measureThroughput(target, {
          connections: 256,
          splitConnectionStarts: true,
          ...(options.amount === undefined
            ? { durationSeconds: options.seconds / 2 }
            : { amount: options.amount }),
        }),
      );
    }
  }
  return runs.map(combineThroughput);
}

export interface OpenStreamsResult {
  name: string;
  streams: number;
  /** Streams that ended with the full answer (`[DONE]`). */
  completed: number;
  errors: number;
  /** From the first request to the last stream's first byte, milliseconds. */
  openAllMs: number;
  /** The proxy's whole process tree while every stream was open. */
  treeRssBytes: number;
  /** The same before the streams were opened. */
  treeRssBeforeBytes: number;
}

/** Open `streams` chat streams at once (each held `holdMs` by the mock) and wait for them all. */
export async function runOpenStreams(options: {
  target: HttpTarget;
  pid: number;
  streams: number;
  holdMs: number;
  log: (message: string) => void;
}): Promise<OpenStreamsResult> {
  const { target } = options;
  options.log(`${options.streams} open streams of ${options.holdMs / 1000} s: ${target.name}`);
  const url = new URL(target.url);
  const payload = Buffer.from(target.body);
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const treeRssBeforeBytes = sampleProcessTree(options.pid).rssBytes;
  const started = performance.now();
  let opened = 0;
  let lastOpenedAt = started;
  let treeRssBytes = 0;
  let resolveAllOpen: () => void = () => undefined;
  const allOpen = new Promise<void>((resolve) => (resolveAllOpen = resolve));
  const one = (): Promise<boolean> =>
    new Promise((resolve) => {
      let first = true;
      const outgoing = sendRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent,
          headers: {
            ...target.headers,
            'content-type': 'application/json',
            'content-length': payload.length,
          },
        },
        (response) => {
          let tail = '';
          response.setEncoding('utf8');
          response.on('data', (text: string) => {
            if (first) {
              first = false;
              lastOpenedAt = performance.now();
              if (++opened === options.streams) resolveAllOpen();
            }
            tail = (tail + text).slice(-64);
          });
          response.on('end', () => resolve(response.statusCode === 200 && tail.includes('[DONE]')));
          response.on('error', () => resolve(false));
        },
      );
      outgoing.on('error', () => resolve(false));
      outgoing.end(payload);
    });
  const all = Promise.all(Array.from({ length: options.streams }, one));
  // Sample once every stream is open (or, if some never open, half-way through the hold).
  await Promise.race([allOpen, new Promise((resolve) => setTimeout(resolve, options.holdMs / 2))]);
  treeRssBytes = sampleProcessTree(options.pid).rssBytes;
  const outcomes = await all;
  agent.destroy();
  const completed = outcomes.filter(Boolean).length;
  return {
    name: target.name,
    streams: options.streams,
    completed,
    errors: options.streams - completed,
    openAllMs: lastOpenedAt - started,
    treeRssBytes,
    treeRssBeforeBytes,
  };
}
