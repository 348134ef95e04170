import type BetterSqlite3 from 'better-sqlite3';
import type { RequestLogRecord } from '../request-log-record.ts';
import type { Granularity, GroupedUsage, UsageRollup } from '../usage-rollup.ts';
import {
  prepareRollupUpsert,
  rollupBucketColumns,
  rollupCounterColumns,
  rollupIdentityColumns,
} from './prepare-rollup-upsert.ts';

/** A position in the newest-first log order (opaque to clients; see logs/log-cursor.ts). */
export interface LogCursor {
  startedAt: number;
  rowId: number;
}

/** Request-log search for the admin API. Every filter is optional and they combine with AND. */
export interface LogSearch {
  keyId?: string;
  modelName?: string;
  providerId?: string;
  status?: number;
  /** `error`: status >= 400; `success`: below 400. */
  outcome?: 'error' | 'success';
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** Case-insensitive substring of the error message or code (searches failed requests only). */
  text?: string;
  limit: number;
  /** Continue after this row (from the previous page's `next`). */
  after?: LogCursor;
  /** Include request/response bodies (off for lists and exports). */
  bodies?: boolean;
}

export interface LogSearchPage {
  records: RequestLogRecord[];
  /** Cursor for the next page; absent on the last one. */
  next?: LogCursor;
}

/** Rollup rows of one granularity with `from <= bucket_start < to`, optionally for one key, model or provider. */
export interface RollupQuery {
  granularity: Granularity;
  from: number;
  to: number;
  keyId?: string;
  modelName?: string;
  providerId?: string;
}

export interface UsageRepository {
  /**
   * Upsert rollup increments in one transaction (histograms are merged, counters added).
   * Rollups normally commit with their log rows (`RequestLogRepository.insertBatch`); this
   * writes those whose rows could not be written.
   */
  applyRollups(rows: readonly UsageRollup[]): void;
  /** Rollup rows of one granularity with `from <= bucket_start < to`, optionally for one key/model/provider. */
  rollups(query: RollupQuery): UsageRollup[];
  /** Rollups of one granularity summed per group and bucket, in SQL (the dashboard's charts). */
  summarize(query: RollupQuery & { groupBy: 'key' | 'model' | 'provider' | 'none' }): GroupedUsage[];
  /** Spend per key id for the UTC day and month starting at `dayStart`/`monthStart`, and in total. */
  spendByKey(
    dayStart: number,
    monthStart: number,
  ): Map<string, { day: number; month: number; total: number }>;
  searchLogs(search: LogSearch): LogSearchPage;
  getLog(id: string): RequestLogRecord | undefined;
  /** The plan SQLite picks for a search (tests and the bench check index use). */
  explainSearch(search: LogSearch): string[];
  /** Delete at most `chunk` logs older than `before`; answers how many went. */
  pruneLogsBefore(before: number, chunk: number): number;
  /** Delete at most `chunk` of the oldest logs beyond the newest `maxRows`. */
  pruneLogsBeyond(maxRows: number, chunk: number): number;
  /** Delete rollups of `granularity` older than `before`. */
  pruneRollups(granularity: Granularity, before: number): number;
  countLogs(): number;
}

const identityColumns: readonly string[] = rollupIdentityColumns;
const counterColumns: readonly string[] = rollupCounterColumns;
const bucketColumns = rollupBucketColumns;
const summedColumns = [...counterColumns, ...bucketColumns];

const camel = (column: string) =>
  column.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
const camelNames = new Map([...identityColumns, ...counterColumns].map((column) => [column, camel(column)]));

function readCounters(row: Record<string, unknown>, target: Record<string, unknown>): void {
  for (const column of counterColumns) target[camelNames.get(column)!] = row[column];
  target.latencyHistogram = bucketColumns.map((column) => Number(row[column]));
}

function toRollup(row: Record<string, unknown>): UsageRollup {
  const rollup: Record<string, unknown> = {};
  for (const column of identityColumns) rollup[camelNames.get(column)!] = row[column];
  readCounters(row, rollup);
  return rollup as unknown as UsageRollup;
}

