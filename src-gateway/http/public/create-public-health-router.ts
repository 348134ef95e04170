import express, { type Request, type Response, type Router } from 'express';
import type { HealthQueries } from '../../health/health-queries.ts';

/** The longest window the runs list accepts: run retention. */
const maxWindowMs = 7 * 24 * 60 * 60 * 1000;
const unitMs: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

function fail(response: Response, status: number, code: string, message: string): void {
  response.status(status).json({ error: { code, message } });
}

function queryString(request: Request, name: string): string | undefined {
  const value = request.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function positiveInteger(value: string | undefined, fallback: number, max: number): number | undefined {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) return undefined;
  const parsed = Number(value);
  return parsed >= 1 && parsed <= max ? parsed : undefined;
}

/**
 * `GET /public/health/{summary,targets,detail,runs}`: read-only, no login.
 * Gating (monitoring on) and rate limiting happen in front of this router.
 */
export function createPublicHealthRouter(queries: HealthQueries): Router {
  const router = express.Router();

  router.get('/public/health/summary', async (_request, response) => {
    response.json(await queries.summary());
  });

  router.get('/public/health/targets', async (_request, response) => {
    response.json({ data: await queries.targets() });
  });

  router.get('/public/health/detail', async (request, response) => {
    const targetId = queryString(request, 'target_id');
    if (!targetId) return fail(response, 400, 'invalid_request', 'target_id is required');
    const detail = await queries.detail(targetId);
    if (!detail) return fail(response, 404, 'not_found', `No health target "${targetId}"`);
    response.json(detail);
  });

  router.get('/public/health/runs', async (request, response) => {
    const targetId = queryString(request, 'target_id');
    if (!targetId) return fail(response, 400, 'invalid_request', 'target_id is required');
    const window = /^(\d{1,6})([mhd])$/.exec(queryString(request, 'window') ?? '24h');
    const windowMs = window ? Number(window[1]) * unitMs[window[2]!]! : 0;
    if (windowMs <= 0 || windowMs > maxWindowMs)
      return fail(response, 400, 'invalid_request', 'window must look like 30m, 24h or 7d (at most 7d)');
    const page = positiveInteger(queryString(request, 'page'), 1, 100_000);
    const pageSize = positiveInteger(queryString(request, 'page_size'), 50, 200);
    if (page === undefined || pageSize === undefined)
      return fail(response, 400, 'invalid_request', 'page must be 1 or more; page_size 1 to 200');
    const runs = await queries.runs(targetId, { windowMs, page, pageSize });
    if (!runs) return fail(response, 404, 'not_found', `No health target "${targetId}"`);
    response.json(runs);
  });

  return router;
}
