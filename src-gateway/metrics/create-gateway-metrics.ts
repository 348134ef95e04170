import type { LimitName } from '../admission/limit-errors.ts';
import type { MemoryAdmission } from '../admission/create-memory-admission.ts';
import type { RequestLogRecord } from '../storage/request-log-record.ts';
import type { ConfigSnapshot, KeyRuntime } from '../config-snapshot/snapshot.ts';
import { latencyBoundsMs } from '../lib/latency-histogram.ts';
import {
  CallbackGauge,
  Counter,
  Histogram,
  renderMetrics,
  series,
  type Series,
} from './prometheus-registry.ts';

/** One routing target's breaker, as the router reports it (structural: routing owns the type). */
export interface BreakerReading {
  providerName: string;
  modelName: string;
  state: 'closed' | 'open' | 'half-open';
}

export interface GatewayMetrics {
  /** Count one finished request (memory only; called on the hot path). */
  observeRequest(record: RequestLogRecord): void;
  /** Count one request a limit refused. */
  observeRejection(key: KeyRuntime, limit: LimitName): void;
  /** Count a request-log write that failed (its rows are retried; their usage is kept). */
  observeLogWriteFailure(): void;
  /** Count request-log rows given up (queue overflow, or writes that kept failing). */
  observeLogRowsDropped(rows: number): void;
  /** The Prometheus text exposition. */
  render(): string;
}

const breakerValue = { closed: 0, 'half-open': 1, open: 2 } as const;
const secondsBounds = latencyBoundsMs.map((bound) => bound / 1000);

/**
 * The gateway's Prometheus series, labelled by provider, model and key name:
 * requests (by status), errors (by code), tokens (by type), cost, latency and
 * time-to-first-byte histograms, breaker state, limiter rejections, in-flight
 * requests and spend per key.
 */
