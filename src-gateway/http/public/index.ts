export { createPublicRouter, type PublicRouterOptions } from './create-public-router.ts';
export { createPublicHealthRouter } from './create-public-health-router.ts';
export { createStatusPageRouter, defaultStatusPageDirectory } from './create-status-page-router.ts';
export { createRateLimiter, rateLimitByIp, type RateLimiter } from './create-rate-limiter.ts';
export { createLanApp } from './create-lan-app.ts';
export { createLanListener, type LanListener } from './create-lan-listener.ts';
export {
  createPublicStatusHttp,
  type PublicStatusHttp,
  type PublicStatusHttpOptions,
} from './create-public-status-http.ts';
