/**
 * `npm run bench:leak`: does the gateway keep anything per request? The soak (`bench:soak`) samples
 * RSS once a minute and fits a slope, but RSS moves with the old generation's sawtooth and glibc's
 * free lists by several MB either way (the floor, which keeps nothing, has a slope of its own). This
 * asks the process instead: the gateway bundle runs under the mock with a probe
 * (bench/heap-probe-preload.mjs) that, between load phases, runs full collections and reports what
 * survived. Each phase is mixed traffic at concurrency 32: chat non-stream, chat stream and Anthropic
 * Messages translated to chat (stream), a third of the phase each. The slopes are least squares over
 * the phases after the first (JIT code and caches fill during the first).
 *
 * Settings (environment): BENCH_LEAK_PHASES (8), BENCH_LEAK_PHASE_SECONDS (30).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopAll, type ChildService } from './child-processes.ts';
import { startGatewayUnderMock } from './gateway-under-mock.ts';
import { measureThroughput } from './throughput.ts';
import { slope } from './run-soak.ts';

const phases = Number(process.env.BENCH_LEAK_PHASES ?? 8) || 8;
const phaseSeconds = Number(process.env.BENCH_LEAK_PHASE_SECONDS ?? 30) || 30;

const log = (message: string): void => void process.stderr.write(`[bench:leak] ${message}\n`);
const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(2);
const pause = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

interface Probe {
  requests: number;
  rss: number;
  heapUsed: number;
  external: number;
  spaces: Record<string, number>;
}

async function probe(pid: number, file: string, requests: number): Promise<Probe> {
  const before = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
  process.kill(pid, 'SIGUSR2');
  for (let attempt = 0; attempt < 100; attempt++) {
    await pause(100);
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    if (lines.length > before) return { requests, ...(JSON.parse(lines.at(-1)!) as Omit<Probe, 'requests'>) };
  }
  throw new Error('the heap probe did not answer');
}

async function main(): Promise<void> {
  const services: ChildService[] = [];
  const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'llm-gateway-bench-leak-'));
  const probeFile = path.join(dataDirectory, 'heap-probe.jsonl');
  process.env.HEAP_PROBE_FILE = probeFile;
  try {
    const { gateway, targets } = await startGatewayUnderMock({
      services,
      dataDirectory,
      extraNodeArgs: ['--expose-gc', '--import', path.join(import.meta.dirname, 'heap-probe-preload.mjs')],
    });
    const probes: Probe[] = [await probe(gateway.pid, probeFile, 0)];
    let served = 0;
    for (let phase = 1; phase <= phases; phase++) {
      log(`phase ${phase} of ${phases}: ${phaseSeconds} s of mixed load`);
      for (const target of [targets.gatewayChat, targets.gatewayStream, targets.gatewayTranslatedStream]) {
        const result = await measureThroughput(target, {
          connections: 32,
          durationSeconds: phaseSeconds / 3,
        });
        served += result.completed + result.failures;
        if (result.failures > 0) log(`${result.failures} failures on ${target.name}`);
      }
      // Let the last requests' log rows be written before the collection.
      await pause(1000);
      probes.push(await probe(gateway.pid, probeFile, served));
    }
    const lines = ['requests    RSS MB  heap alive MB  outside heap MB  old space MB  large objects MB'];
    for (const row of probes)
      lines.push(
        [
          String(row.requests).padStart(8),
          megabytes(row.rss).padStart(9),
          megabytes(row.heapUsed).padStart(14),
          megabytes(row.external).padStart(16),
          megabytes(row.spaces.old_space ?? 0).padStart(13),
          megabytes(row.spaces.large_object_space ?? 0).padStart(17),
        ].join(' '),
      );
    const measured = probes.slice(2);
    const perMillion = (pick: (row: Probe) => number): string =>
      megabytes(slope(measured.map((row) => [row.requests / 1_000_000, pick(row)])));
    lines.push(
      `\nslope after phase 1, MB per million requests: heap alive ${perMillion((row) => row.heapUsed)}, ` +
        `outside heap ${perMillion((row) => row.external)}, RSS ${perMillion((row) => row.rss)}`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await stopAll(services);
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}

await main();