export function createGatewayMetrics(options: {
  getSnapshot: () => ConfigSnapshot;
  admission?: MemoryAdmission;
  breakerStates?: () => readonly BreakerReading[];
}): GatewayMetrics {
  const labels = ['provider', 'model', 'key'];
  const requests = new Counter('llm_gateway_requests_total', 'Requests answered, by HTTP status.', [
    ...labels,
    'status',
  ]);
  const errors = new Counter('llm_gateway_request_errors_total', 'Failed requests, by error code.', [
    ...labels,
    'code',
  ]);
  const tokens = new Counter('llm_gateway_tokens_total', 'Tokens, by type (input includes cached).', [
    ...labels,
    'type',
  ]);
  const cost = new Counter('llm_gateway_cost_usd_total', 'Cost in USD computed from model prices.', labels);
  const duration = new Histogram(
    'llm_gateway_request_duration_seconds',
    'Request latency.',
    labels,
    secondsBounds,
  );
  const firstByte = new Histogram(
    'llm_gateway_time_to_first_byte_seconds',
    'Time to first byte.',
    labels,
    secondsBounds,
  );
  const rejections = new Counter('llm_gateway_limiter_rejections_total', 'Requests refused by a key limit.', [
    'key',
    'limit',
  ]);

  const keyNames = () => {
    const names = new Map<string, string>();
    for (const key of options.getSnapshot().keysByHash.values()) names.set(key.id, key.name);
    return names;
  };
  const breakers = new CallbackGauge(
    'llm_gateway_breaker_state',
    'Circuit breaker per target: 0 closed, 1 half-open, 2 open.',
    ['provider', 'model'],
    () =>
      (options.breakerStates?.() ?? []).map((reading) => ({
        labels: [reading.providerName, reading.modelName],
        value: breakerValue[reading.state],
      })),
  );
  const inFlight = new CallbackGauge(
    'llm_gateway_limiter_in_flight',
    'Requests in flight per key.',
    ['key'],
    () => {
      const names = keyNames();
      return (options.admission?.keyIds() ?? []).flatMap((id) => {
        const view = options.admission!.view(id);
        return names.has(id) && view ? [{ labels: [names.get(id)!], value: view.inFlight }] : [];
      });
    },
  );
  const spend = new CallbackGauge(
    'llm_gateway_key_spend_usd',
    'Spend per key in the current UTC period.',
    ['key', 'period'],
    () => {
      const names = keyNames();
      return (options.admission?.keyIds() ?? []).flatMap((id) => {
        const view = options.admission!.view(id);
        if (!names.has(id) || !view) return [];
        const name = names.get(id)!;
        return (['day', 'month', 'total'] as const).map((period) => ({
          labels: [name, period],
          value: view.spend[period],
        }));
      });
    },
  );
  const logWriteFailures = new Counter(
    'llm_gateway_request_log_write_failures_total',
    'Request-log writes that failed (retried; usage is counted either way).',
    [],
  );
  const logRowsDropped = new Counter(
    'llm_gateway_request_log_rows_dropped_total',
    'Request-log rows given up: queue overflow or writes that kept failing (usage is counted either way).',
    [],
  );
  const all = [
    requests,
    errors,
    tokens,
    cost,
    duration,
    firstByte,
    breakers,
    rejections,
    inFlight,
    spend,
    logWriteFailures,
    logRowsDropped,
  ];

  /**
   * The series of one provider, model and key, built on first use: a request
   * updates eight series, and building their label arrays and ids per request
   * was most of what the metrics allocated. Bounded: cleared past 10k triples.
   */
  interface TripleSeries {
    base: Series;
    tokens: Record<'input' | 'output' | 'cache_read' | 'cache_write' | 'reasoning', Series>;
    byStatus: Map<number, Series>;
    byError: Map<string, Series>;
  }
  const triples = new Map<string, TripleSeries>();
  const tripleOf = (provider: string, model: string, key: string): TripleSeries => {
    const id = `${provider}\u0000${model}\u0000${key}`;
    let found = triples.get(id);
    if (!found) {
      const base = [provider, model, key];
      const tokenSeries = (type: string) => series([...base, type]);
      found = {
        base: series(base),
        tokens: {
          input: tokenSeries('input'),
          output: tokenSeries('output'),
          cache_read: tokenSeries('cache_read'),
          cache_write: tokenSeries('cache_write'),
          reasoning: tokenSeries('reasoning'),
        },
        byStatus: new Map(),
        byError: new Map(),
      };
      if (triples.size >= 10_000) triples.clear();
      triples.set(id, found);
    }
    return found;
  };

  return {
    observeRequest(record) {
      const triple = tripleOf(record.providerName ?? '', record.modelName ?? '', record.keyName ?? '');
      const base = triple.base.labels;
      let status = triple.byStatus.get(record.status);
      if (!status) triple.byStatus.set(record.status, (status = series([...base, String(record.status)])));
      requests.incSeries(status);
      if (record.status >= 400) {
        const code = record.errorCode ?? 'unknown';
        let error = triple.byError.get(code);
        if (!error) triple.byError.set(code, (error = series([...base, code])));
        errors.incSeries(error);
      }
      tokens.incSeries(triple.tokens.input, record.inputTokens);
      tokens.incSeries(triple.tokens.output, record.outputTokens);
      tokens.incSeries(triple.tokens.cache_read, record.cacheReadTokens);
      tokens.incSeries(triple.tokens.cache_write, record.cacheWriteTokens);
      tokens.incSeries(triple.tokens.reasoning, record.reasoningTokens);
      cost.incSeries(triple.base, record.costUsd);
      duration.observeSeries(triple.base, record.latencyMs / 1000);
      if (record.ttfbMs !== null) firstByte.observeSeries(triple.base, record.ttfbMs / 1000);
    },
    observeRejection(key, limit) {
      rejections.inc([key.name, limit]);
    },
    observeLogWriteFailure() {
      logWriteFailures.inc([]);
    },
    observeLogRowsDropped(rows) {
      logRowsDropped.inc([], rows);
    },
    render: () => renderMetrics(all),
  };
}
