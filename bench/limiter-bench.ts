/**
 * Micro-benchmarks for issue 5: the limiter's cost per request (goal: under
 * 0.05 ms) and the dashboard's queries on a generated million-row request log
 * (goal: under 100 ms). Runs alone (`npx tsx bench/limiter-bench.ts`) or from
 * `npm run bench`, which appends the section to the report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMemoryAdmission } from '../src-gateway/admission/create-memory-admission.ts';
import type { KeyRuntime } from '../src-gateway/config-snapshot/snapshot.ts';
import { openDatabase } from '../src-gateway/storage/index.ts';
import {
  createSqliteUsageRepository,
  type LogSearch,
} from '../src-gateway/storage/repositories/usage-repository.ts';
import { generateRequestLogs } from '../src-gateway/usage/generate-request-logs.ts';
import { summarizeUsage } from '../src-gateway/usage/summarize-usage.ts';
import { granularityMs } from '../src-gateway/storage/usage-rollup.ts';
import { emptyHistogram, latencyBoundsMs } from '../src-gateway/lib/latency-histogram.ts';
import { createRetentionJob } from '../src-gateway/usage/create-retention-job.ts';
import { createSilentLogger } from '../src-gateway/lib/logger.ts';

export interface TimedFigure {
  name: string;
  /** Milliseconds. */
  median: number;
  p95: number;
}

export interface LimiterBenchResults {
  limiter: Array<{ name: string; msPerRequest: number }>;
  queries: TimedFigure[];
  rows: number;
  generateSeconds: number;
  pruneSeconds: number;
}

const limiterGoalMs = 0.05;
const queryGoalMs = 100;

function baseKey(overrides: Partial<KeyRuntime>): KeyRuntime {
  return {
    id: 'vk_bench',
    name: 'bench',
    hash: 'h',
    enabled: true,
    allowedModels: null,
    logBodies: false,
    isMonitoring: false,
    ...overrides,
  };
}

/** Admit + settle in a loop on the real clock; the average cost of one request. */
function limiterCost(key: KeyRuntime, iterations: number): number {
  const admission = createMemoryAdmission({ clock: { now: () => Date.now() } });
  const estimate = { tokens: 1200, costUsd: 0.004 };
  const actual = { tokens: 900, costUsd: 0.003 };
  for (let index = 0; index < 10_000; index++) admission.admit(key, estimate).settle(actual);
  const started = process.hrtime.bigint();
  for (let index = 0; index < iterations; index++) admission.admit(key, estimate).settle(actual);
  return Number(process.hrtime.bigint() - started) / 1e6 / iterations;
}

/** Rollups straight from the generated log, in SQL (the bench has no log writer to feed them). */
function buildRollups(db: ReturnType<typeof openDatabase>): void {
  const bucketOf = `CASE ${latencyBoundsMs.map((bound, index) => `WHEN latency_ms <= ${bound} THEN ${index}`).join(' ')} ELSE ${latencyBoundsMs.length} END`;
  const buckets = emptyHistogram().map((_count, index) => `latency_bucket_${index}`);
  for (const [granularity, size] of Object.entries(granularityMs)) {
    db.exec(`INSERT INTO usage_rollups (granularity, bucket_start, key_id, model_name, provider_id, key_name, provider_name,
        requests, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd,
        latency_ms_sum, ${buckets.join(', ')})
      SELECT '${granularity}', (started_at / ${size}) * ${size} AS bucket, key_id, model_name, provider_id, max(key_name),
        max(provider_name), count(*), sum(status >= 400), sum(input_tokens), sum(output_tokens), sum(cache_read_tokens),
        sum(cache_write_tokens), sum(reasoning_tokens), sum(cost_usd), sum(latency_ms),
        ${buckets.map((_column, index) => `sum(latency_bucket = ${index})`).join(', ')}
      FROM (SELECT *, ${bucketOf} AS latency_bucket FROM request_logs) GROUP BY bucket, key_id, model_name, provider_id`);
  }
}

function timed(run: () => unknown, repeats: number): TimedFigure & { name: string } {
  const samples: number[] = [];
  run();
  for (let index = 0; index < repeats; index++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  samples.sort((left, right) => left - right);
  return {
    name: '',
    median: samples[Math.floor(samples.length / 2)]!,
    p95: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))]!,
  };
}

