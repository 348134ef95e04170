import express, { type Request, type Response, type Router } from 'express';
import type { AuthService } from '../auth/create-auth-service.ts';
import type { GatewayMetrics } from '../metrics/create-gateway-metrics.ts';

/**
 * `GET /metrics` for Prometheus. Answers 404 unless `metrics.enabled` is on
 * (read per scrape, so the setting applies at once), and then only with an
 * admin bearer token (an admin API token for scrapers, or a login token).
 */
export function createMetricsRouter(options: {
  metrics: GatewayMetrics;
  auth: Pick<AuthService, 'verify'>;
  enabled: () => boolean;
}): Router {
  const router = express.Router();
  router.get('/metrics', async (request: Request, response: Response) => {
    response.setHeader('cache-control', 'no-store');
    if (!options.enabled()) {
      response
        .status(404)
        .json({ error: { code: 'not_found', message: 'Metrics are off (setting metrics.enabled).' } });
      return;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    try {
      if (!match) throw new Error('missing token');
      await options.auth.verify(match[1]!);
    } catch {
      response.setHeader('www-authenticate', 'Bearer');
      response
        .status(401)
        .json({ error: { code: 'unauthorized', message: 'Send "Authorization: Bearer <admin API token>"' } });
      return;
    }
    response.setHeader('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    response.end(options.metrics.render());
  });
  return router;
}
