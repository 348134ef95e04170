import type { Database } from 'better-sqlite3';
import type { AdminEventData } from '../../src-shared/contract/events.ts';
import type { GatewayStatus } from '../../src-shared/schemas/gateway-status.ts';
import type { StorageStatus } from '../../src-shared/schemas/storage-status.ts';
import type { Clock } from '../lib/clock.ts';

export interface SystemStatusOptions {
  database: Database;
  clock: Clock;
  version?: string;
  host: string;
  /** The main listener's state now (the last `gatewayState` event). */
  gatewayState(): AdminEventData<'gatewayState'>;
  /** The port it listens on now; undefined while stopped. */
  port(): number | undefined;
  /** Whether request logs reach the database now (logs/create-storage-health.ts). */
  storage(): StorageStatus;
}

/**
 * The `system.status` operation: the listener's state from memory and the database's size from
 * SQLite's page count (one pragma, no file system access: works for any database the host opened),
 * and whether request logs reach it (from memory).
 */
export function createSystemStatus(options: SystemStatusOptions): { status(): GatewayStatus } {
  const pageCount = options.database.prepare<[], { page_count: number }>('PRAGMA page_count');
  const pageSize = options.database.prepare<[], { page_size: number }>('PRAGMA page_size');
  return {
    status() {
      const state = options.gatewayState();
      const started = state.startedAt === null ? undefined : Date.parse(state.startedAt);
      return {
        version: options.version ?? 'unknown',
        host: options.host,
        port: options.port() ?? null,
        url: state.url,
        lanUrl: state.lanUrl,
        startedAt: state.startedAt,
        uptimeSeconds:
          started === undefined ? null : Math.max(0, Math.floor((options.clock.now() - started) / 1000)),
        databaseBytes: pageCount.get()!.page_count * pageSize.get()!.page_size,
        storage: options.storage(),
      };
    },
  };
}
