import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src-gateway/lib/logger.ts';
import { openDatabase, type Database } from '../../src-gateway/storage/index.ts';
import {
  createSqliteUsageRepository,
  type LogSearch,
  type UsageRepository,
} from '../../src-gateway/storage/repositories/usage-repository.ts';
import { createRetentionJob } from '../../src-gateway/usage/create-retention-job.ts';
import { generateRequestLogs } from '../../src-gateway/usage/generate-request-logs.ts';

const now = Date.UTC(2026, 5, 15, 12);
const day = 86_400_000;

describe('a million-row request log', () => {
  let db: Database;
  let repository: UsageRepository;

  beforeAll(() => {
    db = openDatabase(':memory:');
    generateRequestLogs(db, { rows: 1_000_000, now, days: 30 });
    repository = createSqliteUsageRepository(db);
  }, 180_000);

  afterAll(() => db?.close());

  // Every list the dashboard asks for, with the index that must serve it.
  const cases: Array<[string, Omit<LogSearch, 'limit'>, string]> = [
    ['newest first', {}, 'request_logs_started_at'],
    ['one key', { keyId: 'vk_gen_3' }, 'request_logs_key_started'],
    [
      'one key in a time range',
      { keyId: 'vk_gen_3', from: now - 3 * day, to: now - day },
      'request_logs_key_started',
    ],
    ['one model', { modelName: 'model-4' }, 'request_logs_model_started'],
    ['one provider', { providerId: 'prv_gen_2', from: now - day }, 'request_logs_provider_started'],
    ['one status', { status: 502 }, 'request_logs_status_started'],
    ['errors only', { outcome: 'error' }, 'request_logs_errors_started'],
    ['text in errors', { text: 'edge 7' }, 'request_logs_errors_text'],
    ['a time range', { from: now - 2 * day, to: now - day }, 'request_logs_started_at'],
    ['the next page', { after: { startedAt: now - 10 * day, rowId: 500_000 } }, 'request_logs_started_at'],
  ];

  it.each(cases)('%s: served by its index, no full scan and no sort', (_name, search, index) => {
    const plan = repository.explainSearch({ ...search, limit: 50 }).join(' | ');
    expect(plan).toMatch(new RegExp(`USING (COVERING )?INDEX ${index}\\b`));
    expect(plan).not.toMatch(/SCAN request_logs(?! USING)/);
    // The text search sorts only its matches (found from the index alone); nothing else sorts.
    if (!search.text) expect(plan).not.toContain('TEMP B-TREE');
    else expect(plan).toContain('USING COVERING INDEX request_logs_errors_text');
    const page = repository.searchLogs({ ...search, limit: 50 });
    expect(page.records.length).toBeGreaterThan(0);
  });

  it('pages through one key without gaps', () => {
    const first = repository.searchLogs({ keyId: 'vk_gen_5', limit: 100 });
    const second = repository.searchLogs({ keyId: 'vk_gen_5', limit: 100, after: first.next });
    const both = [...first.records, ...second.records];
    expect(new Set(both.map((record) => record.id)).size).toBe(200);
    expect(both.every((record) => record.keyId === 'vk_gen_5')).toBe(true);
    for (let index = 1; index < both.length; index++)
      expect(both[index]!.startedAt).toBeLessThanOrEqual(both[index - 1]!.startedAt);
  });
});

describe('retention', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'llm-gateway-retention-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prunes by age and by row count, and the file stops growing', async () => {
    const filePath = path.join(dir, 'gateway.db');
    const db = openDatabase(filePath);
    const repository = createSqliteUsageRepository(db);
    const settings = { retentionDays: 7, maxRows: 3000 };
    let clock = now;
    const job = createRetentionJob({
      repository,
      getSettings: () => settings,
      clock: { now: () => clock },
      logger: createSilentLogger(),
    });
    const size = () => {
      db.pragma('wal_checkpoint(TRUNCATE)');
      return statSync(filePath).size;
    };

    // 30 days of 20 000 requests: 7 days hold about 4 667 of them.
    generateRequestLogs(db, { rows: 20_000, now, days: 30, idPrefix: 'first_', rebuildIndexes: false });
    const firstReport = await job.run();
    expect(firstReport.byAge).toBeGreaterThan(15_000);
    expect(firstReport.byCount).toBe(20_000 - firstReport.byAge - 3000);
    expect(repository.countLogs()).toBe(3000);
    const oldest = db.prepare('SELECT MIN(started_at) FROM request_logs').pluck().get() as number;
    expect(oldest).toBeGreaterThanOrEqual(now - 7 * day);

    // More rounds of the same volume: freed pages are reused, so after the
    // first refill (B-tree pages settle at their working fill) the file stays put.
    const sizes: number[] = [];
    for (let round = 1; round <= 4; round++) {
      clock = now + round * 30 * day;
      generateRequestLogs(db, {
        rows: 20_000,
        now: clock,
        days: 30,
        idPrefix: `round${round}_`,
        rebuildIndexes: false,
      });
      await job.run();
      expect(repository.countLogs()).toBe(3000);
      sizes.push(size());
    }
    for (const later of sizes.slice(1)) expect(later).toBeLessThanOrEqual(sizes[0]! * 1.05);

    // The newest rows are the ones kept.
    const newest = repository.searchLogs({ limit: 1 }).records[0]!;
    expect(newest.id.startsWith('round4_')).toBe(true);
    db.close();
  });

  it('keeps day rollups but drops old minute and hour rollups', async () => {
    const db = openDatabase(':memory:');
    const repository = createSqliteUsageRepository(db);
    const row = (granularity: 'minute' | 'hour' | 'day', bucketStart: number) => ({
      granularity,
      bucketStart,
      keyId: 'vk',
      modelName: 'm',
      providerId: 'p',
      keyName: 'k',
      providerName: 'p',
      requests: 1,
      errors: 0,
      inputTokens: 1,
      outputTokens: 1,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      costUsd: 0.5,
      latencyMsSum: 10,
      latencyHistogram: [1],
    });
    repository.applyRollups([
      row('minute', now - 3 * day),
      row('minute', now - 60_000),
      row('hour', now - 100 * day),
      row('day', now - 400 * day),
    ]);
    const job = createRetentionJob({
      repository,
      getSettings: () => ({ retentionDays: 30, maxRows: 1000 }),
      clock: { now: () => now },
      logger: createSilentLogger(),
    });
    expect((await job.run()).rollups).toBe(2);
    expect(repository.rollups({ granularity: 'minute', from: 0, to: now })).toHaveLength(1);
    expect(repository.spendByKey(now - day, now - 30 * day).get('vk')).toEqual({
      day: 0,
      month: 0,
      total: 0.5,
    });
    db.close();
  });
});
