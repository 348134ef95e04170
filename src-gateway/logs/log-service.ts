import type {
  LogExportQuery,
  LogSearchQuery,
  PruneReport,
  RequestLogPage,
  RequestLogView,
} from '../../src-shared/schemas/request-log.ts';
import { AdminError, notFound } from '../lib/admin-error.ts';
import type { RequestLogRecord } from '../storage/request-log-record.ts';
import type { LogSearch, UsageRepository } from '../storage/repositories/usage-repository.ts';
import { csvHeader, formatLogLine } from './format-log-export.ts';
import { decodeLogCursor, encodeLogCursor } from './log-cursor.ts';

/** The request-log domain of the admin contract (`logs.*`), transport-free. */
export interface LogService {
  /** Newest first, without bodies, a page at a time (`nextCursor`). */
  search(query: LogSearchQuery): RequestLogPage;
  /** One record in full, with the captured bodies; 404 for an unknown id. */
  get(id: string): RequestLogView;
  /**
   * The export as it is produced: the CSV header (csv), then one line per record, newest first,
   * read from SQLite a page at a time (never the whole export in memory; the database is not
   * held between pages). Stop iterating to stop reading.
   */
  export(query: LogExportQuery): AsyncIterable<string>;
  /** A retention pass now (logging.retentionDays, logging.maxRows). */
  prune(): Promise<PruneReport>;
}

/** Rows read per query while exporting. */
const exportPageSize = 2000;

function toSearch(query: LogSearchQuery | LogExportQuery): Omit<LogSearch, 'limit'> {
  return {
    keyId: query.keyId,
    modelName: query.model,
    providerId: query.providerId,
    status: query.status,
    outcome: query.outcome,
    from: query.from,
    to: query.to,
    text: query.q,
  };
}

function toView(record: RequestLogRecord): RequestLogView {
  return { ...record, startedAt: new Date(record.startedAt).toISOString() };
}

export function createLogService(options: {
  repository: UsageRepository;
  prune: () => Promise<PruneReport>;
}): LogService {
  const { repository } = options;

  async function* exportLines(query: LogExportQuery): AsyncGenerator<string> {
    if (query.format === 'csv') yield csvHeader();
    const search = toSearch(query);
    let remaining = query.limit;
    let after: LogSearch['after'];
    while (remaining > 0) {
      const page = repository.searchLogs({ ...search, limit: Math.min(exportPageSize, remaining), after });
      for (const record of page.records) yield formatLogLine(record, query.format);
      remaining -= page.records.length;
      if (!page.next) return;
      after = page.next;
    }
  }

  return {
    search(query) {
      const after = query.cursor === undefined ? undefined : decodeLogCursor(query.cursor);
      if (query.cursor !== undefined && !after)
        throw new AdminError(400, 'invalid_request', 'cursor: not a valid cursor', {
          details: [{ path: 'cursor', message: 'not a valid cursor' }],
        });
      const page = repository.searchLogs({ ...toSearch(query), limit: query.limit, after });
      return {
        data: page.records.map(toView),
        nextCursor: page.next ? encodeLogCursor(page.next) : null,
      };
    },
    get(id) {
      const record = repository.getLog(id);
      if (!record) throw notFound('request log', id);
      return toView(record);
    },
    export: exportLines,
    prune: () => options.prune(),
  };
}
