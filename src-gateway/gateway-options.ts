import type { Database } from 'better-sqlite3';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import type { SecretStore } from './secrets/secret-store.ts';
import type { EnvironmentProxy } from './upstream/create-dispatcher-pool.ts';
import type { ConnectionLimits } from './http/create-guarded-server.ts';
import type { BudgetExhaustedEvent } from './admission/create-memory-admission.ts';
import type { GatewayCatalogOptions } from './catalog/create-catalog-feature.ts';
import type { MonitoringOptions } from './monitoring/create-monitoring-feature.ts';
import type { PublicStatusHttpOptions } from './http/public/create-public-status-http.ts';

/** Persistent monitoring and how its public status routes are served. */
export type GatewayMonitoringOptions = MonitoringOptions & PublicStatusHttpOptions;

export interface GatewayOptions {
  /** An open database (the composition root opens it; see storage/open-database.ts). */
  database: Database;
  secretStore: SecretStore;
  logger: Logger;
  /** Secret for signing admin login tokens. */
  jwtSecret: Uint8Array;
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  clock?: Clock;
  /** Uniform [0, 1) for load balancing; seed it in tests (tests/support/create-seeded-random.ts). Default `Math.random`. */
  random?: () => number;
  bodyLimitBytes?: number;
  environmentProxy?: EnvironmentProxy;
  /** Create this admin at start when none exists (headless provisioning). */
  adminUsername?: string;
  adminPassword?: string;
  /**
   * The one-time code `POST /api/auth/setup` needs while no admin exists. The headless CLI
   * passes a random one and prints it; `false` needs none (the desktop app sets up over IPC).
   * Left out: a random code nobody is shown, so setup over HTTP stays closed.
   */
  setupCode?: string | false;
  /** Host names the listeners answer to besides loopback names, IP literals and `host` (DNS-rebinding guard). */
  allowedHosts?: string[];
  /** Header timeout, keep-alive and connection caps of both listeners (create-guarded-server.ts). */
  connections?: ConnectionLimits;
  /** How long `stop()` waits for in-flight requests before closing them. */
  shutdownGraceMs?: number;
  /** How often queued request logs are written. */
  logFlushIntervalMs?: number;
  /**
   * Request-log rows kept in memory at most while the database cannot take them (a full disk, a
   * read-only file): the queue and the rows kept for a retry each hold this many, the oldest are
   * dropped (and counted) beyond it. Default 100,000.
   */
  logQueueLimit?: number;
  /** Collect the young generation when traffic pauses (lib/idle-gc.ts); default true. */
  collectGarbageWhenIdle?: boolean;
  /** The model catalog (LiteLLM price list): `autoRefresh: true` refreshes it daily in the background. */
  catalog?: GatewayCatalogOptions;
  /** Persistent monitoring, public status routes, LAN listener, alerts (tests pin time and randomness here). */
  monitoring?: GatewayMonitoringOptions;
  /** Called once per key and budget period when a virtual key's budget runs out (alerts). */
  onBudgetExhausted?: (event: BudgetExhaustedEvent) => void;
  /** How often `liveStats` events go out while someone listens (default 5 s). */
  liveStatsIntervalMs?: number;
  /** How often the request-log retention job runs (default 10 minutes). */
  retentionIntervalMs?: number;
  /** Where the built management UI is, served at `/` on the main listener only (default `dist-renderer/`). */
  rendererDirectory?: string;
  /** The app's version, shown by `system.status` (the CLI and the desktop app read their package.json). */
  version?: string;
  /**
   * Where `backups.database` writes its copies. Default: a `backups` folder beside the database
   * file; none for an in-memory database.
   */
  backupDirectory?: string;
}
