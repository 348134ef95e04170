import { z } from 'zod';

/** Where the main listener (and the LAN listener) serve the public status page. */
export const statusPagePath = '/status';

/** What the Health page shows about persistent monitoring, read from memory (`GET /api/monitoring`). */
export const monitoringStatusSchema = z.object({
  /** Persistent monitoring is running (settings `monitoring.enabled`, as applied). */
  enabled: z.boolean(),
  /** The public status page's path on the gateway's own URL (404 while monitoring is off). */
  statusPagePath: z.string(),
  /** The LAN status listener (settings `lanStatus`). */
  lanStatus: z.object({
    enabled: z.boolean(),
    port: z.number().int(),
    /** Where it listens now; null while closed (off, or its port could not be opened). */
    url: z.string().nullable(),
  }),
});
export type MonitoringStatus = z.infer<typeof monitoringStatusSchema>;