function rollupConditions(query: RollupQuery): string {
  const conditions = ['granularity = @granularity', 'bucket_start >= @from', 'bucket_start < @to'];
  if (query.keyId !== undefined) conditions.push('key_id = @keyId');
  if (query.modelName !== undefined) conditions.push('model_name = @modelName');
  if (query.providerId !== undefined) conditions.push('provider_id = @providerId');
  return conditions.join(' AND ');
}

const groupColumns = {
  key: ['key_id', 'key_name'],
  model: ['model_name', 'model_name'],
  provider: ['provider_id', 'provider_name'],
  none: ["'all'", "'all'"],
} as const;

const summaryColumns =
  'rowid AS row_id, id, started_at, key_id, key_name, inbound_protocol, requested_model, virtual_model_id, model_id, model_name, provider_id, provider_name, upstream_model, stream, status, error_code, error_message, latency_ms, ttfb_ms, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, attempts, client_ip';

function toRecord(row: Record<string, unknown>): RequestLogRecord & { rowId: number } {
  const record: Record<string, unknown> = { requestBody: null, responseBody: null };
  for (const [column, value] of Object.entries(row)) {
    let name = camelNames.get(column);
    if (name === undefined) camelNames.set(column, (name = camel(column)));
    record[name] = value;
  }
  record.stream = row.stream === 1;
  record.attempts = JSON.parse(String(row.attempts ?? '[]'));
  return record as unknown as RequestLogRecord & { rowId: number };
}

