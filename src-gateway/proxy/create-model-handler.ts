import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { GatewayError, toGatewayError } from '../lib/errors.ts';
import type { EncodeContext, InboundCodec, UpstreamCodec, UpstreamProtocol } from '../protocols/types.ts';
import type { ConfigSnapshot, DispatcherPool } from '../runtime/snapshot.ts';
import type { RequestLogRecord } from '../storage/request-log-record.ts';
import { authenticateKey } from '../keys/authenticate-key.ts';
import { computeCost } from '../keys/compute-cost.ts';
import { resolveModel } from '../routing/resolve-model.ts';
import type { RoutePlan, TargetRouter } from '../routing/types.ts';
import type { Admission, AdmissionTicket } from '../keys/types.ts';
import type { PromptRuleEngine } from '../prompts/types.ts';
import { estimateRequestTokens } from '../canonical/estimate-tokens.ts';
import { callUpstream } from '../upstream/call-upstream.ts';
import { providerTimeout, timeoutError } from './abort-after.ts';
import type { AbortHandle } from '../lib/abort-handle.ts';
import { elapsedMs, toLogRecord, type Exchange } from './exchange.ts';
import { pickUpstreamProtocol, prepareUpstreamRequest } from './prepare-upstream-request.ts';
import { jsonBodyBytes, readJsonBody } from './read-json-body.ts';
import { relayJson } from './relay-json.ts';
import { relayStream } from './relay-stream.ts';
import { sendError, setGatewayHeaders } from './respond.ts';
import { startExchange } from './start-exchange.ts';

export interface ProxyDeps {
  getSnapshot: () => ConfigSnapshot;
  dispatchers: DispatcherPool;
  upstreamCodecs: Record<UpstreamProtocol, UpstreamCodec>;
  /** Non-blocking: queues the record for the batched writer. */
  recordRequest: (record: RequestLogRecord) => void;
  /** Called right after a request went upstream, while the event loop waits on it (background writes). */
  onUpstreamWait?: () => void;
  router: TargetRouter;
  admission: Admission;
  promptRules: PromptRuleEngine;
  clock: Clock;
  logger: Logger;
  bodyLimitBytes: number;
}

/** Status logged for a client that went away before the answer was complete (nginx's convention). */
const clientClosedStatus = 499;

/**
 * The hot path for one inbound protocol: authenticate from memory, resolve the
 * model, try candidates in order (failing over on retryable errors before the
 * first byte), relay the answer, and queue one log record. Never touches SQLite.
 */
