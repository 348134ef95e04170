/** Render one run's figures as docs/benchmarks.md. */
import type { BenchResults, LatencySummary, ThroughputSummary } from './bench-results.ts';
import {
  rssGrowthTolerance,
  virtualModelToleranceMicroseconds,
  type TargetCheck,
} from './evaluate-targets.ts';

const whole = (value: number): string => (Number.isFinite(value) ? String(Math.round(value)) : '–');
const signed = (value: number): string =>
  Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${Math.round(value)}` : '–';
const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function throughputRows(mode: string, rows: ThroughputSummary[], floor: ThroughputSummary): string[][] {
  return rows.map((row) => [
    mode,
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
  ]);
}

/** A row for a contender that cannot serve the scenario: its name, "not served", dashes. */
export function notServedRow(name: string, columns: number, prefix: string[] = []): string[] {
  return [...prefix, name, 'not served', ...Array.from({ length: columns - prefix.length - 2 }, () => '–')];
}

/** Why Portkey has no translated row, in one sentence (the page says it under each such table). */
export const portkeyTranslationNotServed =
  'Portkey passes Anthropic Messages through to Anthropic but does not translate them to a chat upstream: its `/v1/messages` answers HTTP 500 "messages is not supported by openai" for the `openai` provider.';

/** Why Portkey's stream latencies start at 25 ms (said under each table that has them). */
export const portkeyStreamHold =
  "Portkey's stream figures include the 25 ms it waits before the first event of every stream (a fixed `setTimeout` in `readStream`, its `src/handlers/streamHandler.ts`).";

function latencyRows(rows: LatencySummary[], direct: LatencySummary, stream: boolean): string[][] {
  return rows.map((row) => [
    row.name,
    whole(row.p50),
    whole(row.p99),
    whole(row.mean),
    row === direct ? '–' : signed(row.p50 - direct.p50),
    row === direct ? '–' : signed(row.p99 - direct.p99),
    ...(stream
      ? [
          whole(row.firstByteP50),
          whole(row.firstByteP99),
          row === direct ? '–' : signed(row.firstByteP50 - direct.firstByteP50),
        ]
      : []),
  ]);
}

/** The whole Markdown page: command, machine, verdicts, one table per scenario, method. */
export function renderReport(results: BenchResults, checks: TargetCheck[]): string {
  const { machine, settings, latency, throughput } = results;
  const passed = checks.filter((check) => check.pass).length;
  const nonStreamThroughput = throughput.nonStream;
  const streamThroughput = throughput.stream;
  return `# Benchmarks

