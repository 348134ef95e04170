import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError, toGatewayError } from '../lib/errors.ts';
import type { InboundCodec } from '../protocols/types.ts';
import type { ConfigSnapshot } from '../runtime/snapshot.ts';
import type { AdmissionTicket } from '../keys/types.ts';
import { authenticateKey } from '../keys/authenticate-key.ts';
import { computeCost } from '../keys/compute-cost.ts';
import { resolveModel } from '../routing/resolve-model.ts';
import { callUpstream, readJsonAnswer } from '../upstream/call-upstream.ts';
import { openAiFamily } from '../upstream/families/index.ts';
import { providerTimeout } from './abort-after.ts';
import { elapsedMs, toLogRecord } from './exchange.ts';
import type { ProxyDeps } from './create-model-handler.ts';
import { readJsonBody } from './read-json-body.ts';
import { sendError, setGatewayHeaders } from './respond.ts';
import { startExchange } from './start-exchange.ts';

const answerLimit = 256 * 1024 * 1024;

/** Rough token count of the `input` field (strings, arrays of strings or token arrays), for admission only. */
function estimateInputTokens(input: unknown): number {
  if (typeof input === 'string') return Math.ceil(input.length / 4);
  if (Array.isArray(input))
    return input.reduce<number>(
      (sum, item) => sum + (typeof item === 'number' ? 1 : estimateInputTokens(item)),
      0,
    );
  return 0;
}

/**
 * `POST /v1/embeddings`: a pass-through to OpenAI-protocol upstreams. The body
 * goes upstream unchanged except `model`; the answer comes back byte for byte.
 * Failover to the next OpenAI-protocol candidate on a retryable error; other
 * protocols have no embeddings endpoint the gateway can speak, so a model with
 * only such targets is a 400. Errors are in OpenAI's shape (`chat` encodes them).
 */
export function createEmbeddingsHandler(deps: ProxyDeps, chat: InboundCodec) {
  return async function handleEmbeddings(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { exchange, requestAbort } = startExchange(request, response, 'openai-chat', deps.clock.now());
    let snapshot: ConfigSnapshot | undefined;
    let ticket: AdmissionTicket | undefined;
    try {
      snapshot = deps.getSnapshot();
      exchange.key = authenticateKey(snapshot, request.headers, exchange.startedAt, exchange.clientIp);
      const body = await readJsonBody(request, deps.bodyLimitBytes);
      exchange.body = body;
      const resolution = resolveModel(
        snapshot,
        exchange.key,
        typeof body.model === 'string' ? body.model : undefined,
      );
      exchange.requestedModel = resolution.requestedName;
      exchange.virtualModel = resolution.virtualModel;
      const estimatedTokens = estimateInputTokens(body.input);
      const plan = deps.router.route(resolution, { estimatedTokens });
      const candidates = plan.candidates.filter((model) => model.provider.protocol === 'openai');
      if (candidates.length === 0) {
        throw new GatewayError({
          status: 400,
          kind: 'invalid_request',
          code: 'embeddings_not_supported',
          message: `The model "${resolution.requestedName}" has no OpenAI-compatible target; embeddings are relayed only to OpenAI-protocol providers.`,
          param: 'model',
        });
      }
      ticket = deps.admission.admit(exchange.key, {
        tokens: estimatedTokens,
        costUsd: estimatedTokens * (candidates[0]!.inputCostPerToken ?? 0),
      });
      for (const [name, value] of Object.entries(ticket.headers)) response.setHeader(name, value);
      const maxAttempts = Math.min(
        resolution.virtualModel?.maxAttempts ?? snapshot.settings.routing.maxAttempts,
        candidates.length,
      );
      let lastError: GatewayError | undefined;
      for (let index = 0; index < maxAttempts; index++) {
        const model = candidates[index]!;
        exchange.model = model;
        const started = elapsedMs(exchange);
        const apiKey = deps.router.pickKey(model);
        // The provider's limit covers the call and reading the answer; a timeout is a retryable 504.
        const attemptTimeout = providerTimeout(model.provider, requestAbort);
        try {
          const answer = await callUpstream({
            provider: model.provider,
            apiKey,
            codec: deps.upstreamCodecs['openai-chat'],
            path: openAiFamily.paths.embeddings,
            body: JSON.stringify({ ...body, model: model.upstreamModel }),
            dispatcher: deps.dispatchers.get(model.provider),
            signal: attemptTimeout.signal,
          });
          const { raw, json } = await readJsonAnswer(answer.body, model.provider.name, answerLimit);
          const usage = (json as { usage?: { prompt_tokens?: unknown } } | null)?.usage;
          if (typeof usage?.prompt_tokens === 'number') exchange.usage.inputTokens = usage.prompt_tokens;
          const latencyMs = elapsedMs(exchange) - started;
          exchange.attempts.push({
            modelId: model.id,
            providerId: model.provider.id,
            outcome: 'success',
            status: answer.status,
            latencyMs,
            reason: index === 0 ? plan.reason : 'failover',
          });
          deps.router.report({
            model,
            apiKey,
            ok: true,
            latencyMs,
            virtualModelId: resolution.virtualModel?.id,
          });
          exchange.status = answer.status;
          setGatewayHeaders(response, exchange);
          response.writeHead(200, { 'content-type': 'application/json' });
          exchange.ttfbMs = elapsedMs(exchange);
          response.end(raw);
          return;
        } catch (error) {
          if (exchange.clientClosed) {
            // Abandoned, not failed: no error, so the router only frees a probe slot it held.
            deps.router.report({ model, apiKey, ok: false, latencyMs: elapsedMs(exchange) - started });
            throw error;
          }
          const failure = toGatewayError(error);
          const latencyMs = elapsedMs(exchange) - started;
          exchange.attempts.push({
            modelId: model.id,
            providerId: model.provider.id,
            outcome: failure.kind === 'timeout' ? 'timeout' : 'error',
            status: failure.status,
            latencyMs,
            reason: failure.code,
          });
          deps.router.report({
            model,
            apiKey,
            ok: false,
            error: failure,
            latencyMs,
            virtualModelId: resolution.virtualModel?.id,
          });
          if (!failure.retryable) throw failure;
          lastError = failure;
        } finally {
          attemptTimeout.clear();
        }
      }
      throw lastError!;
    } catch (error) {
      const failure = toGatewayError(error);
      exchange.status = exchange.clientClosed ? 499 : failure.status;
      exchange.errorCode = exchange.clientClosed ? 'client_closed' : failure.code;
      exchange.errorMessage = failure.message;
      if (!response.headersSent && !exchange.clientClosed) {
        setGatewayHeaders(response, exchange);
        sendError(response, chat, failure, exchange.requestId);
      } else if (!response.writableEnded) response.end();
    } finally {
      const cost = exchange.model ? computeCost(exchange.model, exchange.usage) : 0;
      ticket?.settle({ tokens: exchange.usage.inputTokens, costUsd: cost });
      const record = toLogRecord(exchange, cost, snapshot?.settings.logging.bodyMaxBytes ?? 65_536);
      deps.recordRequest({ ...record, inboundProtocol: 'embeddings' });
    }
  };
}
