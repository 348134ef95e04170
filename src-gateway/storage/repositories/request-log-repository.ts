import { requestLogSchema } from '../../../src-shared/schemas/request-log.ts';
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import type { AttemptRecord, RequestLogRecord } from '../request-log-record.ts';
import type { UsageRollup } from '../usage-rollup.ts';
import { prepareRollupUpsert } from './prepare-rollup-upsert.ts';
import { columnName } from './table-mapper.ts';

export interface RequestLogFilter {
  keyId?: string;
  modelName?: string;
  providerId?: string;
  status?: number;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

export interface RequestLogPage {
  limit: number;
  offset?: number;
}

export interface RequestLogRepository {
  /**
   * Write a batch, and the usage rollups it adds, in one transaction: a crash
   * keeps both or neither, so budgets read back from the rollups at start agree
   * with the log. Synchronous on purpose: the log writer flushes off the
   * request path and must see a failure as it happens (a networked backend
   * would buffer behind the same signature).
   */
  insertBatch(records: readonly RequestLogRecord[], rollups?: readonly UsageRollup[]): void;
  /** Newest first. */
  list(filter?: RequestLogFilter, page?: RequestLogPage): Promise<RequestLogRecord[]>;
  count(filter?: RequestLogFilter): Promise<number>;
}

const attemptSchema: z.ZodType<AttemptRecord> = z.object({
  modelId: z.string(),
  providerId: z.string(),
  outcome: z.enum(['success', 'error', 'timeout', 'skipped']),
  status: z.number().optional(),
  latencyMs: z.number(),
  reason: z.string().optional(),
});

/** The row as stored: the admin API's shape (src-shared), with the start time in epoch ms. */
const requestLogRecordSchema: z.ZodType<RequestLogRecord> = requestLogSchema.extend({
  startedAt: z.number(),
  attempts: z.array(attemptSchema),
});

/** Every field of RequestLogRecord, in column order. */
const fields = [
  'id',
  'startedAt',
  'keyId',
  'keyName',
  'inboundProtocol',
  'requestedModel',
  'virtualModelId',
  'modelId',
  'modelName',
  'providerId',
  'providerName',
  'upstreamModel',
  'stream',
  'status',
  'errorCode',
  'errorMessage',
  'latencyMs',
  'ttfbMs',
  'inputTokens',
  'outputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'reasoningTokens',
  'costUsd',
  'attempts',
  'clientIp',
  'requestBody',
  'responseBody',
] as const satisfies ReadonlyArray<keyof RequestLogRecord>;

/** Column values in `fields` order: positional binding is cheaper per row than named parameters. */
function toValues(record: RequestLogRecord): unknown[] {
  const values = new Array<unknown>(fields.length);
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    values[index] =
      field === 'stream'
        ? record.stream
          ? 1
          : 0
        : field === 'attempts'
          ? JSON.stringify(record.attempts)
          : record[field];
  }
  return values;
}

function fromRow(row: Record<string, unknown>): RequestLogRecord {
  const record: Record<string, unknown> = {};
  for (const field of fields) record[field] = row[columnName(field)];
  record.stream = row.stream === 1;
  record.attempts = JSON.parse(String(row.attempts));
  return requestLogRecordSchema.parse(record);
}

function whereClause(filter: RequestLogFilter): { sql: string; parameters: Record<string, unknown> } {
  const conditions: string[] = [];
  const parameters: Record<string, unknown> = {};
  const add = (condition: string, name: keyof RequestLogFilter) => {
    if (filter[name] === undefined) return;
    conditions.push(condition);
    parameters[name] = filter[name];
  };
  add('key_id = @keyId', 'keyId');
  add('model_name = @modelName', 'modelName');
  add('provider_id = @providerId', 'providerId');
  add('status = @status', 'status');
  add('started_at >= @from', 'from');
  add('started_at < @to', 'to');
  return { sql: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, parameters };
}

export function createSqliteRequestLogRepository(db: BetterSqlite3.Database): RequestLogRepository {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO request_logs (${fields.map(columnName).join(', ')}) VALUES (${fields
      .map(() => '?')
      .join(', ')})`,
  );
  const upsertRollups = prepareRollupUpsert(db);
  const insertAll = db.transaction(
    (records: readonly RequestLogRecord[], rollups: readonly UsageRollup[] | undefined) => {
      for (const record of records) insert.run(toValues(record));
      if (rollups) upsertRollups(rollups);
    },
  );
  return {
    insertBatch(records, rollups) {
      if (records.length > 0 || (rollups !== undefined && rollups.length > 0)) insertAll(records, rollups);
    },
    async list(filter = {}, page = { limit: 50 }) {
      const where = whereClause(filter);
      const rows = db
        .prepare(
          `SELECT * FROM request_logs ${where.sql} ORDER BY started_at DESC, id DESC LIMIT @limit OFFSET @offset`,
        )
        .all({ ...where.parameters, limit: page.limit, offset: page.offset ?? 0 });
      return rows.map((row) => fromRow(row as Record<string, unknown>));
    },
    async count(filter = {}) {
      const where = whereClause(filter);
      return db
        .prepare(`SELECT COUNT(*) FROM request_logs ${where.sql}`)
        .pluck()
        .get(where.parameters) as number;
    },
  };
}
