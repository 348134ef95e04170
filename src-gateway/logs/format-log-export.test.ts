import { describe, expect, it } from 'vitest';
import type { RequestLogRecord } from '../storage/request-log-record.ts';
import { csvColumns, csvHeader, formatLogLine } from './format-log-export.ts';

const record: RequestLogRecord = {
  id: 'req_1',
  startedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
  keyId: 'vk_1',
  keyName: '=HYPERLINK("x")',
  inboundProtocol: 'openai-chat',
  requestedModel: 'gpt',
  virtualModelId: null,
  modelId: 'mdl_1',
  modelName: 'gpt',
  providerId: 'prv_1',
  providerName: 'openai',
  upstreamModel: 'gpt-4o',
  stream: false,
  status: 502,
  errorCode: 'upstream_error',
  errorMessage: 'said "no", then\nhung up',
  latencyMs: 12.5,
  ttfbMs: null,
  inputTokens: 1,
  outputTokens: 2,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  costUsd: 0.25,
  attempts: [],
  clientIp: '127.0.0.1',
  requestBody: '{"secret":1}',
  responseBody: null,
};

describe('log export', () => {
  it('quotes CSV cells, defuses formulas and leaves bodies out', () => {
    const line = formatLogLine(record, 'csv');
    expect(csvHeader().trim().split(',')).toEqual([...csvColumns]);
    expect(line).toContain('2026-01-02T03:04:05.000Z');
    expect(line).toContain('"said ""no"", then\nhung up"');
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).not.toContain('secret');
    expect(line.endsWith('\r\n')).toBe(true);
  });

  it('writes one JSON object per line without bodies', () => {
    const parsed = JSON.parse(formatLogLine(record, 'jsonl'));
    expect(parsed).toMatchObject({ id: 'req_1', startedAt: '2026-01-02T03:04:05.000Z', status: 502 });
    expect(parsed).not.toHaveProperty('requestBody');
  });
});
