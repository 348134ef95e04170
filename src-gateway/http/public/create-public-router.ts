import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { HealthQueries } from '../../health/health-queries.ts';
import { isLoopbackAddress } from '../../lib/is-loopback-address.ts';
import { createPublicHealthRouter } from './create-public-health-router.ts';
import { rateLimitByIp, type RateLimiter } from './create-rate-limiter.ts';

export interface PublicRouterOptions {
  queries: HealthQueries;
  /** Persistent monitoring on: otherwise every public route answers 404. */
  enabled(): boolean;
  /** Shared by every listener, so the limit is per client whichever port it uses. */
  limiter: RateLimiter;
  /** The `/status` page slot (see createStatusPageRouter). */
  statusPage: Router;
  /**
   * Let this machine's own clients through unlimited (the main listener): every local process
   * is 127.0.0.1, so one busy script would otherwise 429 the user's own status page. The LAN
   * listener keeps the limit for everyone.
   */
  exemptLoopback?: boolean;
}

const publicPaths = ['/status', '/public/health'];

/**
 * `/status` and `/public/health/*`, for the main listener and the LAN
 * listener alike: 404 while monitoring is off (as if absent), then 60
 * requests a minute per client IP (static page assets and, with `exemptLoopback`, this
 * machine's own clients are not counted).
 */
export function createPublicRouter(options: PublicRouterOptions): Router {
  const router = express.Router();
  const limit = rateLimitByIp(options.limiter);
  router.use(
    publicPaths,
    function requireMonitoring(request: Request, response: Response, next: NextFunction) {
      if (!options.enabled()) {
        response.status(404).json({ error: { code: 'not_found', message: 'Not found' } });
        return;
      }
      response.setHeader('Cache-Control', 'no-store');
      response.setHeader('X-Content-Type-Options', 'nosniff');
      if (request.baseUrl === '/status' && request.path.startsWith('/assets/')) next();
      else if (options.exemptLoopback && isLoopbackAddress(request.socket.remoteAddress)) next();
      else limit(request, response, next);
    },
  );
  router.use(createPublicHealthRouter(options.queries));
  router.use(options.statusPage);
  return router;
}
