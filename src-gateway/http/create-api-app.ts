import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { requestId } from '../lib/ids.ts';
import { GatewayError, toGatewayError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { InboundCodec } from '../protocols/types.ts';
import type { V1Operation } from '../proxy/v1-operation.ts';
import { createV1Handler, type ProxyDeps } from '../proxy/create-v1-handler.ts';
import { createModelCallOperation } from '../proxy/model-call-operation.ts';
import { createEmbeddingsOperation } from '../proxy/embeddings-operation.ts';
import { createCountTokensOperation } from '../proxy/count-tokens-operation.ts';
import { createModelsOperation } from '../proxy/models-operation.ts';
import { createGeminiCountTokensOperation } from '../proxy/gemini-count-tokens-operation.ts';
import { createGeminiModelsOperation } from '../proxy/gemini-models-operation.ts';
import { parseGeminiPath } from '../protocols/gemini/index.ts';
import { sendError } from '../proxy/respond.ts';
import { rejectMisdirected } from './reject-misdirected.ts';

export interface ApiAppOptions {
  proxy: ProxyDeps;
  inbound: { chat: InboundCodec; responses: InboundCodec; anthropic: InboundCodec; gemini: InboundCodec };
  adminRouter?: Router;
  /** Extra routers mounted at the root (status page, public health API, UI). */
  extraRouters?: Router[];
  logger: Logger;
  /** The DNS-rebinding guard (createHostCheck): other `Host` values get 421 on every route. */
  isAllowedHost?: (header: string | undefined) => boolean;
}

export interface ApiApp {
  /** The express app (admin API, public routes, everything but the hot path). */
  app: Express;
  /** The listener to serve: `/v1` operations go straight to their handlers, the rest to `app`. */
  listener: RequestListener;
}

type ModelHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** `/v1/models` or `/v1/models/{id}` (an id without `/`), with or without a query. */
function isModelsPath(url: string): boolean {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (path === '/v1/models') return true;
  return path.startsWith('/v1/models/') && path.length > 11 && path.indexOf('/', 11) === -1;
}

/**
 * A Gemini client (`@google/genai`, Gemini CLI) on a path it shares with the OpenAI
 * and Anthropic SDKs (`GET /v1/models`): it sends its key as `x-goog-api-key` or
 * `?key=`, and the SDK names itself in `x-goog-api-client`.
 */
function isGeminiClient(request: IncomingMessage, url: string): boolean {
  if (request.headers['x-goog-api-key'] !== undefined || request.headers['x-goog-api-client'] !== undefined)
    return true;
  const query = url.indexOf('?');
  return query !== -1 && new URLSearchParams(url.slice(query + 1)).has('key');
}

/**
 * The main listener: `/v1/*` for clients, `/api/*` for the admin API,
 * `/healthz`. `/v1` operations (model calls, embeddings, count_tokens,
 * models) skip express entirely: a map lookup on the path dispatches them to
 * their handlers over node's request and response, which keeps routing off the
 * hot path's CPU bill. Gemini's REST paths (`/{v1beta|v1}/models/{model}:{action}`)
 * are matched by shape, as the model is part of the path.
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

  // Every `/v1` operation is one pipeline (proxy/create-v1-handler.ts) over an operation description.
  const v1 = (operation: V1Operation): ModelHandler => createV1Handler(options.proxy, operation);
  const chat = v1(createModelCallOperation(options.proxy, options.inbound.chat));
  const responses = v1(createModelCallOperation(options.proxy, options.inbound.responses));
  const messages = v1(createModelCallOperation(options.proxy, options.inbound.anthropic));
  const embeddings = v1(createEmbeddingsOperation(options.proxy, options.inbound.chat));
  const countTokens = v1(createCountTokensOperation(options.inbound.anthropic));
  const models = v1(createModelsOperation(options.inbound));
  const geminiGenerate = v1(createModelCallOperation(options.proxy, options.inbound.gemini));
  const geminiCountTokens = v1(createGeminiCountTokensOperation(options.inbound.gemini));
  const geminiModels = v1(createGeminiModelsOperation(options.inbound.gemini));
  const geminiActions = new Map<string, ModelHandler>([
    ['generateContent', geminiGenerate],
    ['streamGenerateContent', geminiGenerate],
    ['countTokens', geminiCountTokens],
  ]);
  /** An unknown Gemini action or path, in Google's error shape. */
  const geminiNotFound: ModelHandler = async (request, response) => {
    const path = (request.url ?? '').split('?')[0];
    sendError(
      response,
      options.inbound.gemini,
      new GatewayError({
        status: 404,
        kind: 'not_found',
        code: 'not_found',
        message: `The gateway does not serve ${request.method} ${path} (Gemini: generateContent, streamGenerateContent, countTokens and models).`,
      }),
      String(response.getHeader('x-request-id')),
    );
  };
  /** The Gemini handler for a request, or undefined when the request is not Gemini's. */
  const geminiHandler = (request: IncomingMessage, url: string): ModelHandler | undefined => {
    const beta = url.startsWith('/v1beta');
    if (!beta && !url.startsWith('/v1/models')) return undefined;
    const query = url.indexOf('?');
    const target = parseGeminiPath(query === -1 ? url : url.slice(0, query));
    if (request.method === 'POST') {
      if (target?.action !== undefined) return geminiActions.get(target.action) ?? geminiNotFound;
      return beta ? geminiNotFound : undefined;
    }
    if (request.method === 'GET' && target && target.action === undefined) {
      if (beta || isGeminiClient(request, url)) return geminiModels;
      return undefined;
    }
    return beta ? geminiNotFound : undefined;
  };
  // Exact paths are dispatched by the listener without express; express serves the same handlers for
  // the spellings its routing also accepts (any letter case, a trailing slash), as it always did.
  const modelRoutes = new Map<string, ModelHandler>([
    ['/v1/messages', messages],
    ['/v1/messages/count_tokens', countTokens],
  ]);
  app.post('/v1/messages/count_tokens', countTokens);
  // Clients configured without the `/v1` prefix get the same routes.
  for (const prefix of ['/v1', '']) {
    modelRoutes.set(`${prefix}/chat/completions`, chat);
    modelRoutes.set(`${prefix}/responses`, responses);
    modelRoutes.set(`${prefix}/embeddings`, embeddings);
    app.post(`${prefix}/embeddings`, embeddings);
  }
  app.get('/v1/models', models);
  app.get('/v1/models/:id', models);

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
  const run = (
    handler: ModelHandler,
    request: IncomingMessage,
    response: ServerResponse,
    failure: string,
  ) => {
    response.setHeader('x-request-id', requestId());
    handler(request, response).catch((error: unknown) => {
      options.logger.error({ err: error }, failure);
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  };
  const isAllowedHost = options.isAllowedHost ?? (() => true);
  const listener: RequestListener = function dispatch(request, response) {
    if (!isAllowedHost(request.headers.host)) {
      rejectMisdirected(request, response, options.inbound);
      return;
    }
    const url = request.url ?? '';
    if (request.method === 'POST') {
      const query = url.indexOf('?');
      const handler =
        modelRoutes.get(query === -1 ? url : url.slice(0, query)) ?? geminiHandler(request, url);
      if (handler) {
        run(handler, request, response, 'model handler failed');
        return;
      }
    } else if (request.method === 'GET') {
      const gemini = geminiHandler(request, url);
      if (gemini) {
        run(gemini, request, response, 'models handler failed');
        return;
      }
      if (url.startsWith('/v1/models') && isModelsPath(url)) {
        run(models, request, response, 'models handler failed');
        return;
      }
    } else {
      const gemini = geminiHandler(request, url);
      if (gemini) {
        run(gemini, request, response, 'gemini handler failed');
        return;
      }
    }
    app(request, response);
  };
  return { app, listener };
}
