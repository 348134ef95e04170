import { z } from 'zod';
import { isoTimestamp } from './common.ts';

/**
 * Whether the request log reaches the database (`system.status` → `storage`, and the
 * `storageChanged` event when it flips). Requests are served either way: the hot path never
 * waits on SQLite. While writes fail, log rows wait in memory (bounded; the oldest are dropped
 * and counted) and are written when a write succeeds again.
 */
export const storageStatusSchema = z.object({
  /** `failing` from the first failed write until the next successful one. */
  state: z.enum(['ok', 'failing']),
  /** What the last failure says: the disk is full, the database is read-only, an I/O error, a lock, damage. */
  problem: z.enum(['full', 'read-only', 'io', 'busy', 'corrupt', 'other']).nullable(),
  /** One sentence for the UI, null while writes succeed. */
  message: z.string().nullable(),
  /** When the current run of failures began. */
  since: isoTimestamp.nullable(),
  /** Failed write attempts in the current run. */
  failedWrites: z.number().int(),
  /** The last time request-log rows were written. */
  lastWriteAt: isoTimestamp.nullable(),
  /** Rows not in the database yet: queued, or kept for a retry. */
  pendingRows: z.number().int(),
  /** Rows given up since the gateway started (the queue was full, or their writes kept failing); their usage is still counted. */
  droppedRows: z.number().int(),
});
export type StorageStatus = z.infer<typeof storageStatusSchema>;
