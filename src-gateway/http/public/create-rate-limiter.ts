import type { NextFunction, Request, Response } from 'express';
import type { Clock } from '../../lib/clock.ts';

export interface RateLimiter {
  /** Count one request from `client`; `allowed` false once over the limit in its window. */
  hit(client: string): { allowed: boolean; retryAfterSeconds: number; remaining: number };
}

/**
 * A fixed window per client: the first request opens a window of `windowMs`,
 * `limit` requests fit in it, the rest get 429 until it closes. Memory is
 * bounded: closed windows are swept when the table grows.
 */
export function createRateLimiter(options: { clock: Clock; limit?: number; windowMs?: number }): RateLimiter {
  const limit = options.limit ?? 60;
  const windowMs = options.windowMs ?? 60_000;
  const windows = new Map<string, { openedAt: number; count: number }>();
  return {
    hit(client) {
      const now = options.clock.now();
      if (windows.size > 10_000) {
        for (const [key, window] of windows) if (now - window.openedAt >= windowMs) windows.delete(key);
      }
      let window = windows.get(client);
      if (!window || now - window.openedAt >= windowMs) {
        window = { openedAt: now, count: 0 };
        windows.set(client, window);
      }
      window.count++;
      return {
        allowed: window.count <= limit,
        retryAfterSeconds: Math.max(1, Math.ceil((window.openedAt + windowMs - now) / 1000)),
        remaining: Math.max(0, limit - window.count),
      };
    },
  };
}

/** Middleware: 429 with `Retry-After` past the limit, keyed by the socket's address (proxies are not trusted). */
export function rateLimitByIp(limiter: RateLimiter) {
  return function limitPublicRequests(request: Request, response: Response, next: NextFunction): void {
    const result = limiter.hit(request.socket.remoteAddress ?? 'unknown');
    if (result.allowed) {
      next();
      return;
    }
    response.setHeader('Retry-After', String(result.retryAfterSeconds));
    response.status(429).json({
      error: { code: 'rate_limited', message: 'Too many requests; try again in a minute' },
    });
  };
}
