/**
 * `npm run bench:gc`: what the gateway's young-generation collections cost and
 * keep, per scenario, at concurrency 1 (sequential requests, no pauses).
 *
 * Runs the gateway bundle with `--trace-gc-nvp` against the mock upstream and
 * reads its scavenge lines: how many requests pass between scavenges, how long
 * one takes, and how much each promotes to the old generation. A request's
 * objects should die young; `promoted` per scavenge staying at a few KB is the
 * check that nothing on the hot path keeps them alive (docs/performance.md,
 * "Object spreads on the hot path", is what broke it once: 175 KB per scavenge).
 * BENCH_GC_SECONDS (default 6) sets the measured time per scenario; runs much
 * shorter read high (at 3 s, 65 KB per scavenge where 6 s gives 12 KB), so
 * compare runs of the same length.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { stopAll, type ChildService } from './child-processes.ts';
import { startGatewayUnderMock } from './gateway-under-mock.ts';
import { timeRequest, type HttpTarget } from './latency.ts';
import { gatewayNodeArgs } from '../scripts/build-gateway.mjs';

const seconds = Number(process.env.BENCH_GC_SECONDS ?? 6) || 6;

interface Scavenge {
  pauseMs: number;
  promotedBytes: number;
  survivedBytes: number;
}

/** One `--trace-gc-nvp` line of a scavenge (`gc=s`), or undefined for any other line. */
function parseScavenge(line: string): Scavenge | undefined {
  if (!/\bgc=s\b/.test(line)) return undefined;
  const field = (name: string): number => Number(new RegExp(`\\b${name}=([\\d.]+)`).exec(line)?.[1] ?? NaN);
  return {
    pauseMs: field('pause'),
    promotedBytes: field('promoted'),
    survivedBytes: field('new_space_survived'),
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor(sorted.length / 2)]!;
};

/** Sequential requests for `durationMs`; resolves with how many completed (all must be 200). */
async function sendFor(target: HttpTarget, agent: Agent, durationMs: number): Promise<number> {
  const payload = Buffer.from(target.body);
  const end = performance.now() + durationMs;
  let count = 0;
  while (performance.now() < end) {
    const timed = await timeRequest(target, agent, payload);
    if (timed.status !== 200)
      throw new Error(`${target.name}: HTTP ${timed.status} ${timed.body.slice(0, 300)}`);
    count++;
  }
  return count;
}

async function main(): Promise<void> {
  const services: ChildService[] = [];
  const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'llm-gateway-gc-'));
  try {
    const { gateway, targets } = await startGatewayUnderMock({
      services,
      dataDirectory,
      extraNodeArgs: ['--trace-gc-nvp'],
    });

    process.stdout.write(
      `Concurrency 1, ${seconds} s per scenario, gateway started with ${gatewayNodeArgs.join(' ')}\n\n` +
        '| Scenario | requests | scavenges | requests per scavenge | pause ms (median) | promoted KB per scavenge (median) | promoted bytes per request |\n' +
        '| --- | --- | --- | --- | --- | --- | --- |\n',
    );
    const scenarios: Array<[string, HttpTarget]> = [
      ['chat', targets.gatewayChat],
      ['chat, stream', targets.gatewayStream],
      ['Anthropic in → chat upstream, stream', targets.gatewayTranslatedStream],
    ];
    for (const [label, target] of scenarios) {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      await sendFor(target, agent, 2000); // warm-up: JIT, connections, the young generation's size
      const scavenges: Scavenge[] = [];
      const unsubscribe = gateway.onLine((line) => {
        const scavenge = parseScavenge(line);
        if (scavenge) scavenges.push(scavenge);
      });
      const requests = await sendFor(target, agent, seconds * 1000);
      unsubscribe();
      agent.destroy();
      const promoted = scavenges.reduce((sum, scavenge) => sum + scavenge.promotedBytes, 0);
      process.stdout.write(
        `| ${label} | ${requests} | ${scavenges.length} | ${
          scavenges.length === 0 ? '–' : Math.round(requests / scavenges.length)
        } | ${median(scavenges.map((scavenge) => scavenge.pauseMs)).toFixed(2)} | ${(
          median(scavenges.map((scavenge) => scavenge.promotedBytes)) / 1024
        ).toFixed(1)} | ${Math.round(promoted / requests)} |\n`,
      );
    }
  } finally {
    await stopAll(services);
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:gc] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
