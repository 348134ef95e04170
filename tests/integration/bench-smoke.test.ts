import { expect, it } from 'vitest';
import { runBenchScript } from '../support/run-bench-script.ts';

/**
 * `npm run bench -- --smoke` runs every scenario briefly and prints its table (the figures of so
 * short a run mean nothing, so none is asserted): what CI checks of the benchmark.
 */
it('the bench smoke run prints a table for every scenario', async () => {
  const { code, output, errors } = await runBenchScript('run.ts', { args: ['--smoke'] });
  expect(code, errors.slice(-2000)).toBe(0);
  /** The table rows under the heading line that starts with `heading`, up to the next heading. */
  const rowsOf = (heading: string): string[] => {
    const start = output.split('\n').findIndex((line) => line === heading || line.startsWith(`${heading}:`));
    expect(start, `${heading} is printed`).toBeGreaterThanOrEqual(0);
    const lines = output.split('\n').slice(start + 1);
    const end = lines.findIndex((line) => /^#{2,3} /.test(line));
    return (end < 0 ? lines : lines.slice(0, end)).filter((line) => line.startsWith('| '));
  };
  const targetsOf = (heading: string): string[] => rowsOf(heading).map((line) => line.split('|')[1]!.trim());
  expect(targetsOf('## Throughput at concurrency 32')).toEqual(
    expect.arrayContaining(['non-stream', 'stream']),
  );
  // Portkey's gateway is a contender wherever it can serve the request, and "not served" where it cannot.
  const throughputRows = rowsOf('## Throughput at concurrency 32').map((line) =>
    line
      .split('|')
      .slice(1, 4)
      .map((cell) => cell.trim()),
  );
  expect(throughputRows).toEqual(
    expect.arrayContaining([
      ['non-stream', 'Portkey', expect.stringMatching(/^\d+$/)],
      ['stream', 'Portkey', expect.stringMatching(/^\d+$/)],
      ['stream', 'Portkey, Anthropic in → chat upstream', 'not served'],
    ]),
  );
  expect(rowsOf('## Targets').some((line) => line.includes("≥ 5× Portkey's"))).toBe(true);
  expect(rowsOf('## Soak').some((line) => / Portkey +\|/.test(line))).toBe(true);
  expect(rowsOf('## Gateway memory')[0]).toContain('Whole tree RSS MB');
  for (const size of ['100 KB', '400 KB']) {
    for (const mode of ['non-stream', 'stream']) {
      const targets = targetsOf(`### ${size}, ${mode}`);
      for (const target of [
        'floor (parse + serialize)',
        'gateway, pass-through',
        'gateway, translated to chat',
        'Portkey, pass-through',
        'Portkey, translated to chat',
      ])
        expect(
          targets.filter((name) => name === target),
          `${size} ${mode} ${target}`,
        ).toHaveLength(2);
    }
  }
  for (const heading of [
    '### After 0.1 s idle',
    '### After 0.3 s idle',
    '## Concurrency 256',
    '## Open streams',
  ])
    expect(targetsOf(heading), heading).toEqual(expect.arrayContaining(['floor', 'gateway', 'Portkey']));
  // Each connection's first response is reported apart from the steady state (libuv accepts one connection per turn).
  const [header, , ...highConcurrencyRows] = output
    .split('\n')
    .slice(output.split('\n').indexOf('## Concurrency 256'))
    .filter((line) => line.startsWith('| '));
  expect(header).toContain('steady p99 ms');
  expect(header).toContain('first response max ms');
  const gatewayRow = highConcurrencyRows.find((line) => line.split('|')[1]!.trim() === 'gateway')!;
  expect(
    gatewayRow
      .split('|')
      .slice(7, 11)
      .map((cell) => cell.trim()),
  ).toEqual([
    expect.stringMatching(/^[\d.]+$/),
    expect.stringMatching(/^[\d.]+$/),
    expect.stringMatching(/^[\d.]+$/),
    expect.stringMatching(/^[\d.]+$/),
  ]);
  expect(targetsOf('## Start-up')).toHaveLength(4);
  const soakContenders = targetsOf('## Soak');
  expect(soakContenders).toEqual(expect.arrayContaining(['floor', 'gateway']));
  expect(rowsOf('## Issue 20 scenarios').length).toBeGreaterThan(5);
  // The smoke run never rewrites the committed page.
  expect(errors).not.toContain('wrote docs/benchmarks.md');
}, 240_000);
