import { describe, expect, it } from 'vitest';
import type { RequestLogRecord } from './request-log-record.ts';
import { aggregateUsage } from '../usage/aggregate-usage.ts';
import { createRepositories } from './create-repositories.ts';
import { openDatabase } from './open-database.ts';
import { UniqueViolationError } from './repositories/table-mapper.ts';

const now = '2026-01-02T03:04:05.000Z';

function setup() {
  const db = openDatabase(':memory:');
  return { db, repositories: createRepositories(db) };
}

function logRecord(overrides: Partial<RequestLogRecord>): RequestLogRecord {
  return {
    id: 'req_1',
    startedAt: 1_000,
    keyId: 'vk_1',
    keyName: 'dev',
    inboundProtocol: 'openai-chat',
    requestedModel: 'gpt',
    virtualModelId: null,
    modelId: 'mdl_1',
    modelName: 'gpt',
    providerId: 'prv_1',
    providerName: 'OpenAI',
    upstreamModel: 'gpt-4o',
    stream: true,
    status: 200,
    errorCode: null,
    errorMessage: null,
    latencyMs: 120,
    ttfbMs: 40,
    inputTokens: 10,
    outputTokens: 20,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: 0.0001,
    attempts: [{ modelId: 'mdl_1', providerId: 'prv_1', outcome: 'success', status: 200, latencyMs: 120 }],
    clientIp: '127.0.0.1',
    requestBody: null,
    responseBody: null,
    ...overrides,
  };
}

describe('createRepositories', () => {
  it('round-trips a provider with nested JSON and absent optionals', async () => {
    const { repositories } = setup();
    await repositories.providers.insert({
      id: 'prv_1',
      name: 'OpenAI',
      protocol: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      enabled: true,
      headers: { 'X-Team': 'a' },
      timeouts: { connectMs: 500 },
      apiKeyRefs: ['provider:prv_1:0'],
      apiKeyHint: 'abcd',
      apiKeyCount: 1,
      createdAt: now,
      updatedAt: now,
    });
    const stored = await repositories.providers.get('prv_1');
    expect(stored).toEqual({
      id: 'prv_1',
      name: 'OpenAI',
      protocol: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      enabled: true,
      headers: { 'X-Team': 'a' },
      timeouts: { connectMs: 500 },
      apiKeyRefs: ['provider:prv_1:0'],
      apiKeyHint: 'abcd',
      apiKeyCount: 1,
      createdAt: now,
      updatedAt: now,
    });
    expect(await repositories.providers.findByName('OpenAI')).toEqual(stored);
    expect(await repositories.providers.get('nope')).toBeUndefined();
  });

  it('rejects a duplicate name with UniqueViolationError and keeps foreign keys', async () => {
    const { repositories } = setup();
    const provider = {
      id: 'prv_1',
      name: 'A',
      protocol: 'openai' as const,
      baseUrl: 'http://127.0.0.1:1',
      enabled: true,
      apiKeyRefs: [],
      apiKeyHint: null,
      apiKeyCount: 0,
      createdAt: now,
      updatedAt: now,
    };
    await repositories.providers.insert(provider);
    await expect(repositories.providers.insert({ ...provider, id: 'prv_2' })).rejects.toBeInstanceOf(
      UniqueViolationError,
    );
    await expect(
      repositories.models.insert({
        id: 'mdl_1',
        providerId: 'missing',
        name: 'm',
        upstreamModel: 'm',
        enabled: true,
        createdAt: now,
        updatedAt: now,
      }),
    ).rejects.toThrow(/FOREIGN KEY/);
  });

  it('refuses rows whose stored JSON no longer matches the schema', async () => {
    const { db, repositories } = setup();
    db.prepare(
      "INSERT INTO virtual_models (id, name, strategy, targets, prompt_rules, enabled, created_at, updated_at) VALUES ('vm_1', 'v', 'priority', '[{\"weight\":1}]', '[]', 1, ?, ?)",
    ).run(now, now);
    await expect(repositories.virtualModels.get('vm_1')).rejects.toThrow();
  });

  it('writes request logs in a batch and lists them newest first with filters', async () => {
    const { repositories } = setup();
    repositories.requestLogs.insertBatch([
      logRecord({ id: 'a', startedAt: 1_000 }),
      logRecord({ id: 'b', startedAt: 3_000, status: 500, keyId: 'vk_2', attempts: [] }),
      logRecord({ id: 'c', startedAt: 2_000, stream: false, ttfbMs: null }),
    ]);
    expect(await repositories.requestLogs.count()).toBe(3);
    const all = await repositories.requestLogs.list();
    expect(all.map((record) => record.id)).toEqual(['b', 'c', 'a']);
    expect(all[1]).toEqual(logRecord({ id: 'c', startedAt: 2_000, stream: false, ttfbMs: null }));
    expect(await repositories.requestLogs.count({ keyId: 'vk_1' })).toBe(2);
    expect((await repositories.requestLogs.list({ status: 500 })).map((record) => record.id)).toEqual(['b']);
    expect(
      (await repositories.requestLogs.list({ from: 1_500, to: 3_000 })).map((record) => record.id),
    ).toEqual(['c']);
    expect(
      (await repositories.requestLogs.list({}, { limit: 1, offset: 1 })).map((record) => record.id),
    ).toEqual(['c']);
  });

  it('commits request-log rows and the usage rollups they add together, or neither', async () => {
    const { repositories } = setup();
    const records = [logRecord({ id: 'a', costUsd: 0.25 }), logRecord({ id: 'b', costUsd: 0.5 })];
    repositories.requestLogs.insertBatch(records, aggregateUsage(records));
    expect(await repositories.requestLogs.count()).toBe(2);
    expect(repositories.usage.spendByKey(0, 0).get('vk_1')).toEqual({ day: 0.75, month: 0.75, total: 0.75 });
    const [broken] = aggregateUsage([logRecord({ id: 'c' })]);
    expect(() =>
      repositories.requestLogs.insertBatch(
        [logRecord({ id: 'c' })],
        [{ ...broken!, granularity: 'week' as never }],
      ),
    ).toThrow(/CHECK constraint/);
    expect(await repositories.requestLogs.count()).toBe(2);
    expect(repositories.usage.spendByKey(0, 0).get('vk_1')?.total).toBe(0.75);
  });

  it('stores settings whole and fills defaults on the way out', async () => {
    const { repositories } = setup();
    expect(await repositories.settings.get()).toBeUndefined();
    await repositories.settings.save(
      {
        monitoring: { enabled: true },
      } as never,
      now,
    );
    const settings = await repositories.settings.get();
    expect(settings?.monitoring.enabled).toBe(true);
    expect(settings?.lanStatus.port).toBe(3001);
  });
});
