import { z } from 'zod';
import { isoTimestamp } from './common.ts';
import { storageStatusSchema } from './storage-status.ts';

/**
 * The gateway as the dashboard's status card and the settings page show it (`GET /api/system`):
 * what it is, where it listens and how big its database has grown. Read from memory and one
 * SQLite pragma, never a scan.
 */
export const gatewayStatusSchema = z.object({
  /** The app's version (package.json), or `unknown` when the host did not say. */
  version: z.string(),
  /** The bind address the main listener was asked for (`HOST`, or the desktop's preference). */
  host: z.string(),
  /** The port it listens on now (the one asked for, or the one picked for port 0); null while stopped. */
  port: z.number().int().nullable(),
  /** The URL clients use; null while stopped. */
  url: z.string().nullable(),
  /** The LAN status listener's URL while it is open. */
  lanUrl: z.string().nullable(),
  startedAt: isoTimestamp.nullable(),
  uptimeSeconds: z.number().int().nullable(),
  /** The database's size on disk (its pages; the write-ahead log is not counted). */
  databaseBytes: z.number().int(),
  /** Whether request logs reach the database (a full disk or a read-only file shows here). */
  storage: storageStatusSchema,
});
export type GatewayStatus = z.infer<typeof gatewayStatusSchema>;
