import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from '../../lib/logger.ts';
import { rejectMisdirected } from '../reject-misdirected.ts';

/**
 * The LAN listener's whole app: the public router and nothing else. `/v1`,
 * `/api` and everything else answer 404 here whatever the main listener
 * serves, because they are simply not mounted. The `Host` guard applies here too: other
 * machines reach the page by this machine's IP (always allowed), while a rebound name
 * would let a web page read the status data and carry it off the LAN.
 */
export function createLanApp(options: {
  publicRouter: Router;
  logger: Logger;
  isAllowedHost?: (header: string | undefined) => boolean;
}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  const isAllowedHost = options.isAllowedHost ?? (() => true);
  app.use(function checkHost(request: Request, response: Response, next: NextFunction) {
    if (isAllowedHost(request.headers.host)) next();
    else rejectMisdirected(request, response);
  });
  app.use(options.publicRouter);
  app.use(function notFound(_request: Request, response: Response) {
    response.status(404).json({ error: { code: 'not_found', message: 'Not found' } });
  });
  app.use(function handleError(error: unknown, _request: Request, response: Response, _next: NextFunction) {
    options.logger.error({ err: error }, 'LAN status request failed');
    if (response.headersSent) response.end();
    else response.status(500).json({ error: { code: 'internal_error', message: 'Internal error' } });
  });
  return app;
}
