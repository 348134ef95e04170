import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * Configuration backups over the HTTP binding (`/api/backups/config/*`): export → a fresh gateway
 * (new data folder) → import → the same configuration, as the admin API lists it, and the same
 * behaviour on /v1 (the old virtual key works, the provider's key reaches the upstream). Files that
 * are cut short, foreign, damaged, of another version or sealed with another passphrase are refused
 * with a 400 naming the problem, and the configuration stays as it was.
 */

const passphrase = 'correct horse battery staple';
const upstreamKeys = ['sk-upstream-primary-key-000001', 'sk-upstream-second-key-000002'];
const webhookUrl = 'https://hooks.example.test/services/T000/B000/secretpath0123456789';
const secretHeader = 'X-Webhook-Secret: shh-its-a-secret-header';

let upstream: MockUpstream;
let source: TestGateway;
let target: TestGateway;
let virtualKey: string;

/** Everything the admin API lists about the configuration. */
async function listings(gateway: TestGateway): Promise<Record<string, unknown>> {
  const read = async (route: string) => {
    const answer = await gateway.api('GET', route);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  return {
    providers: await read('/api/providers'),
    models: await read('/api/models'),
    virtualModels: await read('/api/virtual-models'),
    virtualKeys: await read('/api/virtual-keys'),
    healthTargets: await read('/api/health-targets'),
    settings: await read('/api/settings'),
  };
}

async function chat(gateway: TestGateway, model: string): Promise<number> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${virtualKey}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }] }),
  });
  await response.text();
  return response.status;
}

async function exportConfig(gateway: TestGateway, body: Record<string, unknown> = {}) {
  const answer = await gateway.api('POST', '/api/backups/config/export', body);
  expect(answer.status).toBe(200);
  return answer.body;
}

beforeAll(async () => {
  upstream = await startMockUpstream();
  source = await startTestGateway();
  const { providerId, modelId } = await source.addModel({
    upstreamUrl: upstream.url,
    name: 'alpha',
    apiKey: upstreamKeys[0],
    provider: { name: 'main', headers: { 'X-Api-Key': 'header-secret-value-42', 'X-Team': 'blue' } },
    model: { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6, contextWindow: 128000 },
  });
  const patched = await source.api('PATCH', `/api/providers/${providerId}`, { apiKeys: upstreamKeys });
  expect(patched.status).toBe(200);
  const second = await source.addModel({
    upstreamUrl: upstream.url,
    name: 'beta',
    provider: { name: 'spare' },
  });
  const virtualModel = await source.api('POST', '/api/virtual-models', {
    name: 'smart',
    strategy: 'weighted',
    targets: [
      { modelId, weight: 3 },
      { modelId: second.modelId, weight: 1 },
    ],
    promptRules: [{ type: 'system', mode: 'prepend', text: 'Be brief.' }],
    paramOverrides: { caps: { max_tokens: 512 } },
  });
  expect(virtualModel.status).toBe(201);
  virtualKey = await source.addKey({
    name: 'team',
    rpm: 600,
    budgetUsd: 25,
    budgetPeriod: 'month',
    allowedModels: ['alpha', 'smart'],
  });
  const health = await source.api('POST', '/api/health-targets', {
    name: 'alpha check',
    type: 'model',
    targetId: modelId,
    intervalSeconds: 600,
  });
  expect(health.status).toBe(201);
  const settings = await source.api('PATCH', '/api/settings', {
    logging: { retentionDays: 7 },
    aliases: [{ pattern: 'gpt-*', target: 'alpha' }],
    alerts: { webhookUrl, secretHeader },
  });
  expect(settings.status).toBe(200);
  expect(await chat(source, 'alpha')).toBe(200);
});

afterAll(async () => {
  await target?.stop();
  await source?.stop();
  await upstream?.close();
});

