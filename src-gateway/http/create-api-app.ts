import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { requestId } from '../lib/ids.ts';
import { GatewayError, toGatewayError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { Clock } from '../lib/clock.ts';
import type { InboundCodec } from '../protocols/types.ts';
import type { ConfigSnapshot, KeyRuntime } from '../runtime/snapshot.ts';
import { authenticateKey } from '../keys/authenticate-key.ts';
import { createModelHandler, type ProxyDeps } from '../proxy/create-model-handler.ts';
import { createEmbeddingsHandler } from '../proxy/create-embeddings-handler.ts';
import { sendError } from '../proxy/respond.ts';
import { readJsonBody } from '../proxy/read-json-body.ts';
import { estimateRequestTokens } from '../canonical/estimate-tokens.ts';
import { findModelEntry, listModelsForKey, sendModelList } from './v1-models.ts';
import { rejectMisdirected } from './reject-misdirected.ts';

export interface ApiAppOptions {
  proxy: ProxyDeps;
  inbound: { chat: InboundCodec; responses: InboundCodec; anthropic: InboundCodec };
  adminRouter?: Router;
  /** Extra routers mounted at the root (status page, public health API, UI). */
  extraRouters?: Router[];
  getSnapshot: () => ConfigSnapshot;
  clock: Clock;
  logger: Logger;
  /** The DNS-rebinding guard (createHostCheck): other `Host` values get 421 on every route. */
  isAllowedHost?: (header: string | undefined) => boolean;
}

export interface ApiApp {
  /** The express app (admin API, public routes, everything but the hot path). */
  app: Express;
  /** The listener to serve: model calls go straight to their handlers, the rest to `app`. */
  listener: RequestListener;
}

type ModelHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * The main listener: `/v1/*` for clients, `/api/*` for the admin API,
 * `/healthz`. Model calls (`POST` chat, responses, messages) skip express
 * entirely: a map lookup on the path dispatches them to plain handlers over
 * node's request and response, which keeps routing off the hot path's CPU bill.
 */
export function createApiApp(options: ApiAppOptions): ApiApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(function assignRequestId(_request: Request, response: Response, next: NextFunction) {
    response.setHeader('x-request-id', requestId());
    next();
  });

  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });

  const chat = createModelHandler(options.proxy, options.inbound.chat);
  const responses = createModelHandler(options.proxy, options.inbound.responses);
  const messages = createModelHandler(options.proxy, options.inbound.anthropic);
  const embeddings = createEmbeddingsHandler(options.proxy, options.inbound.chat);
  // Clients configured without the `/v1` prefix get the same routes.
  const modelRoutes = new Map<string, ModelHandler>([['/v1/messages', messages]]);
  for (const prefix of ['/v1', '']) {
    modelRoutes.set(`${prefix}/chat/completions`, chat);
    modelRoutes.set(`${prefix}/responses`, responses);
    app.post(`${prefix}/embeddings`, embeddings);
  }

  /**
   * A GET or light POST route that authenticates the key from memory first;
   * any failure is answered in the client's protocol (`codecOf`).
   */
  const withKey =
    (
      codecOf: (request: Request) => InboundCodec,
      answer: (request: Request, response: Response, snapshot: ConfigSnapshot, key: KeyRuntime) => unknown,
    ) =>
    async (request: Request, response: Response): Promise<void> => {
      try {
        const snapshot = options.getSnapshot();
        const key = authenticateKey(
          snapshot,
          request.headers,
          options.clock.now(),
          request.socket.remoteAddress,
        );
        await answer(request, response, snapshot, key);
      } catch (error) {
        sendError(
          response,
          codecOf(request),
          toGatewayError(error),
          String(response.getHeader('x-request-id')),
        );
      }
    };

  app.post(
    '/v1/messages/count_tokens',
    withKey(
      () => options.inbound.anthropic,
      async (request, response) => {
        const body = await readJsonBody(request, options.proxy.bodyLimitBytes);
        const canonical = options.inbound.anthropic.decodeRequest({ max_tokens: 1, ...body });
        response.json({ input_tokens: estimateRequestTokens(canonical) });
      },
    ),
  );

  const modelsCodec = (request: Request): InboundCodec =>
    request.headers['anthropic-version'] || request.headers['x-api-key']
      ? options.inbound.anthropic
      : options.inbound.chat;
  app.get(
    '/v1/models',
    withKey(modelsCodec, (_request, response, snapshot, key) => {
      sendModelList(response, listModelsForKey(snapshot, key));
    }),
  );
  app.get(
    '/v1/models/:id',
    withKey(modelsCodec, (request, response, snapshot, key) => {
      const entry = findModelEntry(listModelsForKey(snapshot, key), request);
      if (!entry)
        throw new GatewayError({
          status: 404,
          kind: 'not_found',
          code: 'model_not_found',
          message: `The model "${request.params.id}" does not exist.`,
        });
      response.json(entry);
    }),
  );

  if (options.adminRouter) app.use('/api', options.adminRouter);
  for (const router of options.extraRouters ?? []) app.use(router);

  app.use('/v1', (request, response) => {
    sendError(
      response,
      options.inbound.chat,
      new GatewayError({
        status: 404,
        kind: 'not_found',
        code: 'not_found',
        message: `Unknown endpoint ${request.method} ${request.originalUrl.split('?')[0]}`,
      }),
      String(response.getHeader('x-request-id')),
    );
  });
  app.use((_request: Request, response: Response) => {
    response.status(404).json({ error: { code: 'not_found', message: 'Not found' } });
  });
  app.use(function handleError(error: unknown, _request: Request, response: Response, _next: NextFunction) {
    const failure = toGatewayError(error);
    if (failure.kind === 'internal') options.logger.error({ err: failure.cause }, 'unhandled error');
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(failure.status).json({ error: { code: failure.code, message: failure.message } });
  });
  const isAllowedHost = options.isAllowedHost ?? (() => true);
  const listener: RequestListener = function dispatch(request, response) {
    if (!isAllowedHost(request.headers.host)) {
      rejectMisdirected(request, response, options.inbound);
      return;
    }
    if (request.method === 'POST') {
      const url = request.url ?? '';
      const query = url.indexOf('?');
      const handler = modelRoutes.get(query === -1 ? url : url.slice(0, query));
      if (handler) {
        response.setHeader('x-request-id', requestId());
        handler(request, response).catch((error: unknown) => {
          options.logger.error({ err: error }, 'model handler failed');
          if (!response.headersSent) response.writeHead(500).end();
          else response.destroy();
        });
        return;
      }
    }
    app(request, response);
  };
  return { app, listener };
}
