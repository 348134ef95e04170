import type { RequestLogRecord } from '../storage/request-log-record.ts';

export type LogExportFormat = 'csv' | 'jsonl';

/** The columns of a CSV export, in order (bodies are never exported; attempts are JSON). */
export const csvColumns = [
  'id',
  'startedAt',
  'keyId',
  'keyName',
  'inboundProtocol',
  'requestedModel',
  'modelName',
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
  'clientIp',
  'attempts',
] as const satisfies ReadonlyArray<keyof RequestLogRecord>;

/** RFC 4180 quoting; cells that a spreadsheet would run as a formula get a leading `'`. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${csvColumns.join(',')}\r\n`;
}

/** One record as a CSV line or a JSON line, times as ISO strings, without bodies. */
export function formatLogLine(record: RequestLogRecord, format: LogExportFormat): string {
  if (format === 'jsonl') {
    const { requestBody: _request, responseBody: _response, ...rest } = record;
    return `${JSON.stringify({ ...rest, startedAt: new Date(record.startedAt).toISOString() })}\n`;
  }
  return `${csvColumns
    .map((column) =>
      column === 'startedAt' ? new Date(record.startedAt).toISOString() : csvCell(record[column]),
    )
    .join(',')}\r\n`;
}
