import { z } from 'zod';
import path from 'node:path';

/**
 * Headless configuration from the environment (and an optional `.env`, loaded
 * by the CLI before this runs). Every variable is documented in docs/configuration.md.
 */
const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  ALLOWED_HOSTS: z.string().optional(),
  MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(4096),
  MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(1024),
  DB_PATH: z.string().min(1).default('./data/gateway.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  GATEWAY_SECRET_KEY: z.string().optional(),
  ADMIN_USERNAME: z.string().min(1).optional(),
  ADMIN_PASSWORD: z.string().min(8, 'ADMIN_PASSWORD must be at least 8 characters').optional(),
  BODY_LIMIT_MB: z.coerce.number().positive().max(1024).default(32),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  CATALOG_AUTO_REFRESH: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((value) => value === 'true' || value === '1'),
  CATALOG_URL: z.string().url().optional(),
  HTTPS_PROXY: z.string().optional(),
  HTTP_PROXY: z.string().optional(),
  NO_PROXY: z.string().optional(),
});

export interface GatewayConfig {
  port: number;
  host: string;
  /** Further host names the gateway answers to (DNS-rebinding guard). */
  allowedHosts: string[];
  maxConnections: number;
  maxConnectionsPerIp: number;
  dbPath: string;
  dataDir: string;
  logLevel: string;
  /** `pretty` (one readable line a record) or `json`; unset: pretty when stdout is a terminal. */
  logFormat?: 'json' | 'pretty';
  jwtSecret?: string;
  secretKey?: string;
  adminUsername?: string;
  adminPassword?: string;
  bodyLimitBytes: number;
  shutdownGraceMs: number;
  environmentProxy: { httpProxy?: string; httpsProxy?: string; noProxy?: string };
  /** Refresh the model catalog (LiteLLM price list) in the background. */
  catalogAutoRefresh: boolean;
  catalogUrl?: string;
}

export function loadConfig(environment: NodeJS.ProcessEnv, cwd: string): GatewayConfig {
  const lowerCaseProxy = {
    HTTPS_PROXY: environment.HTTPS_PROXY ?? environment.https_proxy,
    HTTP_PROXY: environment.HTTP_PROXY ?? environment.http_proxy,
    NO_PROXY: environment.NO_PROXY ?? environment.no_proxy,
  };
  const blankToUndefined = Object.fromEntries(
    Object.entries({ ...environment, ...lowerCaseProxy }).map(([name, value]) => [
      name,
      value === '' ? undefined : value,
    ]),
  );
  const parsed = environmentSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const values = parsed.data;
  const dbPath = path.resolve(cwd, values.DB_PATH);
  return {
    port: values.PORT,
    host: values.HOST,
    allowedHosts: (values.ALLOWED_HOSTS ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
    maxConnections: values.MAX_CONNECTIONS,
    maxConnectionsPerIp: values.MAX_CONNECTIONS_PER_IP,
    dbPath,
    dataDir: path.dirname(dbPath),
    logLevel: values.LOG_LEVEL,
    logFormat: values.LOG_FORMAT,
    jwtSecret: values.JWT_SECRET,
    secretKey: values.GATEWAY_SECRET_KEY,
    adminUsername: values.ADMIN_USERNAME,
    adminPassword: values.ADMIN_PASSWORD,
    bodyLimitBytes: Math.round(values.BODY_LIMIT_MB * 1024 * 1024),
    shutdownGraceMs: values.SHUTDOWN_GRACE_MS,
    environmentProxy: {
      httpProxy: values.HTTP_PROXY,
      httpsProxy: values.HTTPS_PROXY,
      noProxy: values.NO_PROXY,
    },
    catalogAutoRefresh: values.CATALOG_AUTO_REFRESH,
    catalogUrl: values.CATALOG_URL,
  };
}
