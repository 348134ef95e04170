/**
 * Headless composition root: reads the environment (and `.env`), opens the
 * database and the encrypted secret file, starts the gateway, and shuts down
 * gracefully on SIGINT/SIGTERM. The only gateway module that touches process.env.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config/load-config.ts';
import { loadOrCreateSecretFile } from './config/load-or-create-secret-file.ts';
import { readAppVersion } from './config/read-app-version.ts';
import { createLogger } from './lib/logger.ts';
import { openDatabase } from './storage/index.ts';
import { createEncryptedFileSecretStore, loadSecretKey } from './secrets/index.ts';
import { createGateway } from './index.ts';
import { createSetupCode } from './auth/index.ts';
import type { AdminContract, CallContext, OperationOutput } from '../src-shared/contract/index.ts';

type AuthStatus = OperationOutput<AdminContract['auth']['status']>;
/** The CLI's own calls into the contract (no principal: it only asks public questions). */
const local: CallContext = { clientIp: 'local', transport: 'local' };

async function main(): Promise<void> {
  const cwd = process.cwd();
  const envFile = path.join(cwd, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = loadConfig(process.env, cwd);
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json'),
  });

  const database = openDatabase(config.dbPath);
  const secretKey = loadSecretKey({
    envValue: config.secretKey,
    keyFilePath: path.join(config.dataDir, 'secret.key'),
  });
  const secretStore = createEncryptedFileSecretStore({
    filePath: path.join(config.dataDir, 'secrets.enc'),
    key: secretKey,
  });
  const jwtSecret = config.jwtSecret ?? loadOrCreateSecretFile(path.join(config.dataDir, 'jwt-secret'));

  // Printed below, never logged: whoever can read this console may create the first admin.
  const setupCode = createSetupCode();
  const gateway = await createGateway({
    database,
    secretStore,
    logger,
    jwtSecret: new TextEncoder().encode(jwtSecret),
    host: config.host,
    allowedHosts: config.allowedHosts,
    connections: {
      maxConnections: config.maxConnections,
      maxConnectionsPerIp: config.maxConnectionsPerIp,
    },
    port: config.port,
    bodyLimitBytes: config.bodyLimitBytes,
    environmentProxy: config.environmentProxy,
    adminUsername: config.adminUsername,
    adminPassword: config.adminPassword,
    setupCode,
    shutdownGraceMs: config.shutdownGraceMs,
    // Refresh LiteLLM's price list daily in the background (settings `catalog.autoRefresh` can turn it off).
    catalog: {
      autoRefresh: config.catalogAutoRefresh,
      ...(config.catalogUrl ? { url: config.catalogUrl } : {}),
    },
    // This file runs from src-gateway/ (tsx) or dist-gateway/ (bundle): the built pages are one level up either way.
    monitoring: { statusPageDirectory: fileURLToPath(new URL('../dist-status/', import.meta.url)) },
    rendererDirectory: fileURLToPath(new URL('../dist-renderer/', import.meta.url)),
    version: readAppVersion(new URL('../package.json', import.meta.url)),
  });
  const { url } = await gateway.start().catch((error: unknown) => {
    throw listenFailure(error, config.host, config.port);
  });
  logger.debug({ url, db: config.dbPath }, 'gateway listening');
  // `npm start` says why it did not open the desktop app (scripts/start.mjs).
  const headlessReason = process.env.LLM_GATEWAY_HEADLESS_REASON;
  if (headlessReason) process.stdout.write(`${headlessReason}: running the gateway headless at ${url}\n`);
  process.stdout.write(
    `\nLLM Gateway is running at ${url}\n  OpenAI base URL:    ${url}/v1\n  Anthropic base URL: ${url}\n  Management UI:      ${url}/\n  Admin API:          ${url}/api (OpenAPI: ${url}/api/openapi.json)\n  Status page:        ${url}/status\n\n`,
  );
  // Through the contract like every other caller: the gateway hands out no service raw.
  const authStatus = (await gateway.admin.call('auth.status', {}, local)) as AuthStatus;
  if (authStatus.needsSetup) {
    process.stdout.write(
      `No admin yet. Open ${url}/ and create one with setup code ${setupCode} (valid until then, new at every start), or:\n` +
        `  curl -s ${url}/api/auth/setup -H 'content-type: application/json' \\\n` +
        `    -d '{"username":"admin","password":"a-long-password","setupCode":"${setupCode}"}'\n\n`,
    );
  }

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    gateway
      .stop()
      .then(() => {
        database.close();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** Listening failed: a port in use or not allowed is an expected condition, said in one line with what to do. */
function listenFailure(error: unknown, host: string, port: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new Error(
      `Port ${port} on ${host} is already in use (another gateway or program). Stop it, or start with PORT=${port + 1} (or PORT=0 for any free port).`,
    );
  if (code === 'EACCES')
    return new Error(`Not allowed to listen on ${host}:${port}. Choose a port above 1024 with PORT=.`);
  if (code === 'EADDRNOTAVAIL')
    return new Error(
      `${host} is not an address of this machine. Set HOST to one of its addresses (default 127.0.0.1).`,
    );
  return error instanceof Error ? error : new Error(String(error));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