export function createModelHandler(deps: ProxyDeps, inbound: InboundCodec) {
  return async function handleModelRequest(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const { exchange, requestAbort } = startExchange(request, response, inbound.protocol, deps.clock.now());
    const requestId = exchange.requestId;
    let snapshot: ConfigSnapshot | undefined;
    let ticket: AdmissionTicket | undefined;
    let route: RoutePlan | undefined;
    try {
      snapshot = deps.getSnapshot();
      exchange.key = authenticateKey(snapshot, request.headers, exchange.startedAt, exchange.clientIp);
      const body = await readJsonBody(request, deps.bodyLimitBytes);
      exchange.body = body;
      exchange.stream = body.stream === true;
      exchange.clientWantsUsage =
        (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
      // No model named: the key's default model (resolveModel answers 400 when there is none).
      const asked = typeof body.model === 'string' ? body.model : undefined;
      exchange.requestedModel = asked;
      const resolution = resolveModel(snapshot, exchange.key, asked);
      exchange.requestedModel = resolution.requestedName;
      if (body.model !== resolution.requestedName)
        exchange.body = { ...body, model: resolution.requestedName };
      exchange.virtualModel = resolution.virtualModel;
      if (resolution.virtualModel) {
        exchange.body = deps.promptRules.apply(
          resolution.virtualModel,
          inbound.protocol,
          exchange.body,
          exchange.startedAt,
          jsonBodyBytes(body),
        );
      }
      // Validate the client's body in its own protocol before anything goes upstream.
      exchange.canonical = inbound.decodeRequest(exchange.body);
      const estimatedTokens = estimateRequestTokens(exchange.canonical);
      exchange.estimatedTokens = estimatedTokens;
      const first = resolution.candidates[0]!;
      ticket = deps.admission.admit(exchange.key, {
        tokens: estimatedTokens + (exchange.canonical.maxTokens ?? 0),
        costUsd:
          estimatedTokens * (first.inputCostPerToken ?? 0) +
          (exchange.canonical.maxTokens ?? 0) * (first.outputCostPerToken ?? 0),
      });
      for (const [name, value] of Object.entries(ticket.headers)) response.setHeader(name, value);
      const sessionId = sessionIdOf(request, exchange.body);
      route = deps.router.route(resolution, { sessionId, estimatedTokens });
      await forward(exchange, route, snapshot, request, response, requestAbort, sessionId);
    } catch (error) {
      const failure = toGatewayError(error);
      if (exchange.clientClosed) {
        exchange.status = clientClosedStatus;
        exchange.errorCode = 'client_closed';
      } else {
        exchange.status = failure.status;
        exchange.errorCode = failure.code;
        exchange.errorMessage = failure.message;
        if (failure.status >= 500 && failure.kind === 'internal')
          deps.logger.error({ err: failure.cause, requestId }, 'request failed');
        if (!response.headersSent) {
          setGatewayHeaders(response, exchange);
          sendError(response, inbound, failure, requestId);
        } else if (!response.writableEnded) {
          response.end();
        }
      }
    } finally {
      if (exchange.clientClosed && exchange.status < 400) {
        exchange.status = clientClosedStatus;
        exchange.errorCode = 'client_closed';
      }
      // Targets the router left out lead the logged attempts; added last so `x-gateway-attempts` counts only tries.
      const skipped = (route?.skipped ?? []).map((entry) => ({
        modelId: entry.model.id,
        providerId: entry.model.provider.id,
        outcome: 'skipped' as const,
        latencyMs: 0,
        reason: entry.reason,
      }));
      exchange.attempts.unshift(...skipped);
      const cost = exchange.model ? computeCost(exchange.model, exchange.usage) : 0;
      ticket?.settle({ tokens: exchange.usage.inputTokens + exchange.usage.outputTokens, costUsd: cost });
      deps.recordRequest(toLogRecord(exchange, cost, snapshot?.settings.logging.bodyMaxBytes ?? 65_536));
    }
  };

  async function forward(
    exchange: Exchange,
    route: RoutePlan,
    snapshot: ConfigSnapshot,
    request: IncomingMessage,
    response: ServerResponse,
    requestAbort: AbortHandle,
    sessionId: string | undefined,
  ): Promise<void> {
    const candidates = route.candidates;
    const maxAttempts = exchange.virtualModel?.maxAttempts ?? snapshot.settings.routing.maxAttempts;
    const virtualModelId = exchange.virtualModel?.id;
    // One deadline for the whole request, failover included: no attempt starts after it, a running one is cut.
    // It aborts the request's own handle (which the client's disconnect also aborts): one signal, one timer.
    const deadlineMs = snapshot.settings.routing.totalDeadlineMs;
    const deadline = setTimeout(
      () =>
        requestAbort.abort(
          timeoutError(
            'deadline_exceeded',
            `The request did not finish within the ${deadlineMs} ms deadline`,
            false,
          ),
        ),
      deadlineMs,
    );
    deadline.unref();
    let lastError: GatewayError | undefined;
    try {
      let index = 0;
      // Why this attempt's target: the router's reason first, then how the previous attempt ended.
      let reason = route.reason;
      for (
        let attempt = 0;
        attempt < maxAttempts && index < candidates.length && !requestAbort.aborted;
        attempt++
      ) {
        const model = candidates[index]!;
        const provider = model.provider;
        exchange.model = model;
        const attemptStarted = elapsedMs(exchange);
        const upstream = deps.upstreamCodecs[pickUpstreamProtocol(provider, inbound.protocol)];
        // Aborting with a GatewayError makes undici throw it: a retryable failure before the first byte, in-band after.
        // A provider limit shorter than the deadline gets its own linked handle and timer; otherwise the
        // request's handle is enough.
        const attemptTimeout =
          provider.timeouts.totalMs < deadlineMs ? providerTimeout(provider, requestAbort) : undefined;
        const signal = attemptTimeout?.signal ?? requestAbort;
        let apiKey: string | undefined;
        try {
          const prepared = prepareUpstreamRequest({
            inbound,
            upstream,
            model,
            body: exchange.body!,
            clientHeaders: request.headers,
            stream: exchange.stream,
            decode: () => exchange.canonical!,
          });
          apiKey = deps.router.pickKey(model);
          const pendingAnswer = callUpstream({
            provider,
            apiKey,
            codec: upstream,
            path: prepared.path,
            body: prepared.body,
            headers: prepared.headers,
            dispatcher: deps.dispatchers.get(provider),
            signal,
          });
          deps.onUpstreamWait?.();
          const answer = await pendingAnswer;
          const context: EncodeContext = {
            requestId: exchange.requestId,
            model: exchange.requestedModel!,
            created: Math.floor(exchange.startedAt / 1000),
            includeUsage: exchange.clientWantsUsage,
            clientBody: exchange.body,
            // Anthropic clients need real input tokens in `message_start` before the upstream reports usage.
            estimatedInputTokens: exchange.estimatedTokens,
          };
          exchange.attempts.push({
            modelId: model.id,
            providerId: provider.id,
            outcome: 'success',
            status: answer.status,
            latencyMs: round(elapsedMs(exchange) - attemptStarted),
            reason,
          });
          exchange.status = answer.status;
          const relay = {
            answer,
            exchange,
            inbound,
            upstream,
            prepared,
            response,
            context,
            providerName: provider.name,
          };
          // A stream that failed after its first byte ends in-band; the router still hears of it.
          let streamFailure: GatewayError | undefined;
          if (exchange.stream)
            streamFailure = await relayStream(relay, () => commitStream(response, exchange));
          else await relayJson(relay, (contentType) => commitJson(response, exchange, contentType));
          // A client that hung up tells the router nothing about the target (see AttemptReport).
          deps.router.report({
            model,
            apiKey,
            ok: streamFailure === undefined && !exchange.clientClosed,
            error: streamFailure,
            latencyMs: elapsedMs(exchange) - attemptStarted,
            ttfbMs: exchange.ttfbMs === undefined ? undefined : exchange.ttfbMs - attemptStarted,
            sessionId,
            virtualModelId,
          });
          return;
        } catch (error) {
          if (exchange.clientClosed) {
            // No error: the attempt is abandoned, not failed; a half-open probe slot it held is freed.
            deps.router.report({
              model,
              apiKey,
              ok: false,
              latencyMs: elapsedMs(exchange) - attemptStarted,
              sessionId,
              virtualModelId,
            });
            throw error;
          }
          const failure = toGatewayError(error);
          deps.router.report({
            model,
            apiKey,
            ok: false,
            error: failure,
            latencyMs: elapsedMs(exchange) - attemptStarted,
            sessionId,
            virtualModelId,
          });
          const last = exchange.attempts[exchange.attempts.length - 1];
          if (last && last.modelId === model.id && last.outcome === 'success' && !response.headersSent)
            exchange.attempts.pop();
          if (!response.headersSent) {
            exchange.attempts.push({
              modelId: model.id,
              providerId: provider.id,
              outcome: failure.kind === 'timeout' ? 'timeout' : 'error',
              status: failure.status,
              latencyMs: round(elapsedMs(exchange) - attemptStarted),
              reason: failure.code,
            });
          }
          if (response.headersSent || !failure.retryable) throw failure;
          lastError = failure;
          // A rate-limited or rejected key rests; the same target may still serve with one of its other keys.
          const keyScoped = failure.kind === 'rate_limit' || failure.kind === 'upstream_auth';
          const sameTarget = keyScoped && apiKey !== undefined && deps.router.hasUsableKey(model);
          if (!sameTarget) index++;
          reason = sameTarget ? 'next_key' : 'failover';
        } finally {
          attemptTimeout?.clear();
        }
      }
    } finally {
      clearTimeout(deadline);
    }
    if (requestAbort.aborted) throw requestAbort.reason as GatewayError;
    throw lastError ?? noAvailableTarget(exchange.requestedModel!, route.retryAfter);
  }
}

/** A conversation id for sticky routing: `x-session-id`, or metadata the client already sends. */
function sessionIdOf(request: IncomingMessage, body: Record<string, unknown>): string | undefined {
  const header = request.headers['x-session-id'];
  if (typeof header === 'string' && header) return header;
  const metadata = body.metadata as Record<string, unknown> | undefined;
  const fromMetadata = metadata?.session_id ?? metadata?.user_id;
  if (typeof fromMetadata === 'string' && fromMetadata) return fromMetadata;
  return typeof body.prompt_cache_key === 'string' ? body.prompt_cache_key : undefined;
}

function commitStream(response: ServerResponse, exchange: Exchange): void {
  setGatewayHeaders(response, exchange);
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // No flushHeaders(): commit happens right before the first event is written, which carries the headers.
}

function commitJson(response: ServerResponse, exchange: Exchange, contentType: string): void {
  setGatewayHeaders(response, exchange);
  response.writeHead(200, { 'content-type': contentType });
}

function noAvailableTarget(modelName: string, retryAfter: number | undefined): GatewayError {
  return new GatewayError({
    status: 503,
    kind: 'overloaded',
    code: 'no_available_target',
    message: `No target of "${modelName}" is available right now (circuit open); retry later.`,
    retryAfter,
  });
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
