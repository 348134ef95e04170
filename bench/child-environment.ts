/** The environment of the bench's child processes. */
import path from 'node:path';

/** The children's environment: no proxies (all traffic is loopback), no inherited loader flags. */
export function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of Object.keys(environment)) {
    if (/^(https?|all|no)_proxy$/i.test(name) || name === 'NODE_OPTIONS') delete environment[name];
  }
  return environment;
}

/**
 * The gateway's settings for a measured run: loopback only, a database in the
 * run's temp dir, warnings-only logs, no background price-list download, and
 * the admin the run provisions through.
 */
export function gatewaySettings(options: {
  port: number;
  dataDirectory: string;
  admin: { username: string; password: string };
}): Record<string, string> {
  return {
    PORT: String(options.port),
    HOST: '127.0.0.1',
    DB_PATH: path.join(options.dataDirectory, 'gateway.db'),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    CATALOG_AUTO_REFRESH: 'false',
    ADMIN_USERNAME: options.admin.username,
    ADMIN_PASSWORD: options.admin.password,
  };
}
