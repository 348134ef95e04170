import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { adminPassword, startAdminTestServer, type AdminTestServer } from './admin-test-server.ts';

let server: AdminTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const providerKey = 'sk-provider-SECRET-1234567890abcdefXYZ';
const secondProviderKey = 'sk-provider-SECRET-second-0987654321';

/** The database, its WAL and the secret file, as raw bytes. */
function storedBytes(current: AdminTestServer): Buffer {
  const files = [
    current.databasePath,
    `${current.databasePath}-wal`,
    `${current.databasePath}-shm`,
    current.secretsPath,
  ];
  return Buffer.concat(files.filter((file) => existsSync(file)).map((file) => readFileSync(file)));
}

describe('admin API: the secrets check', () => {
  it('never answers or stores provider keys, virtual keys, API tokens or the admin password in plain text', async () => {
    server = await startAdminTestServer();
    const token = await server.login();
    const call = (method: string, path: string, body?: unknown) =>
      server!.request(method, path, { body, token });

    const provider = await call('POST', '/api/providers', {
      name: 'SecretCheckProvider',
      protocol: 'openai',
      baseUrl: 'https://api.example.com/v1',
      apiKey: providerKey,
    });
    expect(provider.status).toBe(201);
    const model = await call('POST', '/api/models', {
      providerId: provider.body.id,
      name: 'secret-check-model',
    });
    const createdKey = await call('POST', '/api/virtual-keys', { name: 'secret-check-key' });
    expect(createdKey.status).toBe(201);
    const virtualKey: string = createdKey.body.key;
    const keyCreateAnswer = server.answers.length - 1;
    const apiToken = await call('POST', '/api/api-tokens', { name: 'secret-check-token' });
    const apiTokenAnswer = server.answers.length - 1;

    // Every read and update path an operator might hit.
    await call('PATCH', `/api/providers/${provider.body.id}`, { apiKeys: [providerKey, secondProviderKey] });
    for (const path of [
      '/api/providers',
      `/api/providers/${provider.body.id}`,
      '/api/models',
      `/api/models/${model.body.id}`,
      '/api/virtual-keys',
      `/api/virtual-keys/${createdKey.body.id}`,
      '/api/settings',
      '/api/api-tokens',
      '/api/auth/me',
      '/api/openapi.json',
    ]) {
      expect((await call('GET', path)).status).toBe(200);
    }
    await call('PATCH', `/api/virtual-keys/${createdKey.body.id}`, { rpm: 10 });
    const provided = await call('GET', `/api/providers/${provider.body.id}`);
    expect(provided.body).toMatchObject({ apiKeyHint: 'fXYZ', apiKeyCount: 2 });

    const secrets = [
      providerKey,
      secondProviderKey,
      virtualKey,
      apiToken.body.token as string,
      adminPassword,
    ];
    server.answers.forEach((answer, index) => {
      for (const secret of secrets) {
        if (index === keyCreateAnswer && secret === virtualKey) continue;
        if (index === apiTokenAnswer && secret === apiToken.body.token) continue;
        expect(answer.includes(secret), `answer ${index} leaks a secret`).toBe(false);
      }
    });
    expect(server.answers[keyCreateAnswer]).toContain(virtualKey);

    const bytes = storedBytes(server);
    // The search is meaningful: what was written is in these bytes.
    expect(bytes.includes(Buffer.from('SecretCheckProvider'))).toBe(true);
    expect(bytes.includes(Buffer.from('secret-check-key'))).toBe(true);
    expect(existsSync(server.secretsPath)).toBe(true);
    for (const secret of [...secrets, 'SECRET-1234567890', 'SECRET-second']) {
      expect(bytes.includes(Buffer.from(secret)), 'a secret is stored in plain text').toBe(false);
    }
  });
});
