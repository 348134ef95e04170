import { adminContract } from '../../src-shared/contract/index.ts';
import { createAdminImplementation } from '../../src-gateway/create-admin-implementation.ts';
import { createContractDispatcher } from '../../src-gateway/admin/create-contract-dispatcher.ts';
import { createCatalogAdminService } from '../../src-gateway/admin/catalog-service.ts';
import { createPresetService } from '../../src-gateway/admin/preset-service.ts';
import { createProviderConnectionTester } from '../../src-gateway/providers/test-provider-connection.ts';
import { createCatalogFeature } from '../../src-gateway/catalog/create-catalog-feature.ts';
import { createDispatcherPool } from '../../src-gateway/upstream/create-dispatcher-pool.ts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { AdminError } from '../../src-gateway/lib/admin-error.ts';
import { createAdminService } from '../../src-gateway/admin/index.ts';
import { createAuthService } from '../../src-gateway/auth/index.ts';
import { createAdminRouter } from '../../src-gateway/http/admin/index.ts';
import type { Clock } from '../../src-gateway/lib/clock.ts';
import { createSilentLogger } from '../../src-gateway/lib/logger.ts';
import { createLogService } from '../../src-gateway/logs/log-service.ts';
import { createEncryptedFileSecretStore } from '../../src-gateway/secrets/index.ts';
import {
  createRepositories,
  openDatabase,
  type Database,
  type Repositories,
} from '../../src-gateway/storage/index.ts';
import { createRetentionJob } from '../../src-gateway/usage/create-retention-job.ts';
import { createUsageService } from '../../src-gateway/usage/usage-service.ts';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

export interface AdminTestServer {
  url: string;
  directory: string;
  databasePath: string;
  secretsPath: string;
  database: Database;
  repositories: Repositories;
  /** How many times the service reported a committed configuration change. */
  configChanges(): number;
  /** Every answer body received so far (for the secrets check). */
  answers: string[];
  request(
    method: string,
    path: string,
    options?: { body?: unknown; raw?: string; token?: string },
  ): Promise<Answer>;
  /** Set up the admin and return a login token. */
  login(): Promise<string>;
  close(): Promise<void>;
}

/** A service this bare server has no runtime for (it tests configuration CRUD): every call is a 501. */
function notServed<Service extends object>(): Service {
  return new Proxy({} as Service, {
    get: () => () => {
      throw new AdminError(501, 'not_implemented', 'Not served by the admin test server');
    },
  });
}

export const adminPassword = 'admin-PASSWORD-very-secret-42';

/** The admin router in a bare express app on 127.0.0.1:0 over a temp-dir SQLite file and secret file. */
export async function startAdminTestServer(options: { clock?: Clock } = {}): Promise<AdminTestServer> {
  const directory = mkdtempSync(join(tmpdir(), 'gateway-admin-'));
  const databasePath = join(directory, 'data', 'gateway.db');
  const secretsPath = join(directory, 'data', 'secrets.enc');
  const clock = options.clock ?? { now: () => Date.now() };
  const database = openDatabase(databasePath);
  const repositories = createRepositories(database);
  const secretStore = createEncryptedFileSecretStore({ filePath: secretsPath, key: randomBytes(32) });
  let changes = 0;
  const admin = createAdminService({
    repositories,
    secretStore,
    clock,
    onConfigChanged: async () => {
      changes++;
    },
  });
  const auth = createAuthService({ repositories, jwtSecret: randomBytes(32), clock });
  const app = express();
  const logger = createSilentLogger();
  // The catalog starts empty and never downloads; no snapshot, so import-models answers 404.
  const catalog = createCatalogFeature({
    repositories,
    clock,
    logger,
    catalog: { bundled: false, fetch: () => Promise.reject(new Error('offline')) },
  });
  const dispatchers = createDispatcherPool();
  const dispatcher = createContractDispatcher(
    adminContract,
    createAdminImplementation({
      config: admin,
      auth,
      healthTargets: notServed(),
      monitoring: notServed(),
      routing: notServed(),
      prompts: notServed(),
      system: notServed(),
      backups: notServed(),
      catalog: createCatalogAdminService({
        admin,
        catalog: catalog.catalog,
        dispatchers,
        getProvider: () => undefined,
      }),
      presets: createPresetService(),
      providerTests: createProviderConnectionTester({ dispatchers, getProvider: () => undefined }),
      // Usage and logs over the same database; no traffic here, so no keys or limiter state.
      usage: createUsageService({
        repository: repositories.usage,
        admission: { view: () => undefined },
        keys: () => [],
        clock,
      }),
      logs: createLogService({
        repository: repositories.usage,
        prune: () =>
          createRetentionJob({
            repository: repositories.usage,
            getSettings: () => ({ retentionDays: 30, maxRows: 1_000_000 }),
            clock,
            logger,
          }).run(),
      }),
    }),
    logger,
  );
  app.use('/api', createAdminRouter({ dispatcher, auth, logger }));
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const answers: string[] = [];

  const request: AdminTestServer['request'] = async (method, path, requestOptions = {}) => {
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (requestOptions.raw !== undefined || requestOptions.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = requestOptions.raw ?? JSON.stringify(requestOptions.body);
    }
    if (requestOptions.token !== undefined) headers.authorization = `Bearer ${requestOptions.token}`;
    const response = await fetch(url + path, { method, headers, body });
    const text = await response.text();
    answers.push(text);
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: text === '' ? undefined : JSON.parse(text),
    };
  };

  return {
    url,
    directory,
    databasePath,
    secretsPath,
    database,
    repositories,
    configChanges: () => changes,
    answers,
    request,
    async login() {
      const setup = await request('POST', '/api/auth/setup', {
        body: { username: 'admin', password: adminPassword },
      });
      if (setup.status !== 201) throw new Error(`setup failed with ${setup.status}`);
      return setup.body.token as string;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await catalog.close();
      await dispatchers.close();
      database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