/** `%`, `_` and `\` in user text match literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

function searchSql(search: LogSearch): { sql: string; parameters: Record<string, unknown> } {
  const conditions: string[] = [];
  const parameters: Record<string, unknown> = { limit: search.limit };
  const equal = (column: string, name: keyof LogSearch) => {
    if (search[name] === undefined) return;
    conditions.push(`${column} = @${name}`);
    parameters[name] = search[name];
  };
  equal('key_id', 'keyId');
  equal('model_name', 'modelName');
  equal('provider_id', 'providerId');
  equal('status', 'status');
  // Written as `status >= 400` so the partial index on failed requests applies.
  if (search.outcome === 'error' || search.text) conditions.push('status >= 400');
  if (search.outcome === 'success') conditions.push('status < 400');
  if (search.from !== undefined) {
    conditions.push('started_at >= @from');
    parameters.from = search.from;
  }
  if (search.to !== undefined) {
    conditions.push('started_at < @to');
    parameters.to = search.to;
  }
  if (search.text) {
    conditions.push("(error_message LIKE @text ESCAPE '\\' OR error_code LIKE @text ESCAPE '\\')");
    parameters.text = likePattern(search.text);
  }
  if (search.after) {
    conditions.push('(started_at, rowid) < (@afterStartedAt, @afterRowId)');
    parameters.afterStartedAt = search.after.startedAt;
    parameters.afterRowId = search.after.rowId;
  }
  const columns = search.bodies ? `${summaryColumns}, request_body, response_body` : summaryColumns;
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const order = 'ORDER BY started_at DESC, rowid DESC LIMIT @limit';
  if (search.text) {
    // The error columns are in a partial index: find the page's rows from the index alone
    // (a search that matches nothing then costs milliseconds, not a read of every failed row;
    // only the matches are sorted), then read those rows. The caller restores the order.
    return {
      sql: `SELECT ${columns} FROM request_logs WHERE rowid IN (SELECT rowid FROM request_logs INDEXED BY request_logs_errors_text ${where} ${order})`,
      parameters,
    };
  }
  return { sql: `SELECT ${columns} FROM request_logs ${where} ${order}`, parameters };
}

export function createSqliteUsageRepository(db: BetterSqlite3.Database): UsageRepository {
  const upsertRollups = prepareRollupUpsert(db);
  const upsertAll = db.transaction((rows: readonly UsageRollup[]) => upsertRollups(rows));
  const spend = db.prepare(
    `SELECT key_id,
       SUM(cost_usd) AS total,
       SUM(CASE WHEN bucket_start >= @monthStart THEN cost_usd ELSE 0 END) AS month,
       SUM(CASE WHEN bucket_start >= @dayStart THEN cost_usd ELSE 0 END) AS day
     FROM usage_rollups WHERE granularity = 'day' AND key_id <> '' GROUP BY key_id`,
  );
  const byAge = db.prepare(
    'DELETE FROM request_logs WHERE rowid IN (SELECT rowid FROM request_logs WHERE started_at < @before ORDER BY started_at LIMIT @chunk)',
  );
  const boundary = db.prepare(
    'SELECT started_at, rowid AS row_id FROM request_logs ORDER BY started_at DESC, rowid DESC LIMIT 1 OFFSET @offset',
  );
  const beyond = db.prepare(
    `DELETE FROM request_logs WHERE rowid IN (SELECT rowid FROM request_logs
       WHERE (started_at, rowid) <= (@startedAt, @rowId) ORDER BY started_at LIMIT @chunk)`,
  );

  return {
    applyRollups(rows) {
      if (rows.length > 0) upsertAll(rows);
    },
    rollups(query) {
      const rows = db
        .prepare(`SELECT * FROM usage_rollups WHERE ${rollupConditions(query)} ORDER BY bucket_start`)
        .all(query) as Record<string, unknown>[];
      return rows.map(toRollup);
    },
    summarize(query) {
      const [idColumn, nameColumn] = groupColumns[query.groupBy];
      const { groupBy: _groupBy, ...parameters } = query;
      // Raw rows (arrays): thousands of buckets come back, and objects with 37 keys cost more than the sums.
      const rows = db
        .prepare(
          `SELECT ${idColumn}, max(${nameColumn}), bucket_start, ${summedColumns.map((column) => `sum(${column})`).join(', ')}
           FROM usage_rollups WHERE ${rollupConditions(query)}
           GROUP BY 1, bucket_start ORDER BY bucket_start`,
        )
        .raw()
        .all(parameters) as unknown[][];
      const counters = counterColumns.map((column) => camelNames.get(column)!);
      return rows.map((row) => {
        const grouped: Record<string, unknown> = {
          groupId: String(row[0]),
          groupName: String(row[1] ?? row[0]),
          bucketStart: row[2],
        };
        counters.forEach((name, index) => (grouped[name] = row[3 + index]));
        grouped.latencyHistogram = row.slice(3 + counters.length).map(Number);
        return grouped as unknown as GroupedUsage;
      });
    },
    spendByKey(dayStart, monthStart) {
      const result = new Map<string, { day: number; month: number; total: number }>();
      for (const row of spend.all({ dayStart, monthStart }) as Record<string, number | string>[])
        result.set(String(row.key_id), {
          day: Number(row.day),
          month: Number(row.month),
          total: Number(row.total),
        });
      return result;
    },
    searchLogs(search) {
      const { sql, parameters } = searchSql(search);
      const rows = (db.prepare(sql).all(parameters) as Record<string, unknown>[]).map(toRecord);
      rows.sort((left, right) => right.startedAt - left.startedAt || right.rowId - left.rowId);
      const last = rows[rows.length - 1];
      const records = rows.map(({ rowId: _rowId, ...record }) => record as RequestLogRecord);
      return rows.length === search.limit && last
        ? { records, next: { startedAt: last.startedAt, rowId: last.rowId } }
        : { records };
    },
    getLog(id) {
      const row = db
        .prepare(`SELECT ${summaryColumns}, request_body, response_body FROM request_logs WHERE id = ?`)
        .get(id);
      if (!row) return undefined;
      const { rowId: _rowId, ...record } = toRecord(row as Record<string, unknown>);
      return record as RequestLogRecord;
    },
    explainSearch(search) {
      const { sql, parameters } = searchSql(search);
      return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(parameters) as Array<{ detail: string }>).map(
        (row) => row.detail,
      );
    },
    pruneLogsBefore(before, chunk) {
      return byAge.run({ before, chunk }).changes;
    },
    pruneLogsBeyond(maxRows, chunk) {
      const row = boundary.get({ offset: maxRows }) as { started_at: number; row_id: number } | undefined;
      if (!row) return 0;
      return beyond.run({ startedAt: row.started_at, rowId: row.row_id, chunk }).changes;
    },
    pruneRollups(granularity, before) {
      return db
        .prepare('DELETE FROM usage_rollups WHERE granularity = ? AND bucket_start < ?')
        .run(granularity, before).changes;
    },
    countLogs() {
      return db.prepare('SELECT COUNT(*) FROM request_logs').pluck().get() as number;
    },
  };
}
