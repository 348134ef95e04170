import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Principal } from '../../../src-shared/schemas/auth.ts';
import { AdminError } from '../../lib/admin-error.ts';
import type { ContractDispatcher } from '../../admin/create-contract-dispatcher.ts';
import type { AuthService } from '../../auth/create-auth-service.ts';
import { exceedsJsonDepth, maxJsonDepth } from '../../lib/exceeds-json-depth.ts';
import type { Logger } from '../../lib/logger.ts';
import type { AdminRoute } from './admin-route.ts';
import { buildOpenApiDocument } from './build-openapi-document.ts';
import { createContractRoutes } from './contract-routes.ts';
import type { EventBus } from '../../events/create-event-bus.ts';
import { createEventsRoute, type InitialEvents } from './create-events-route.ts';
import { sendAdminError, toAdminError } from './send-admin-error.ts';

export interface AdminRouterOptions {
  /** The admin contract's operations (served from the contract's route table). */
  dispatcher: ContractDispatcher;
  /**
   * Turns a bearer token into its principal (401 otherwise). That is all the router needs of
   * the auth service: login, setup and API tokens are contract operations like the rest.
   */
  auth: Pick<AuthService, 'verify'>;
  logger: Logger;
  /** Routes added by later features (health targets, presets, catalog); served and documented like the rest. */
  extraRoutes?: AdminRoute[];
  /** The contract's events, served as Server-Sent Events at `/api/events`, with what a newcomer sees first. */
  events?: { bus: EventBus; initial: InitialEvents };
  /** Shown in the OpenAPI document. */
  version?: string;
}

function bearerToken(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/**
 * The admin HTTP API, mounted by the app at `/api`. Parses JSON itself,
 * requires a bearer token on every route but the public ones, answers
 * `{ error: { status, code, message, details? } }` (the contract's error shape) on failure and
 * never sends a secret.
 */
export function createAdminRouter(options: AdminRouterOptions): Router {
  const { logger } = options;
  const router = express.Router();
  const openApiRoute: AdminRoute = {
    method: 'get',
    path: '/openapi.json',
    tag: 'meta',
    summary: 'This document (OpenAPI 3.1)',
    public: true,
    status: 200,
    // Built on first request, not at start-up: it takes tens of milliseconds and most runs never ask.
    handle: async () =>
      (openApiDocument ??= buildOpenApiDocument(routes, { version: options.version ?? '0.1.0' })),
  };
  const routes: AdminRoute[] = [
    openApiRoute,
    ...createContractRoutes(options.dispatcher),
    ...(options.extraRoutes ?? []),
  ];
  let openApiDocument: ReturnType<typeof buildOpenApiDocument> | undefined;

  router.use(function noStore(_request: Request, response: Response, next: NextFunction) {
    // Answers may carry tokens or keys shown once: never cache them.
    response.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use(express.json({ limit: '5mb' }));
  router.use(function refuseDeepJson(request: Request, response: Response, next: NextFunction) {
    if (!exceedsJsonDepth(request.body)) {
      next();
      return;
    }
    sendAdminError(
      response,
      new AdminError(
        400,
        'invalid_json',
        `The request body nests objects or arrays deeper than ${maxJsonDepth} levels`,
      ),
    );
  });

  const serve = (route: AdminRoute) =>
    async function handleAdminRoute(request: Request, response: Response): Promise<void> {
      try {
        const principal: Principal | undefined = response.locals.principal;
        const context = {
          body: request.body,
          params: request.params as Record<string, string>,
          principal,
          clientIp: request.ip ?? request.socket.remoteAddress ?? 'unknown',
          request,
        };
        if (route.write) {
          await route.write(context, response);
          return;
        }
        const result = await route.handle(context);
        if (route.status === 204) response.status(204).end();
        else response.status(route.status).json(result);
      } catch (error) {
        sendAdminError(response, toAdminError(error, logger));
      }
    };

  // Public routes first; everything registered after the bearer check needs a token. A contract
  // route is public iff its operation is (`operation.public`, copied by createContractRoutes):
  // the same flag the dispatcher checks, so HTTP and IPC refuse the same operations anonymously.
  for (const route of routes.filter((candidate) => candidate.public))
    router[route.method](route.path, serve(route));

  router.use(async function requireBearer(request: Request, response: Response, next: NextFunction) {
    const token = bearerToken(request);
    try {
      if (token === undefined)
        throw new AdminError(401, 'unauthorized', 'Send "Authorization: Bearer <token>"');
      response.locals.principal = await options.auth.verify(token);
      next();
    } catch (error) {
      sendAdminError(response, toAdminError(error, logger));
    }
  });

  if (options.events) router.get('/events', createEventsRoute(options.events.bus, options.events.initial));
  for (const route of routes.filter((candidate) => !candidate.public))
    router[route.method](route.path, serve(route));

  router.use(function unknownAdminRoute(request: Request, response: Response) {
    sendAdminError(
      response,
      new AdminError(404, 'not_found', `No route ${request.method} /api${request.path}`),
    );
  });
  router.use(function adminErrorHandler(
    error: unknown,
    _request: Request,
    response: Response,
    _next: NextFunction,
  ) {
    sendAdminError(response, toAdminError(error, logger));
  });
  return router;
}
