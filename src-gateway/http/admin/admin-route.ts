import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Principal } from '../../../src-shared/schemas/auth.ts';

export interface AdminRouteContext {
  /** The parsed JSON body (validated by the service, which is the trust boundary for every transport). */
  body: unknown;
  params: Record<string, string>;
  /** Set on every route that is not public. */
  principal?: Principal;
  clientIp: string;
  request: Request;
}

/**
 * One `/api` route: how it is served and how it is documented. The router and
 * the OpenAPI document are both built from the same list, so every route served
 * is a route documented. A route either answers a value (`handle`, sent as JSON
 * with `status`) or writes its own answer (`write`: a download streamed as it is
 * produced).
 */
export type AdminRoute = AdminRouteDescription &
  (
    | { handle(context: AdminRouteContext): Promise<unknown>; write?: undefined }
    | { write(context: AdminRouteContext, response: Response): Promise<void>; handle?: undefined }
  );

/** What the router and the OpenAPI document know of a route besides how it answers. */
export interface AdminRouteDescription {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Express path below `/api`, e.g. `/providers/:id`. */
  path: string;
  tag: string;
  summary: string;
  /** Reachable without a bearer token. */
  public?: boolean;
  requestBody?: z.ZodType;
  /** The success status; 204 answers no body. */
  status: number;
  response?: z.ZodType;
  /** Error statuses this route may answer besides 401 (documented, not enforced). */
  errors?: number[];
}
