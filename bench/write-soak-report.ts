/** Render a soak (`npm run bench:soak`) as docs/benchmarks-soak.md, and its summary for other pages. */
import type { BenchResults } from './bench-results.ts';
import { evaluateSoakGoals, soakGoalContender } from './evaluate-soak-goals.ts';
import { markdownTable } from './markdown-table.ts';
import type { SoakResult, SoakSample } from './run-soak.ts';

export interface SoakReportContext {
  machine: BenchResults['machine'];
  date: string;
  commit: string;
  wallSeconds: number;
  /** The command line that produced the run, as a reader would type it. */
  command: string;
  /** The chart's path relative to the page; absent when no chart was drawn. */
  chartFile?: string;
}

const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const decimal = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : '–');
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor((sorted.length - 1) / 2)]!;
};

/** Contenders in the order the soak ran them. */
function contendersOf(soak: SoakResult): string[] {
  return [...new Set(soak.samples.map((sample) => sample.contender))];
}

function samplesOf(soak: SoakResult, contender: string): SoakSample[] {
  return soak.samples.filter((sample) => sample.contender === contender);
}

/** One row per contender: totals, RSS first, last and highest, the slope, latency over the soak. */
export function renderSoakSummary(soak: SoakResult): string {
  return markdownTable(
    [
      'Contender',
      'requests',
      'failures',
      'tree RSS first MB',
      'last MB',
      'max MB',
      'slope MB / 10 min',
      'median p50 ms',
      'worst p99 ms',
    ],
    contendersOf(soak).map((contender) => {
      const samples = samplesOf(soak, contender);
      const rss = samples.map((sample) => sample.treeRssBytes);
      return [
        contender,
        String(samples.reduce((sum, sample) => sum + sample.requests, 0)),
        String(samples.reduce((sum, sample) => sum + sample.failures, 0)),
        megabytes(rss[0]!),
        megabytes(rss.at(-1)!),
        megabytes(Math.max(...rss)),
        decimal(soak.slopes[contender] ?? Number.NaN),
        String(median(samples.map((sample) => sample.p50Milliseconds))),
        String(Math.max(...samples.map((sample) => sample.p99Milliseconds))),
      ];
    }),
  );
}

/** A table per contender, one row per sample. */
function renderIntervals(soak: SoakResult): string {
  return contendersOf(soak)
    .map(
      (contender) => `### ${contender}

${markdownTable(
  ['minute', 'requests', 'failures', 'p50 ms', 'p99 ms', 'tree RSS MB'],
  samplesOf(soak, contender).map((sample) => [
    // Whole minutes in a real soak, hundredths in a short trial.
    String(Number(sample.minute.toFixed(2))),
    String(sample.requests),
    String(sample.failures),
    String(sample.p50Milliseconds),
    String(sample.p99Milliseconds),
    megabytes(sample.treeRssBytes),
  ]),
)}`,
    )
    .join('\n\n');
}

/** The whole page: command, machine, goals, summary, chart, the samples, and how it is measured. */
export function renderSoakReport(soak: SoakResult, context: SoakReportContext): string {
  const { machine } = context;
  const goals = evaluateSoakGoals(soak);
  const contenders = contendersOf(soak);
  return `# Soak benchmark

Each contender under a steady mixed load for ${soak.minutes} minute${soak.minutes === 1 ? '' : 's'} (issue 20): does its memory grow, does its
latency drift? One run, every contender against the same mock upstream. Regenerate this page and its chart with:

\`\`\`sh
${context.command}
\`\`\`

- Date: ${context.date}; commit \`${context.commit}\`; the run took ${Math.round(context.wallSeconds)} s.
- Machine: ${machine.cores} cores (\`nproc\`), ${machine.cpuModel}, ${machine.memoryGigabytes.toFixed(1)} GB RAM, ${machine.os}; Node ${machine.nodeVersion}.
- The load generator, the mock and the contenders share these cores (1-minute load average
  ${machine.loadAverage.start.toFixed(1)} at the start, ${machine.loadAverage.end.toFixed(1)} at the end).
- Contenders: ${contenders.join(', ')}; a sample every ${soak.intervalSeconds} s (${soak.samples.length / Math.max(1, contenders.length)} per contender).

## Goals: ${goals.filter((goal) => goal.pass).length} of ${goals.length} met (${soakGoalContender})

${markdownTable(
  ['Goal', 'Measured', 'Result'],
  goals.map((goal) => [goal.goal, goal.measured, goal.pass ? 'pass' : '**FAIL**']),
)}

## Summary

${renderSoakSummary(soak)}

${context.chartFile ? `![Latency p50 and p99, and whole-tree RSS, per contender over the soak](${context.chartFile})` : '(No chart: this run wrote no files.)'}

## Each interval

${renderIntervals(soak)}

## How it is measured

- **Processes**: [\`bench/soak.ts\`](../bench/soak.ts) spawns the mock upstream, the floor proxy
  ([\`bench/floor-proxy.ts\`](../bench/floor-proxy.ts)) and the gateway exactly as \`npm run serve\` runs it,
  on 127.0.0.1, and provisions the gateway through its admin API, as \`npm run bench\` does (see
  [benchmarks.md](benchmarks.md), "How each figure is measured").
- **Load** ([\`bench/run-soak.ts\`](../bench/run-soak.ts)): in each interval the contenders take turns, each
  driven for its share of the interval with small chat requests on 8 keep-alive connections: 4 non-stream
  and 4 stream at once (autocannon).
- **Latency**: autocannon's p50 and p99 over the contender's share of the interval (whole milliseconds),
  the higher of the non-stream and stream figures.
- **RSS**: \`VmRSS\` summed over the contender's process tree (the process and its descendants:
  [\`bench/process-tree.ts\`](../bench/process-tree.ts)), read right after its share of each interval.
- **Slope**: least squares of tree RSS over time, in MB per 10 minutes, leaving out the first sample
  (warm-up growth). The old generation grows between full GCs, so a short soak's slope is mostly that
  sawtooth: only a long run (30 minutes) says whether memory grows.
- **Chart** ([\`bench/draw-soak-chart.ts\`](../bench/draw-soak-chart.ts)): ECharts rendered on the server
  to SVG, screenshotted to PNG in headless Chromium.
`;
}
