import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createGateway, type Gateway, type GatewayOptions } from '../../src-gateway/index.ts';
import { gatewayInternals, type GatewayInternals } from '../../src-gateway/gateway-internals-for-tests.ts';
import { openDatabase, type Database } from '../../src-gateway/storage/index.ts';
import { createEncryptedFileSecretStore } from '../../src-gateway/secrets/index.ts';
import { createSilentLogger } from '../../src-gateway/lib/logger.ts';

/** The setup code test gateways are started with (createGateway's `setupCode`), unless overridden. */
export const testSetupCode = '1111-2222-3333';

export interface ApiAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestGateway {
  gateway: Gateway;
  /** The gateway's parts behind the contract (flush the log queue, tick the scheduler, read the snapshot). */
  internals: GatewayInternals;
  database: Database;
  url: string;
  dir: string;
  dbPath: string;
  /** Admin login token. */
  token: string;
  api<T = any>(method: string, route: string, body?: unknown, token?: string): Promise<ApiAnswer<T>>;
  /** Provider + model in one call; returns their ids. */
  addModel(options: {
    upstreamUrl: string;
    protocol?: 'openai' | 'anthropic' | 'gemini';
    name?: string;
    upstreamModel?: string;
    apiKey?: string;
    provider?: Record<string, unknown>;
    model?: Record<string, unknown>;
  }): Promise<{ providerId: string; modelId: string }>;
  /** A virtual key; returns the plaintext key. */
  addKey(options?: Record<string, unknown>): Promise<string>;
  /** Restart on the same database and secret files (config must survive). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real gateway on 127.0.0.1 port 0 with a temp-dir SQLite file and a real
 * encrypted secret file, plus an admin logged in through the real API.
 */
export async function startTestGateway(
  overrides: Partial<GatewayOptions> = {},
  /** `setUpAdmin: false` leaves the gateway at its first run (no admin, `token` empty): the UI's setup. */
  options: { setUpAdmin?: boolean } = {},
): Promise<TestGateway> {
  const dir = mkdtempSync(path.join(tmpdir(), 'llm-gateway-test-'));
  const dbPath = path.join(dir, 'gateway.db');
  const secretKey = randomBytes(32);
  const jwtSecret = randomBytes(32);
  let database = openDatabase(dbPath);
  let gateway: Gateway;
  let url = '';

  const boot = async (): Promise<void> => {
    gateway = await createGateway({
      database,
      secretStore: createEncryptedFileSecretStore({
        filePath: path.join(dir, 'secrets.enc'),
        key: secretKey,
      }),
      logger: createSilentLogger(),
      jwtSecret,
      port: 0,
      logFlushIntervalMs: 20,
      shutdownGraceMs: 500,
      setupCode: testSetupCode,
      ...overrides,
    });
    url = (await gateway.start()).url;
  };
  await boot();

  const api = async (method: string, route: string, body?: unknown, token?: string): Promise<ApiAnswer> => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const bearer = token ?? harness.token;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    const response = await fetch(url + route, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };

  const harness: TestGateway = {
    get gateway() {
      return gateway;
    },
    get internals() {
      return gatewayInternals(gateway);
    },
    get database() {
      return database;
    },
    get url() {
      return url;
    },
    dir,
    dbPath,
    token: '',
    api,
    async addModel(options) {
      const provider = await api('POST', '/api/providers', {
        name: `provider-${randomBytes(4).toString('hex')}`,
        protocol: options.protocol ?? 'openai',
        baseUrl:
          options.protocol === 'openai' || options.protocol === undefined
            ? `${options.upstreamUrl}/v1`
            : options.upstreamUrl,
        apiKey: options.apiKey ?? 'sk-upstream-test-key-0001',
        ...options.provider,
      });
      if (provider.status !== 201)
        throw new Error(`provider create failed: ${provider.status} ${JSON.stringify(provider.body)}`);
      const model = await api('POST', '/api/models', {
        providerId: provider.body.id,
        name: options.name ?? 'test-model',
        upstreamModel: options.upstreamModel ?? 'upstream-model',
        ...options.model,
      });
      if (model.status !== 201)
        throw new Error(`model create failed: ${model.status} ${JSON.stringify(model.body)}`);
      return { providerId: provider.body.id, modelId: model.body.id };
    },
    async addKey(options = {}) {
      const created = await api('POST', '/api/virtual-keys', {
        name: `key-${randomBytes(4).toString('hex')}`,
        ...options,
      });
      if (created.status !== 201)
        throw new Error(`key create failed: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body.key as string;
    },
    async restart() {
      await gateway.stop();
      database.close();
      database = openDatabase(dbPath);
      await boot();
      const login = await api(
        'POST',
        '/api/auth/login',
        { username: 'admin', password: 'correct-horse-battery' },
        '',
      );
      harness.token = login.body.token;
    },
    async stop() {
      await gateway.stop();
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (options.setUpAdmin === false) return harness;
  const setup = await api(
    'POST',
    '/api/auth/setup',
    {
      username: 'admin',
      password: 'correct-horse-battery',
      setupCode: typeof overrides.setupCode === 'string' ? overrides.setupCode : testSetupCode,
    },
    '',
  );
  if (setup.status !== 201)
    throw new Error(`admin setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
  harness.token = setup.body.token;
  return harness;
}