Overhead of the gateway against a direct call, against a bare keep-alive \`node:http\` proxy
(the floor, [\`bench/floor-proxy.ts\`](../bench/floor-proxy.ts)) and against Portkey's open-source gateway
(\`@portkey-ai/gateway\` ${results.portkeyVersion}), all against the same mock upstream, in one run. Regenerate this page with:

\`\`\`sh
npm run bench
\`\`\`

- Date: ${results.date}; commit \`${results.commit}\`; the run took ${Math.round(results.wallSeconds)} s.
- Machine: ${machine.cores} cores (\`nproc\`), ${machine.cpuModel}, ${machine.memoryGigabytes.toFixed(1)} GB RAM, ${machine.os}; Node ${machine.nodeVersion}.
- The load generator, the mock upstream and the proxy under test share these cores, and the machine was
  shared with other work (1-minute load average ${machine.loadAverage.start.toFixed(1)} at the start, ${machine.loadAverage.end.toFixed(1)} at the end),
  so absolute figures are modest and p99s are noisy; the comparisons within the run are what count.

## Targets: ${passed} of ${checks.length} met

${table(
  ['Goal', 'Measured', 'Result'],
  checks.map((check) => [check.goal, check.measured, check.pass ? 'pass' : '**FAIL**']),
)}

## Throughput at concurrency ${settings.connections}

autocannon, ${settings.connections} keep-alive connections, ${settings.throughputSeconds} s per row as ${settings.throughputRounds} rounds
of ${settings.throughputSeconds / settings.throughputRounds} s, the targets alternating round by round. Latency columns are autocannon's (whole
milliseconds, under load; p50 averaged over the rounds, p99 the worst round). CPU is the proxy process's user + system time per completed request.

${table(
  ['Mode', 'Target', 'req/s', 'Completed', 'Failures', 'p50 ms', 'p99 ms', 'CPU ms/request', 'vs floor'],
  [
    ...throughputRows(
      'non-stream',
      [
        nonStreamThroughput.direct,
        nonStreamThroughput.floor,
        nonStreamThroughput.gateway,
        nonStreamThroughput.portkey,
      ],
      nonStreamThroughput.floor,
    ),
    ...throughputRows(
      'stream',
      [
        streamThroughput.direct,
        streamThroughput.floor,
        streamThroughput.gateway,
        streamThroughput.translated,
        streamThroughput.portkey,
      ],
      streamThroughput.floor,
    ),
    notServedRow('Portkey, Anthropic in → chat upstream', 9, ['stream']),
  ],
)}

${portkeyTranslationNotServed}

## Latency at concurrency 1 (microseconds)

${settings.latencySamples} measured requests per target after ${settings.latencyWarmup} warm-up requests, one at a time,
in blocks of ${settings.latencyBlockSize} consecutive requests per target, the targets' blocks taking turns. The first request of each
block is not in these figures (see "After idle" below). "Added" is the target's percentile minus the direct call's.

Non-stream (\`POST /v1/chat/completions\`):

${table(
  ['Target', 'p50', 'p99', 'mean', 'added p50', 'added p99'],
  latencyRows(
    [
      latency.nonStream.direct,
      latency.nonStream.floor,
      latency.nonStream.gateway,
      latency.nonStream.virtual,
      latency.nonStream.portkey,
    ],
    latency.nonStream.direct,
    false,
  ),
)}

Stream (whole stream, and time to the first body byte):

${table(
  ['Target', 'p50', 'p99', 'mean', 'added p50', 'added p99', 'TTFB p50', 'TTFB p99', 'TTFB overhead p50'],
  [
    ...latencyRows(
      [
        latency.stream.direct,
        latency.stream.floor,
        latency.stream.gateway,
        latency.stream.translated,
        latency.stream.portkey,
      ],
      latency.stream.direct,
      true,
    ),
    notServedRow('Portkey, Anthropic in → chat upstream', 9),
  ],
)}

${portkeyTranslationNotServed} ${portkeyStreamHold}

After idle: the first request of each block, sent right after the other targets' blocks, so its process
(the mock for direct, the proxy otherwise) had been idle for a few milliseconds. Waking an idle process on
this VM has a cost of its own, alike for every process; these figures show it and are not part of the targets.

${table(
  ['Target', 'requests', 'p50', 'p90'],
  [
    latency.nonStream.direct,
    latency.nonStream.floor,
    latency.nonStream.gateway,
    latency.nonStream.virtual,
    latency.nonStream.portkey,
    latency.stream.direct,
    latency.stream.floor,
    latency.stream.gateway,
    latency.stream.translated,
    latency.stream.portkey,
  ].map((row, index) => [
    `${index < 5 ? 'non-stream' : 'stream'}: ${row.name}`,
    String(row.afterIdle.count),
    whole(row.afterIdle.p50),
    whole(row.afterIdle.p90),
  ]),
)}

## Gateway memory

RSS (\`VmRSS\`) of the gateway process by requests served (all scenarios count; the tail is a soak of
alternating non-stream and stream chat requests at concurrency ${settings.connections}, at least 50k requests past the
100k mark), and of the whole process tree \`npm run serve\`'s command line started (the sum over the
launcher and its descendants: what a user's machine holds). The first rows are idle (started and
provisioned, nothing served: right away, then after ${settings.settleSeconds} s alone, once V8's memory reducer has given back
what start-up grew); the last is ${settings.settleSeconds} s after the soak ended. The floor proxy (TypeScript through the tsx loader) shows the baseline a small Node process starts from.

${table(
  [
    'Gateway requests served',
    'When',
    'Gateway RSS MB',
    'Whole tree RSS MB',
    'Floor RSS MB',
    'Portkey RSS MB',
  ],
  results.memory.samples.map((sample) => [
    String(sample.requests),
    sample.moment ?? 'under load',
    megabytes(sample.rssBytes),
    megabytes(sample.treeRssBytes),
    megabytes(sample.floorRssBytes),
    megabytes(sample.portkeyTreeRssBytes),
  ]),
)}

## How each figure is measured

- **Processes.** [\`bench/run.ts\`](../bench/run.ts) spawns the mock upstream, the floor proxy and the gateway
  (and Portkey, below) exactly as \`npm run serve\` runs it (package.json's Node command line: the flags of
  [\`scripts/build-gateway.mjs\`](../scripts/build-gateway.mjs) and \`scripts/start.mjs --headless\`, which rebuilds the bundle
  in a child process when it is stale and runs it in its own process; no malloc settings beyond the caller's environment;
  temp-dir database, \`LOG_LEVEL=warn\`, \`NODE_ENV=production\`, admin from
  \`ADMIN_USERNAME\`/\`ADMIN_PASSWORD\`) as separate processes on 127.0.0.1, provisions the gateway through the admin
  API (provider → model → priority virtual model with one target → virtual key), checks every route answers
  correctly, warms every target up, runs the scenarios, and kills every child at the end, even on failure.
- **Mock upstream** ([\`bench/mock-upstream-server.ts\`](../bench/mock-upstream-server.ts)): prebuilt answers, no JSON
  parsing. Non-stream: one chat completion with usage. Stream: role chunk, 10 content chunks, finish chunk, usage
  chunk, \`[DONE]\`, written **back-to-back in one tick** as separate chunked writes (no gaps), so stream figures
  measure the proxy, not a timer.
- **Direct** calls the mock; **floor** is the ~40-line proxy; **gateway** uses a virtual key and the concrete model;
  **virtual model** is the same request naming a priority virtual model whose only target is that model;
  **translated** sends Anthropic \`POST /v1/messages\` (stream) that the gateway turns into an OpenAI chat request
  upstream and translates back; **Portkey** gets the same chat request, routed by its headers (below).
- **Portkey** ([\`bench/spawn-portkey.ts\`](../bench/spawn-portkey.ts)): the dev dependency \`@portkey-ai/gateway\`
  ${results.portkeyVersion}, its published Node build, run as
  \`node --import bench/portkey-preload.mjs node_modules/@portkey-ai/gateway/build/start-server.js --port=<free port> --headless\`
  (no proxy variables in its environment; ready once \`GET /\` answers). Nothing is provisioned: every request carries
  \`x-portkey-provider: openai\` (chat) or \`anthropic\` (Messages pass-through, with \`x-api-key\` and
  \`anthropic-version\`), \`x-portkey-custom-host: http://127.0.0.1:<mock port>/v1\` and a placeholder key
  (\`authorization: Bearer …\` for chat); the model name goes upstream unchanged. Two workarounds, both in
  [\`bench/portkey-preload.mjs\`](../bench/portkey-preload.mjs): Portkey listens on every interface and its command
  line cannot name a host, so the preload binds it to 127.0.0.1; and its streams fail with \`TypeError: immutable\`
  (HTTP 500) under the \`@hono/node-server\` npm installs beside it (newer than 1.14.2, Portkey-AI/gateway#1389), so
  the preload hands each upstream response on with a mutable copy of its headers. Its log hook for its web console
  (which reads each non-stream response a second time) runs in Node with or without \`--headless\`. It connects to
  nothing but the mock (checked with \`strace -f -e trace=connect\`): its build calls portkey.ai only for hosted
  guardrails and files, which these requests do not use.
- **Throughput** ([\`bench/throughput.ts\`](../bench/throughput.ts)): autocannon's programmatic API; req/s is the mean
  of its per-second counts.
- **Latency** ([\`bench/latency.ts\`](../bench/latency.ts)): one keep-alive connection per target,
  \`process.hrtime.bigint()\` from before the request is written to the end of the body (and to the first body byte
  for TTFB), recorded into a 1 µs-resolution histogram; p50/p99 are exact to the microsecond. Targets take turns
  in short blocks so machine noise hits each alike; within a block every measured request follows one to the same
  target, as a client's sequential requests do. (One request per target in strict rotation measured mostly the
  wake-up of whichever process had been idle longest: the same gateway target listed twice in a row had half
  the p99 the second time.) Added p99 is p99(target) − p99(direct).
- **CPU per request** ([\`bench/process-stats.ts\`](../bench/process-stats.ts)): \`utime + stime\` from
  \`/proc/<pid>/stat\` (all threads, including request-log writes to SQLite) before and after the
  throughput run, divided by the completed requests.
- **RSS**: \`VmRSS\` from \`/proc/<pid>/status\` (Portkey's: of its whole tree, one process) when idle, after warm-up and after each soak step; whole-tree RSS sums it over the process and its descendants (\`/proc/<pid>/task/*/children\`, [\`bench/process-tree.ts\`](../bench/process-tree.ts)). "Not growing" means at
  most ${rssGrowthTolerance * 100}% growth from the first checkpoint at or past 100k requests to the last one.
- **Where the time goes**: \`npm run bench:profile\` (\`BENCH_PROFILE_TARGET=chat|stream|messages\`) profiles the
  gateway bundle under the same load and prints the heaviest functions by self and inclusive time.
- **Virtual model "no added latency"**: p50 within ${virtualModelToleranceMicroseconds} µs of the concrete model
  (about the run-to-run noise of a p50 here).
`;
}
