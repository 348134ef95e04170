import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBenchScript } from '../support/run-bench-script.ts';
import { drawSoakChart, renderSoakChartSvg } from '../../bench/draw-soak-chart.ts';
import type { SoakResult, SoakSample } from '../../bench/run-soak.ts';
import { renderSoakReport } from '../../bench/write-soak-report.ts';

const root = path.resolve(import.meta.dirname, '../..');
const megabyte = 1024 * 1024;
const temporary = mkdtempSync(path.join(os.tmpdir(), 'llm-gateway-bench-soak-test-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

/** Three contenders (the chart takes whatever the soak had), the gateway growing 0.5 MB a minute. */
const samples: SoakSample[] = [1, 2, 3, 4, 5, 6].flatMap((minute) =>
  [
    { contender: 'floor', rss: 90, p50: 2 },
    { contender: 'gateway', rss: 130 + minute / 2, p50: 3 },
    { contender: 'portkey', rss: 170, p50: 5 },
  ].map(({ contender, rss, p50 }) => ({
    minute,
    contender,
    requests: 10_000,
    failures: 0,
    p50Milliseconds: p50,
    p99Milliseconds: p50 * 4,
    treeRssBytes: rss * megabyte,
  })),
);
const soak: SoakResult = {
  minutes: 6,
  intervalSeconds: 60,
  samples,
  slopes: { floor: 0, gateway: 5, portkey: 0 },
};

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the soak chart and page', () => {
  it('draws one series set per contender, as a real PNG', async () => {
    const svg = renderSoakChartSvg(samples, { rssGoalMegabytes: 150 });
    for (const contender of ['floor', 'gateway', 'portkey']) expect(svg).toContain(`>${contender}<`);
    expect(svg).toContain('minutes into the soak');

    const png = await drawSoakChart(samples, { subtitle: 'made-up samples', rssGoalMegabytes: 150 });
    const { width, height } = pngSize(png);
    expect(width).toBeGreaterThanOrEqual(800);
    expect(height).toBeGreaterThanOrEqual(600);
    expect(width / height).toBeGreaterThan(1);
    // Lines, labels and text, not a blank page.
    expect(png.length).toBeGreaterThan(30_000);
  }, 60_000);

  it('renders the page with the slope per contender, the goals and the chart', () => {
    const page = renderSoakReport(soak, {
      machine: {
        cpuModel: 'Test CPU',
        cores: 2,
        nodeVersion: 'v20',
        os: 'Linux',
        memoryGigabytes: 8,
        loadAverage: { start: 1, end: 1 },
      },
      date: '2026-01-01T00:00:00.000Z',
      commit: 'abc1234',
      wallSeconds: 400,
      command: 'npm run bench:soak -- --minutes=6',
      chartFile: 'benchmarks-soak.png',
    });
    expect(page).toContain('npm run bench:soak -- --minutes=6');
    expect(page).toContain('![');
    expect(page).toContain('(benchmarks-soak.png)');
    expect(page).toContain('## Goals: 1 of 2 met (gateway)');
    expect(page).toMatch(/whole-tree RSS after the soak ≤ 150 MB \| 133\.0 MB after 6 min \| pass/);
    expect(page).toMatch(/slope < 1 MB per 10 minutes \| 5\.00 MB \/ 10 min over 6 min \| \*\*FAIL\*\*/);
    for (const [contender, slope] of [
      ['floor', '0.00'],
      ['gateway', '5.00'],
      ['portkey', '0.00'],
    ]) {
      expect(page).toContain(`### ${contender}`);
      expect(page).toMatch(new RegExp(`^\\| ${contender} \\|( [^|]+ \\|){5} ${slope} \\|`, 'm'));
    }
  });
});

/**
 * `npm run bench:soak` for 12 seconds (five samples), writing into a temp directory: about 35 s on
 * the 2-core machine, most of it starting the gateway. Its figures mean nothing; the files matter.
 */
it('a short bench:soak writes the page and its chart where BENCH_REPORT says', async () => {
  const output = path.join(temporary, 'report');
  const committedPage = path.join(root, 'docs', 'benchmarks-soak.md');
  const committedPageTime = statSync(committedPage, { throwIfNoEntry: false })?.mtimeMs;
  const {
    code,
    output: printed,
    errors,
  } = await runBenchScript('soak.ts', {
    args: ['--minutes=0.2'],
    settings: { BENCH_REPORT: `${output}${path.sep}` },
  });
  expect(code, errors.slice(-2000)).toBe(0);

  const page = readFileSync(path.join(output, 'benchmarks-soak.md'), 'utf8');
  expect(printed).toBe(page);
  expect(page).toContain('npm run bench:soak -- --minutes=0.2');
  expect(page).toContain('](benchmarks-soak.png)');
  expect(page).toMatch(/^## Goals: \d of 2 met \(gateway\)$/m);
  for (const contender of ['floor', 'gateway']) expect(page).toContain(`### ${contender}`);
  const { width } = pngSize(readFileSync(path.join(output, 'benchmarks-soak.png')));
  expect(width).toBeGreaterThanOrEqual(800);
  // The committed page is left alone.
  expect(statSync(committedPage, { throwIfNoEntry: false })?.mtimeMs).toBe(committedPageTime);
}, 150_000);
