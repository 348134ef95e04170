import path from 'node:path';
import { expect, it } from 'vitest';
import { runBenchScript } from '../support/run-bench-script.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** Run a bench script with tiny settings; its stdout, once it has exited cleanly. */
async function runBench(script: string, settings: Record<string, string>): Promise<string> {
  const { code, output, errors } = await runBenchScript(script, { settings });
  expect(code, errors.slice(-2000)).toBe(0);
  return output;
}

/**
 * The developer tools beside `npm run bench` (docs/performance.md, "Measure first") still run and
 * print their tables; the figures of so short a run mean nothing, so none is asserted.
 */
it('bench:compare prints the floor and the gateway side by side, with another bundle beside them', async () => {
  // This tree's own bundle stands in for another commit's: the table then has a baseline row.
  const output = await runBench('compare.ts', {
    BENCH_COMPARE: path.join(root, 'dist-gateway', 'cli.mjs'),
    BENCH_COMPARE_MODES: 'non-stream',
    BENCH_LATENCY_SAMPLES: '20',
    BENCH_THROUGHPUT_SECONDS: '2',
    BENCH_THROUGHPUT_ROUNDS: '1',
  });
  const rows = output.split('\n').map((line) => line.trim().split(/\s{2,}/));
  for (const target of ['floor', 'gateway', 'baseline']) {
    const row = rows.find((cells) => cells[0] === target);
    expect(row, `${target} row in:\n${output}`).toBeDefined();
    // added p50, p99, req/s, × floor, CPU per request, failures
    expect(row!.slice(1)).toEqual([
      expect.stringMatching(/^[+-]\d+$/),
      expect.stringMatching(/^\d+$/),
      expect.stringMatching(/^\d+$/),
      expect.stringMatching(/^[\d.]+$/),
      expect.stringMatching(/^[\d.]+$/),
      '0',
    ]);
  }
}, 180_000);

it('bench:leak probes the heap between load phases and prints the slopes', async () => {
  const output = await runBench('leak-check.ts', { BENCH_LEAK_PHASES: '3', BENCH_LEAK_PHASE_SECONDS: '1.5' });
  const rows = output.split('\n').filter((line) => /^\s*\d+\s+[\d.]+\s+[\d.]+/.test(line));
  // The start and one probe per phase, each after more requests than the one before.
  expect(rows, output).toHaveLength(4);
  const requests = rows.map((line) => Number(line.trim().split(/\s+/)[0]));
  expect(requests[0]).toBe(0);
  for (let index = 1; index < requests.length; index++)
    expect(requests[index]!).toBeGreaterThan(requests[index - 1]!);
  expect(output).toMatch(
    /slope after phase 1, MB per million requests: heap alive -?[\d.]+, outside heap -?[\d.]+, RSS -?[\d.]+/,
  );
}, 180_000);
