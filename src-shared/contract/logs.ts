import { z } from 'zod';
import {
  logExportQuerySchema,
  logIdInput,
  logSearchQuerySchema,
  pruneReportSchema,
  requestLogPageSchema,
  requestLogSchema,
} from '../schemas/request-log.ts';
import { operation } from './define-operation.ts';

const filterHelp =
  'keyId, model, providerId, status, outcome (error|success), from, to (ISO or epoch ms), q (text in errors)';

/** The request log: search with cursor paging, one record in full, export, pruning on demand. */
export const logs = {
  search: operation({
    summary: `List request logs, newest first (without bodies). Query: ${filterHelp}, limit (1-500, default 50), cursor (nextCursor of the previous page)`,
    input: logSearchQuerySchema,
    output: requestLogPageSchema,
    errors: [400],
  }),
  get: operation({
    summary: 'One request log in full, with the captured bodies when the key captures them',
    input: logIdInput,
    output: requestLogSchema,
    errors: [404],
  }),
  export: operation({
    summary: `Export request logs as CSV or JSON lines, newest first, without bodies. Query: format (csv|jsonl), limit (default 100000), ${filterHelp}`,
    input: logExportQuerySchema,
    /** One piece of the file: the CSV header, or one CSV row or JSON line (with its line end). */
    output: z.string(),
    errors: [400],
    stream: true,
  }),
  prune: operation({
    summary:
      'Apply the retention settings (logging.retentionDays, logging.maxRows) now; answers what was deleted',
    input: z.object({}),
    output: pruneReportSchema,
    errors: [],
  }),
};
