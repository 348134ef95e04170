/** Render the issue-20 scenarios (agent-size, idle, scale, start-up, soak) as Markdown sections. */
import type { AgentScenarioResult } from './run-agent-scenarios.ts';
import type { IdleScenarioResult } from './run-idle-scenario.ts';
import type { OpenStreamsResult } from './run-scale-scenarios.ts';
import type { StartUpResult } from './measure-start-up.ts';
import type { SoakResult } from './run-soak.ts';
import { evaluateSoakGoals } from './evaluate-soak-goals.ts';
import { markdownTable } from './markdown-table.ts';
import { renderSoakSummary } from './write-soak-report.ts';
import type { ThroughputResult } from './throughput.ts';
import type { ThroughputSummary } from './bench-results.ts';
import { notServedRow, portkeyStreamHold, portkeyTranslationNotServed } from './write-report.ts';

export interface ScenarioFigures {
  agent: AgentScenarioResult[];
  idle: IdleScenarioResult[];
  highConcurrency: ThroughputResult[];
  openStreams: OpenStreamsResult[];
  startUp: StartUpResult;
  soak?: SoakResult;
}

const whole = (value: number): string => (Number.isFinite(value) ? String(Math.round(value)) : '–');
const signed = (value: number): string =>
  Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${Math.round(value)}` : '–';
const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor((sorted.length - 1) / 2)]!;
};

export interface GoalCheck {
  goal: string;
  measured: string;
  pass: boolean;
}

/** The issue's goals that these scenarios measure, each against the floor of the same run. */
export function evaluateScenarioGoals(figures: ScenarioFigures): GoalCheck[] {
  const checks: GoalCheck[] = [];
  const largest = Math.max(...figures.agent.map((result) => result.sizeBytes));
  const agent = figures.agent.find((result) => result.sizeBytes === largest && !result.stream);
  if (agent) {
    const [direct, floor, passThrough, translated] = agent.latency;
    const floorAdded = floor!.p50 - direct!.p50;
    const passAdded = passThrough!.p50 - direct!.p50;
    const translatedAdded = translated!.p50 - direct!.p50;
    const kilobytes = Math.round(largest / 1000);
    checks.push({
      goal: `${kilobytes} KB pass-through, c=1: added p50 ≤ 0.5× the floor's`,
      measured: `+${whole(passAdded)} µs vs floor +${whole(floorAdded)} µs`,
      pass: passAdded <= 0.5 * floorAdded,
    });
    checks.push({
      goal: `${kilobytes} KB translated, c=1: added p50 ≤ the floor's + 2 ms`,
      measured: `+${whole(translatedAdded)} µs vs floor +${whole(floorAdded)} µs`,
      pass: translatedAdded <= floorAdded + 2000,
    });
    const [, floorRate, passRate, translatedRate] = agent.throughput.map((row) => row.requestsPerSecond);
    checks.push({
      goal: `${kilobytes} KB at c=8: pass-through ≥ 1× and translated ≥ 0.8× the floor's req/s`,
      measured: `${(passRate! / floorRate!).toFixed(2)}× / ${(translatedRate! / floorRate!).toFixed(2)}×`,
      pass: passRate! >= floorRate! && translatedRate! >= 0.8 * floorRate!,
    });
  }
  const longest = figures.idle.at(-1);
  const idleFloor = longest?.rows.find((row) => row.name === 'floor');
  const idleGateway = longest?.rows.find((row) => row.name === 'gateway');
  const idleDirect = longest?.rows.find((row) => row.name === 'direct');
  if (longest && idleFloor && idleGateway && idleDirect) {
    const floorAdded = idleFloor.p50 - idleDirect.p50;
    const gatewayAdded = idleGateway.p50 - idleDirect.p50;
    checks.push({
      goal: `First request after ${longest.idleSeconds} s idle: added p50 ≤ the floor's + 0.3 ms`,
      measured: `+${whole(gatewayAdded)} µs vs floor +${whole(floorAdded)} µs`,
      pass: gatewayAdded <= floorAdded + 300,
    });
  }
  const [floor256, gateway256] = figures.highConcurrency;
  if (floor256 && gateway256) {
    checks.push({
      goal: 'Concurrency 256: no error, p99 ≤ 2× the floor’s',
      measured: `${gateway256.failures} failures, p99 ${gateway256.latencyP99Milliseconds} ms vs ${floor256.latencyP99Milliseconds} ms`,
      pass:
        gateway256.failures === 0 &&
        gateway256.latencyP99Milliseconds <= 2 * Math.max(1, floor256.latencyP99Milliseconds),
    });
  }
  const gatewayStreams = figures.openStreams.find((row) => row.name === 'gateway');
  if (gatewayStreams) {
    checks.push({
      goal: `${gatewayStreams.streams} open streams: no error, whole-tree RSS ≤ 300 MB`,
      measured: `${gatewayStreams.errors} errors, ${megabytes(gatewayStreams.treeRssBytes)} MB`,
      pass: gatewayStreams.errors === 0 && gatewayStreams.treeRssBytes <= 300 * 1024 * 1024,
    });
  }
  const startUp = median(figures.startUp.viaBundle);
  checks.push({
    goal: `Ready in ≤ 500 ms with ${figures.startUp.models} models, ${figures.startUp.keys} keys, ${figures.startUp.virtualModels} virtual models`,
    measured: `${whole(startUp)} ms (bundle), ${whole(median(figures.startUp.viaStartScript))} ms (npm run serve: freshness check, then the bundle)`,
    pass: startUp <= 500,
  });
  if (figures.soak) checks.push(...evaluateSoakGoals(figures.soak));
  return checks;
}

