import type { Response } from 'express';
import { z } from 'zod';
import { AdminError, notFound } from '../../admin/admin-error.ts';
import type { LogSearch, UsageRepository } from '../../storage/repositories/usage-repository.ts';
import type { PruneReport } from '../../usage/create-retention-job.ts';
import { csvHeader, formatLogLine } from '../../usage/format-log-export.ts';
import { decodeLogCursor, encodeLogCursor } from '../../usage/log-cursor.ts';
import type { AdminRoute } from './admin-route.ts';
import { parseQuery, timeParam } from './usage-query-params.ts';

const filterFields = {
  keyId: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  providerId: z.string().min(1).optional(),
  status: z.coerce.number().int().min(100).max(599).optional(),
  outcome: z.enum(['error', 'success']).optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
  /** Text search in error messages and codes. */
  q: z.string().min(1).max(200).optional(),
};
const listQuery = z.object({
  ...filterFields,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
const exportQuery = z.object({
  ...filterFields,
  format: z.enum(['csv', 'jsonl']).default('jsonl'),
  /** Rows at most (newest first). */
  limit: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
});

function toSearch(query: z.infer<typeof exportQuery> | z.infer<typeof listQuery>): Omit<LogSearch, 'limit'> {
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

const filterHelp =
  'keyId, model, providerId, status, outcome (error|success), from, to (ISO or epoch ms), q (text in errors)';

/** Rows read per query while exporting: the connection is never held between pages. */
const exportPageSize = 2000;

/** Write and wait for `drain` when the socket's buffer is full (a slow client never grows memory). */
function write(response: Response, text: string): Promise<void> {
  if (response.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    response.once('drain', resolve);
    response.once('close', () => reject(new Error('client went away')));
  });
}

/**
 * `/api/request-logs`: list newest first with filters and cursor paging,
 * one record in full (bodies when captured), export as CSV or JSON lines
 * (streamed page by page), and a pruning pass on demand.
 */
export function createRequestLogRoutes(options: {
  repository: UsageRepository;
  prune: () => Promise<PruneReport>;
}): AdminRoute[] {
  const { repository } = options;
  return [
    {
      method: 'get',
      path: '/request-logs',
      tag: 'request-logs',
      summary: `List request logs, newest first (without bodies). Query: ${filterHelp}, limit (1-500, default 50), cursor (nextCursor of the previous page)`,
      status: 200,
      errors: [400],
      handle: async ({ request }) => {
        const query = parseQuery(listQuery, request.query);
        const after = query.cursor === undefined ? undefined : decodeLogCursor(query.cursor);
        if (query.cursor !== undefined && !after)
          throw new AdminError(400, 'invalid_request', 'cursor: not a valid cursor');
        const page = repository.searchLogs({ ...toSearch(query), limit: query.limit, after });
        return {
          data: page.records.map((record) => ({
            ...record,
            startedAt: new Date(record.startedAt).toISOString(),
          })),
          nextCursor: page.next ? encodeLogCursor(page.next) : null,
        };
      },
    },
    {
      method: 'get',
      path: '/request-logs/export',
      tag: 'request-logs',
      summary: `Export request logs as CSV or JSON lines, newest first, without bodies. Query: format (csv|jsonl), limit (default 100000), ${filterHelp}`,
      status: 200,
      errors: [400],
      handle: async ({ request }) => {
        const query = parseQuery(exportQuery, request.query);
        const response = request.res!;
        // The router answers with `response.json(result)` after the handler; this answer is the stream itself.
        response.json = () => response;
        response.status(200);
        response.setHeader(
          'content-type',
          query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        );
        response.setHeader('content-disposition', `attachment; filename="request-logs.${query.format}"`);
        if (query.format === 'csv') await write(response, csvHeader());
        const search = toSearch(query);
        let remaining = query.limit;
        let after: LogSearch['after'];
        while (remaining > 0) {
          const page = repository.searchLogs({
            ...search,
            limit: Math.min(exportPageSize, remaining),
            after,
          });
          let chunk = '';
          for (const record of page.records) chunk += formatLogLine(record, query.format);
          if (chunk) await write(response, chunk);
          remaining -= page.records.length;
          if (!page.next) break;
          after = page.next;
        }
        response.end();
        return undefined;
      },
    },
    {
      method: 'get',
      path: '/request-logs/:id',
      tag: 'request-logs',
      summary: 'One request log in full, with the captured bodies when the key captures them',
      status: 200,
      errors: [404],
      handle: async ({ params }) => {
        const record = repository.getLog(params.id!);
        if (!record) throw notFound('request log', params.id!);
        return { ...record, startedAt: new Date(record.startedAt).toISOString() };
      },
    },
    {
      method: 'post',
      path: '/request-logs/prune',
      tag: 'request-logs',
      summary:
        'Apply the retention settings (logging.retentionDays, logging.maxRows) now; answers what was deleted',
      status: 200,
      handle: () => options.prune(),
    },
  ];
}
