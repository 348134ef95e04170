/**
 * Agent-size requests (issue 20): 100 KB and 400 KB Anthropic Messages bodies, passed through to an
 * Anthropic upstream and translated to a chat upstream, stream and non-stream, at concurrency 1
 * (latency) and 8 (throughput), each against direct and the floor in the same run. The floor here
 * parses the body, renames the model and serializes it again (`/rewrite`, bench/floor-proxy.ts).
 * Portkey serves the pass-through only (it does not translate Messages to a chat upstream).
 */
import type { BundleGateway } from './start-bundle-gateway.ts';
import { summarizeLatency, type LatencySummary, type ThroughputSummary } from './bench-results.ts';
import { agentMessagesBody } from './agent-body.ts';
import { portkeyHeaders } from './bench-targets.ts';
import { measureLatency, type HttpTarget } from './latency.ts';
import { sampleProcess } from './process-stats.ts';
import { combineThroughput, measureThroughput, type ThroughputResult } from './throughput.ts';

export interface AgentScenarioOptions {
  mockUrl: string;
  floorUrl: string;
  gatewayUrl: string;
  /** Portkey's gateway, a pass-through contender (`npm run bench`; `bench:agent` leaves it out). */
  portkey?: { url: string; pid: number };
  key: string;
  /** The model on the Anthropic provider (pass-through) and the one on the chat provider (translated). */
  anthropicModelName: string;
  chatModelName: string;
  floorPid: number;
  gatewayPid: number;
  sizes: number[];
  /** Which modes to run: non-stream (false) and stream (true) unless narrowed. */
  streamModes?: boolean[];
  latencySamples: number;
  latencyWarmup: number;
  throughputSeconds: number;
  /**
   * More gateways measured beside the first, their pass-through and translated targets after its own
   * (`npm run bench:agent` with a baseline bundle: two commits side by side in one run).
   */
  otherGateways?: AgentGateway[];
  /** Smoke runs: requests per round instead of a duration. */
  throughputAmount?: number;
  /** Alternating rounds per target (2 unless a smoke run asks for 1). */
  throughputRounds?: number;
  log: (message: string) => void;
}

/** One more gateway under test: where it listens and what it was provisioned with. */
export type AgentGateway = Pick<
  BundleGateway,
  'label' | 'url' | 'key' | 'anthropicModelName' | 'chatModelName' | 'pid'
>;

export interface AgentScenarioResult {
  sizeBytes: number;
  stream: boolean;
  /**
   * direct, floor, gateway pass-through, gateway translated, Portkey pass-through (when Portkey is
   * given), then each other gateway's two (in that order).
   */
  latency: LatencySummary[];
  throughput: ThroughputSummary[];
}

const anthropicHeaders = (key: string): Record<string, string> => ({
  'x-api-key': key,
  'anthropic-version': '2023-06-01',
});

/** Every size × stream mode; latency at c=1 in blocks, then throughput at c=8 in alternating rounds. */
export async function runAgentScenarios(options: AgentScenarioOptions): Promise<AgentScenarioResult[]> {
  const results: AgentScenarioResult[] = [];
  for (const sizeBytes of options.sizes) {
    for (const stream of options.streamModes ?? [false, true]) {
      const body = (model: string): string => agentMessagesBody({ model, targetBytes: sizeBytes, stream });
      const mode = stream ? 'stream' : 'non-stream';
      const targets: HttpTarget[] = [
        { name: 'direct', url: `${options.mockUrl}/v1/messages`, headers: {}, body: body('mock-model') },
        {
          name: 'floor (parse + serialize)',
          url: `${options.floorUrl}/rewrite/v1/messages`,
          headers: {},
          body: body('client-model'),
        },
        {
          name: 'gateway, pass-through',
          url: `${options.gatewayUrl}/v1/messages`,
          headers: anthropicHeaders(options.key),
          body: body(options.anthropicModelName),
        },
        {
          name: 'gateway, translated to chat',
          url: `${options.gatewayUrl}/v1/messages`,
          headers: anthropicHeaders(options.key),
          body: body(options.chatModelName),
        },
        ...(options.portkey
          ? [
              {
                name: 'Portkey, pass-through',
                url: `${options.portkey.url}/v1/messages`,
                headers: portkeyHeaders('anthropic', `${options.mockUrl}/v1`),
                body: body('mock-model'),
              },
            ]
          : []),
        ...(options.otherGateways ?? []).flatMap((gateway): HttpTarget[] => [
          {
            name: `${gateway.label}, pass-through`,
            url: `${gateway.url}/v1/messages`,
            headers: anthropicHeaders(gateway.key),
            body: body(gateway.anthropicModelName),
          },
          {
            name: `${gateway.label}, translated to chat`,
            url: `${gateway.url}/v1/messages`,
            headers: anthropicHeaders(gateway.key),
            body: body(gateway.chatModelName),
          },
        ]),
      ];
      const kilobytes = Math.round(sizeBytes / 1000);
      options.log(`agent-size ${kilobytes} KB ${mode}: latency at c=1, ${options.latencySamples} per target`);
      const latency = (
        await measureLatency(targets, {
          samples: options.latencySamples,
          warmup: options.latencyWarmup,
          blockSize: 5,
        })
      ).map(summarizeLatency);
      options.log(`agent-size ${kilobytes} KB ${mode}: throughput at c=8`);
      const pids = [
        undefined,
        options.floorPid,
        options.gatewayPid,
        options.gatewayPid,
        ...(options.portkey ? [options.portkey.pid] : []),
        ...(options.otherGateways ?? []).flatMap((gateway) => [gateway.pid, gateway.pid]),
      ];
      const runs = targets.map(() => ({ results: [] as ThroughputResult[], cpuMilliseconds: 0 }));
      for (let round = 0; round < (options.throughputRounds ?? 2); round++) {
        for (const [index, target] of targets.entries()) {
          const pid = pids[index];
          const before = pid === undefined ? undefined : sampleProcess(pid);
          runs[index]!.results.push(
            await measureThroughput(target, {
              connections: 8,
              ...(options.throughputAmount === undefined
                ? { durationSeconds: options.throughputSeconds / (options.throughputRounds ?? 2) }
                : { amount: options.throughputAmount }),
            }),
          );
          if (before !== undefined)
            runs[index]!.cpuMilliseconds += sampleProcess(pid!).cpuMilliseconds - before.cpuMilliseconds;
        }
      }
      const throughput = runs.map((run, index): ThroughputSummary => {
        const combined = combineThroughput(run.results);
        return pids[index] === undefined
          ? combined
          : { ...combined, cpuMillisecondsPerRequest: run.cpuMilliseconds / combined.completed };
      });
      results.push({ sizeBytes, stream, latency, throughput });
    }
  }
  return results;
}