function throughputRow(row: ThroughputSummary, floor: ThroughputSummary): string[] {
  return [
    row.name,
    whole(row.requestsPerSecond),
    String(row.completed),
    String(row.failures),
    String(row.latencyP50Milliseconds),
    String(row.latencyP99Milliseconds),
    row.cpuMillisecondsPerRequest === undefined ? '–' : row.cpuMillisecondsPerRequest.toFixed(3),
    row === floor || row.cpuMillisecondsPerRequest === undefined
      ? '–'
      : `${(row.requestsPerSecond / floor.requestsPerSecond).toFixed(2)}×`,
  ];
}

const portkeyTranslatedName = 'Portkey, translated to chat';

export function renderScenarioReport(figures: ScenarioFigures): string {
  const goals = evaluateScenarioGoals(figures);
  const agentSections = figures.agent
    .map((result) => {
      const [direct, floor] = result.latency;
      const title = `${Math.round(result.sizeBytes / 1000)} KB, ${result.stream ? 'stream' : 'non-stream'}`;
      return `### ${title}

${markdownTable(
  ['Target', 'p50 µs', 'p99 µs', 'added p50', 'added p99', 'vs floor added p50'],
  [
    ...result.latency.map((row) => [
      row.name,
      whole(row.p50),
      whole(row.p99),
      row === direct ? '–' : signed(row.p50 - direct!.p50),
      row === direct ? '–' : signed(row.p99 - direct!.p99),
      row === direct || row === floor
        ? '–'
        : `${((row.p50 - direct!.p50) / (floor!.p50 - direct!.p50)).toFixed(2)}×`,
    ]),
    notServedRow(portkeyTranslatedName, 6),
  ],
)}

${markdownTable(
  ['Target (c=8)', 'req/s', 'Completed', 'Failures', 'p50 ms', 'p99 ms', 'CPU ms/request', 'vs floor'],
  [
    ...result.throughput.map((row) => throughputRow(row, result.throughput[1]!)),
    notServedRow(portkeyTranslatedName, 8),
  ],
)}`;
    })
    .join('\n\n');
  const soak = figures.soak;
  return `
## Issue 20 scenarios: ${goals.filter((goal) => goal.pass).length} of ${goals.length} goals met

Each against the floor in the same run, and against Portkey's open-source gateway wherever it can serve
the scenario (every one but the translation of Anthropic Messages to a chat upstream, and start-up, which
measures loading this gateway's configuration). The soak (\`npm run bench:soak\`, 30 minutes) has its own page, with its
table, its goals and a chart of latency and memory per contender: [benchmarks-soak.md](benchmarks-soak.md).

${markdownTable(
  ['Goal', 'Measured', 'Result'],
  goals.map((goal) => [goal.goal, goal.measured, goal.pass ? 'pass' : '**FAIL**']),
)}

## Agent-size requests

Anthropic Messages bodies with 30 tools and long tool results ([\`bench/agent-body.ts\`](../bench/agent-body.ts)).
**Pass-through**: the gateway forwards \`/v1/messages\` to an Anthropic upstream (only \`model\` changes);
**translated**: to a chat upstream. The floor reads, parses, renames the model and re-serializes the body.
Latency at c=1 in blocks like the main latency table; "vs floor added p50" is the target's added p50
over the floor's. **Portkey, pass-through** forwards the same body to the Anthropic mock by its headers
(\`x-portkey-provider: anthropic\`, \`x-portkey-custom-host\`). ${portkeyTranslationNotServed} ${portkeyStreamHold}

${agentSections}

## First request after idle

Each round waits, then sends one small non-stream chat request to each target on its warm keep-alive
connection (the order rotating). "Added" is relative to direct's p50 in the same rounds.

${figures.idle
  .map(
    (result) => `### After ${result.idleSeconds} s idle

${markdownTable(
  ['Target', 'samples', 'errors', 'p50 µs', 'p90 µs', 'max µs', 'added p50'],
  result.rows.map((row) => {
    const direct = result.rows.find((candidate) => candidate.name === 'direct');
    return [
      row.name,
      String(row.samples),
      String(row.errors),
      whole(row.p50),
      whole(row.p90),
      whole(row.max),
      row === direct || !direct ? '–' : signed(row.p50 - direct.p50),
    ];
  }),
)}`,
  )
  .join('\n\n')}

## Concurrency 256

Small non-stream chat requests, 256 keep-alive connections, alternating rounds. Each round opens its
256 connections at once. Node accepts one connection per event-loop turn (libuv ≥ 1.45,
libuv/libuv#3696), so on a busy proxy the last connections wait for as many turns before their first
request is even read: "first response" is each connection's first, "steady" every later one.

${markdownTable(
  [
    'Target',
    'req/s',
    'Completed',
    'Failures',
    'p50 ms',
    'p99 ms',
    'steady p50 ms',
    'steady p99 ms',
    'first response p50 ms',
    'first response max ms',
  ],
  figures.highConcurrency.map((row) => [
    row.name,
    whole(row.requestsPerSecond),
    String(row.completed),
    String(row.failures),
    String(row.latencyP50Milliseconds),
    String(row.latencyP99Milliseconds),
    ...(row.connectionStarts
      ? [
          String(row.connectionStarts.steadyP50Milliseconds),
          String(row.connectionStarts.steadyP99Milliseconds),
          String(row.connectionStarts.firstP50Milliseconds),
          String(row.connectionStarts.firstMaxMilliseconds),
        ]
      : ['–', '–', '–', '–']),
  ]),
)}

## Open streams

Chat streams opened at once and held open by the mock (events spread over the hold); whole-tree RSS
of the proxy before and while all of them are open.

${markdownTable(
  ['Target', 'streams', 'completed', 'errors', 'all open after ms', 'tree RSS before MB', 'tree RSS open MB'],
  figures.openStreams.map((row) => [
    row.name,
    String(row.streams),
    String(row.completed),
    String(row.errors),
    whole(row.openAllMs),
    megabytes(row.treeRssBeforeBytes),
    megabytes(row.treeRssBytes),
  ]),
)}

## Start-up

Spawn to "LLM Gateway is running at" with ${figures.startUp.models} models, ${figures.startUp.keys} virtual keys and
${figures.startUp.virtualModels} virtual models (3 targets each) in the database
([\`bench/measure-start-up.ts\`](../bench/measure-start-up.ts)); ${figures.startUp.viaBundle.length} starts each.

${markdownTable(
  ['How', 'median ms', 'min ms', 'max ms'],
  [
    ['bundle (`node dist-gateway/cli.mjs`)', figures.startUp.viaBundle],
    [
      '`npm run serve` command line (bundle up to date: checked, not rebuilt)',
      figures.startUp.viaStartScript,
    ],
  ].map(([name, values]) => [
    name as string,
    whole(median(values as number[])),
    whole(Math.min(...(values as number[]))),
    whole(Math.max(...(values as number[]))),
  ]),
)}
${
  soak
    ? `
## Soak

${soak.minutes} minutes, a sample every ${soak.intervalSeconds} s: this run's short soak, as on [benchmarks-soak.md](benchmarks-soak.md).

${renderSoakSummary(soak)}
`
    : ''
}`;
}