export async function runLimiterBench(
  options: { rows?: number; log?: (message: string) => void } = {},
): Promise<LimiterBenchResults> {
  const log = options.log ?? (() => undefined);
  const rows = options.rows ?? 1_000_000;
  const iterations = 200_000;
  const limiter = [
    { name: 'no limits', key: baseKey({}) },
    {
      name: 'rpm + tpm + concurrency + daily budget',
      key: baseKey({
        rpm: 1_000_000,
        tpm: 2_000_000_000,
        maxConcurrency: 100,
        budgetUsd: 1e9,
        budgetPeriod: 'day',
      }),
    },
  ].map(({ name, key }) => ({ name, msPerRequest: limiterCost(key, iterations) }));
  log(
    `limiter: ${limiter.map((entry) => `${entry.name} ${(entry.msPerRequest * 1000).toFixed(2)} µs`).join(', ')}`,
  );

  const directory = mkdtempSync(path.join(os.tmpdir(), 'llm-gateway-limiter-bench-'));
  try {
    const db = openDatabase(path.join(directory, 'gateway.db'));
    const now = Date.now();
    let started = performance.now();
    generateRequestLogs(db, { rows, now, days: 30 });
    const generateSeconds = (performance.now() - started) / 1000;
    log(`generated ${rows} request logs in ${generateSeconds.toFixed(1)} s`);
    // Minute, hour and day rollups of the same rows, as the log writer would have made them.
    started = performance.now();
    buildRollups(db);
    log(`rolled up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const repository = createSqliteUsageRepository(db);
    const day = 86_400_000;
    const searches: Array<[string, Omit<LogSearch, 'limit'>]> = [
      ['logs: newest 50', {}],
      ['logs: one key', { keyId: 'vk_gen_3' }],
      ['logs: one key, 2-day range', { keyId: 'vk_gen_3', from: now - 3 * day, to: now - day }],
      ['logs: one model', { modelName: 'model-4' }],
      ['logs: one provider', { providerId: 'prv_gen_2' }],
      ['logs: status 502', { status: 502 }],
      ['logs: errors only', { outcome: 'error' }],
      ['logs: text search in errors', { text: 'edge 7' }],
      ['logs: text search, no match', { text: 'no such words' }],
      ['logs: page 200 (cursor)', { after: { startedAt: now - 15 * day, rowId: rows / 2 } }],
    ];
    const queries: TimedFigure[] = searches.map(([name, search]) => ({
      ...timed(() => repository.searchLogs({ ...search, limit: 50 }), 20),
      name,
    }));
    const usageQueries = [
      ['usage: last 6 h by model, per minute', 'minute', day / 4, 'model'],
      ['usage: last 24 h by model, per hour', 'hour', day, 'model'],
      ['usage: last 7 days by key, per hour', 'hour', 7 * day, 'key'],
      ['usage: last 30 days by provider, per day', 'day', 30 * day, 'provider'],
      ['usage: last 30 days, one key, per day', 'day', 30 * day, 'none'],
    ] as const;
    for (const [name, granularity, span, groupBy] of usageQueries) {
      const keyId = groupBy === 'none' ? 'vk_gen_3' : undefined;
      const figure = timed(
        () =>
          summarizeUsage(repository.summarize({ granularity, from: now - span, to: now, groupBy, keyId })),
        10,
      );
      queries.push({ ...figure, name });
    }
    queries.push({
      ...timed(() => repository.spendByKey(now - day, now - 30 * day), 10),
      name: 'budgets: spend per key',
    });
    for (const figure of queries)
      log(`${figure.name}: median ${figure.median.toFixed(2)} ms, p95 ${figure.p95.toFixed(2)} ms`);

    const job = createRetentionJob({
      repository,
      getSettings: () => ({ retentionDays: 20, maxRows: Math.floor(rows / 2) }),
      clock: { now: () => now },
      logger: createSilentLogger(),
    });
    started = performance.now();
    const report = await job.run();
    const pruneSeconds = (performance.now() - started) / 1000;
    log(`pruned ${report.byAge} by age and ${report.byCount} by count in ${pruneSeconds.toFixed(1)} s`);
    db.close();
    return { limiter, queries, rows, generateSeconds, pruneSeconds };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The report section (markdown). */
export function renderLimiterSection(results: LimiterBenchResults): string {
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const lines = [
    '',
    '## Limiter and dashboard queries',
    '',
    `Limiter cost per request (admit + settle, in process; goal under ${limiterGoalMs} ms):`,
    '',
    '| limits on the key | ms per request | goal |',
    '| --- | --- | --- |',
    ...results.limiter.map(
      (entry) =>
        `| ${entry.name} | ${entry.msPerRequest.toFixed(5)} | ${mark(entry.msPerRequest < limiterGoalMs)} |`,
    ),
    '',
    `Dashboard queries on a generated ${results.rows.toLocaleString('en-US')}-row request log (file database, WAL; goal under ${queryGoalMs} ms; generated in ${results.generateSeconds.toFixed(1)} s):`,
    '',
    '| query | median ms | p95 ms | goal |',
    '| --- | --- | --- | --- |',
    ...results.queries.map(
      (figure) =>
        `| ${figure.name} | ${figure.median.toFixed(2)} | ${figure.p95.toFixed(2)} | ${mark(figure.p95 < queryGoalMs)} |`,
    ),
    '',
    `Pruning to 20 days and half the rows took ${results.pruneSeconds.toFixed(1)} s (5000-row chunks, yielding between them).`,
    '',
  ];
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const log = (message: string) => void process.stderr.write(`[limiter-bench] ${message}\n`);
  runLimiterBench({ rows: Number(process.env.BENCH_LOG_ROWS ?? 1_000_000), log })
    .then((results) => process.stdout.write(renderLimiterSection(results)))
    .catch((error: unknown) => {
      process.stderr.write(
        `[limiter-bench] failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    });
}