describe('configuration export', () => {
  it('writes a versioned document with no secret in clear, with or without a passphrase', async () => {
    for (const body of [{}, { passphrase }]) {
      const backup = await exportConfig(source, body);
      expect(backup).toMatchObject({ kind: 'llm-gateway.config-backup', version: 1 });
      expect(backup.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(backup.config.providers).toHaveLength(2);
      expect(backup.config.virtualKeys.find((key: { name: string }) => key.name === 'team').keyHash).toMatch(
        /^[0-9a-f]{64}$/,
      );
      const text = JSON.stringify(backup);
      for (const secret of [
        ...upstreamKeys,
        'header-secret-value-42',
        webhookUrl,
        'shh-its-a-secret',
        virtualKey,
      ])
        expect(text).not.toContain(secret);
    }
    expect((await exportConfig(source)).secrets).toBeNull();
    expect((await exportConfig(source, { passphrase })).secrets).toMatchObject({
      kdf: 'scrypt',
      cipher: 'aes-256-gcm',
    });
  });

  it('refuses a passphrase shorter than 8 characters', async () => {
    const answer = await source.api('POST', '/api/backups/config/export', { passphrase: 'short' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details[0].path).toBe('passphrase');
  });
});

describe('export → fresh gateway → import', () => {
  it('restores the same configuration, secrets included, and the gateway serves with it at once', async () => {
    const backup = await exportConfig(source, { passphrase });
    target = await startTestGateway();
    // The import takes the file's text as it is, too.
    const imported = await target.api('POST', '/api/backups/config/import', {
      backup: JSON.stringify(backup, null, 2),
      passphrase,
    });
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({
      providers: 2,
      models: 2,
      virtualModels: 1,
      virtualKeys: 1,
      healthTargets: 1,
      secrets: 'imported',
      providersWithoutKeys: [],
    });
    expect(await listings(target)).toEqual(await listings(source));

    // The virtual key's hash came along (the same plaintext works), and so did the provider's keys.
    upstream.reset();
    expect(await chat(target, 'alpha')).toBe(200);
    const sent = upstream.lastRequest()!;
    expect(upstreamKeys.map((key) => `Bearer ${key}`)).toContain(sent.headers.authorization);
    expect(sent.headers['x-api-key']).toBe('header-secret-value-42');
    expect(sent.headers['x-team']).toBe('blue');
    expect(await chat(target, 'smart')).toBe(200);
  });

  it('without a passphrase: the same settings and records, providers without keys named', async () => {
    const backup = await exportConfig(source);
    const fresh = await startTestGateway();
    try {
      const imported = await fresh.api('POST', '/api/backups/config/import', { backup });
      expect(imported.status).toBe(200);
      expect(imported.body.secrets).toBe('kept');
      expect(imported.body.providersWithoutKeys.sort()).toEqual(['main', 'spare']);
      const restored = await listings(fresh);
      const original = await listings(source);
      const withoutKeys = (providers: any) =>
        providers.data.map(({ apiKeyHint: _hint, apiKeyCount: _count, ...rest }: any) => rest);
      expect(withoutKeys(restored.providers)).toEqual(withoutKeys(original.providers));
      expect((restored.providers as any).data.map((provider: any) => provider.apiKeyCount)).toEqual([0, 0]);
      expect(restored.models).toEqual(original.models);
      expect(restored.virtualModels).toEqual(original.virtualModels);
      expect(restored.virtualKeys).toEqual(original.virtualKeys);
      // The alert secrets did not come along, so their masks are not kept either.
      expect((restored.settings as any).alerts).toEqual({});
      expect({ ...(restored.settings as any), alerts: {} }).toEqual({
        ...(original.settings as any),
        alerts: {},
      });
    } finally {
      await fresh.stop();
    }
  });
});

describe('a bad file is refused and nothing changes', () => {
  async function expectRefused(body: Record<string, unknown>, code: string, messagePart: string) {
    const before = await listings(target);
    const answer = await target.api('POST', '/api/backups/config/import', body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.message).toContain(messagePart);
    expect(await listings(target)).toEqual(before);
    expect(await chat(target, 'alpha')).toBe(200);
    return answer.body.error;
  }

  it('a file cut short', async () => {
    const text = JSON.stringify(await exportConfig(source, { passphrase }));
    await expectRefused(
      { backup: text.slice(0, text.length / 2), passphrase },
      'invalid_backup',
      'not valid JSON',
    );
  });

  it('a foreign file', async () => {
    await expectRefused(
      { backup: { name: 'llm-gateway', version: '0.1.0' } },
      'not_a_backup',
      'not an LLM Gateway',
    );
    await expectRefused({ backup: '[1, 2, 3]' }, 'not_a_backup', 'not an LLM Gateway');
  });

  it('a newer format', async () => {
    const backup = await exportConfig(source);
    await expectRefused({ backup: { ...backup, version: 2 } }, 'unsupported_backup_version', 'version 2');
  });

  it('a damaged configuration (checksum) and an inconsistent one (references)', async () => {
    const backup = await exportConfig(source);
    backup.config.models[0].name = 'renamed-by-a-bit-flip';
    await expectRefused({ backup }, 'corrupted_backup', 'checksum');
    // Without the checksum (an edited file), the references are still checked whole.
    delete backup.checksum;
    backup.config.models[0].providerId = 'prv_missing';
    backup.config.virtualKeys[0].rpm = -5;
    const error = await expectRefused({ backup }, 'invalid_backup', 'backup.config.virtualKeys.0.rpm');
    expect(error.details.map((issue: { path: string }) => issue.path)).toEqual([
      'backup.config.virtualKeys.0.rpm',
    ]);
    backup.config.virtualKeys[0].rpm = 5;
    const references = await expectRefused({ backup }, 'invalid_backup', 'does not hold together');
    expect(references.details).toEqual([
      {
        path: 'backup.config.models.0.providerId',
        message: 'no provider with id "prv_missing" in the backup',
      },
    ]);
  });

  it('encrypted secrets without the passphrase, with a wrong one, or changed', async () => {
    const backup = await exportConfig(source, { passphrase });
    await expectRefused({ backup }, 'passphrase_required', 'give the passphrase');
    await expectRefused({ backup, passphrase: 'not the passphrase' }, 'wrong_passphrase', 'does not open');
    const data = Buffer.from(backup.secrets.data, 'base64');
    data[0] = data[0]! ^ 1;
    const tampered = { ...backup, secrets: { ...backup.secrets, data: data.toString('base64') } };
    await expectRefused({ backup: tampered, passphrase }, 'wrong_passphrase', 'does not open');
  });

  it('a database that cannot be written: 503, and the secret store is put back', async () => {
    // The same provider ids with another key: the import overwrites the stored key before the transaction.
    const main = (await source.api('GET', '/api/providers')).body.data.find((p: any) => p.name === 'main');
    await source.api('PATCH', `/api/providers/${main.id}`, { apiKeys: ['sk-replacement-key-0000099'] });
    const backup = await exportConfig(source, { passphrase });
    await source.api('PATCH', `/api/providers/${main.id}`, { apiKeys: upstreamKeys });
    const before = await listings(target);
    target.database.pragma('query_only = ON');
    let answer;
    try {
      answer = await target.api('POST', '/api/backups/config/import', { backup, passphrase });
    } finally {
      target.database.pragma('query_only = OFF');
    }
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('storage_unavailable');
    expect(answer.body.error.message).toContain('read-only');
    expect(await listings(target)).toEqual(before);
    // Rebuilt from storage and the secret store: the keys are the ones from before the import.
    await target.gateway.reload();
    upstream.reset();
    for (let index = 0; index < 4; index++) expect(await chat(target, 'alpha')).toBe(200);
    const used = new Set(upstream.requests.map((request) => request.headers.authorization));
    expect([...used].sort()).toEqual(upstreamKeys.map((key) => `Bearer ${key}`).sort());
  });
});
