import type { Router } from 'express';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { PublicStatusSource } from '../../monitoring/create-monitoring-feature.ts';
import type { ConnectionLimits } from '../create-guarded-server.ts';
import { createLanApp } from './create-lan-app.ts';
import { createLanListener, type LanListener } from './create-lan-listener.ts';
import { createPublicRouter } from './create-public-router.ts';
import { createRateLimiter } from './create-rate-limiter.ts';
import { createStatusPageRouter } from './create-status-page-router.ts';

/** How the public status routes are served (tests use 127.0.0.1 and a low limit). */
export interface PublicStatusHttpOptions {
  /** The LAN listener's address (default `0.0.0.0`; tests use 127.0.0.1). */
  lanHost?: string;
  /** Where the built status page is (default `dist-status/`). */
  statusPageDirectory?: string;
  /** Public routes per client IP per minute (default 60). */
  publicRateLimit?: number;
}

export interface PublicStatusHttp {
  /** `/status` and `/public/health/*` for the main listener (this machine's clients are not rate limited there). */
  mainRouter(source: PublicStatusSource): Router;
  /** The LAN listener: the same routes on their own port, rate limited for everyone. */
  lanListener(source: PublicStatusSource): LanListener;
}

/**
 * The HTTP bindings of the public status data: the main listener's router and the LAN listener,
 * sharing one rate limiter (a LAN client's budget is the same whichever port it uses) and one
 * status page.
 */
export function createPublicStatusHttp(
  options: PublicStatusHttpOptions & {
    clock: Clock;
    logger: Logger;
    /** The `Host` guard, applied to the LAN listener as to the main one. */
    isAllowedHost?: (header: string | undefined) => boolean;
    /** Connection limits and timeouts for the LAN listener (createGuardedServer). */
    connectionLimits?: ConnectionLimits;
  },
): PublicStatusHttp {
  const { logger } = options;
  const limiter = createRateLimiter({ clock: options.clock, limit: options.publicRateLimit });
  const statusPage = createStatusPageRouter({ directory: options.statusPageDirectory });
  return {
    mainRouter: (source) => createPublicRouter({ ...source, limiter, statusPage, exemptLoopback: true }),
    lanListener: (source) =>
      createLanListener({
        app: createLanApp({
          publicRouter: createPublicRouter({ ...source, limiter, statusPage }),
          logger,
          isAllowedHost: options.isAllowedHost,
        }),
        logger,
        host: options.lanHost,
        connectionLimits: options.connectionLimits,
      }),
  };
}
