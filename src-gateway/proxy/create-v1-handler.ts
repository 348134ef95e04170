import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { GatewayError, toGatewayError } from '../lib/errors.ts';
import type { UpstreamCodec, UpstreamProtocol } from '../protocols/types.ts';
import type { ConfigSnapshot, DispatcherPool } from '../config-snapshot/snapshot.ts';
import type { RequestLogRecord } from '../storage/request-log-record.ts';
import { authenticateKey } from '../virtual-keys/authenticate-key.ts';
import { computeCost } from '../pricing/compute-cost.ts';
import type { RoutePlan, TargetRouter } from '../routing/types.ts';
import type { Admission, AdmissionTicket } from '../admission/types.ts';
import type { PromptRuleEngine } from '../prompts/types.ts';
import { callUpstream } from '../upstream/call-upstream.ts';
import { providerTimeout, timeoutError } from './abort-after.ts';
import type { AbortHandle } from '../lib/abort-handle.ts';
import { elapsedMs, toLogRecord, type Exchange } from './exchange.ts';
import { readJsonBody } from './read-json-body.ts';
import { sendError, setGatewayHeaders } from './respond.ts';
import { startExchange } from './start-exchange.ts';
import type { UpstreamOperation, V1Operation } from './v1-operation.ts';

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
 * The pipeline every `/v1` operation goes through (the hot path for model calls):
 * authenticate from memory, let the operation read and resolve the request,
 * admit it against the key's limits, route it, try candidates in order (failing
 * over on retryable errors before the first byte, within one total deadline),
 * relay the answer, and queue one log record (and so the usage) whatever happened.
 * Operations answered from memory stop after reading the request and are logged
 * the same way. Never touches SQLite.
 */
export function createV1Handler(deps: ProxyDeps, operation: V1Operation) {
  return async function handleV1Request(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { exchange, requestAbort } = startExchange(request, response, operation.logAs, deps.clock.now());
    const requestId = exchange.requestId;
    let snapshot: ConfigSnapshot | undefined;
    let ticket: AdmissionTicket | undefined;
    let route: RoutePlan | undefined;
    try {
      snapshot = deps.getSnapshot();
      exchange.key = authenticateKey(
        snapshot,
        request.headers,
        exchange.startedAt,
        exchange.clientIp,
        operation.acceptsQueryKey ? queryKeyOf(request.url) : undefined,
      );
      if (operation.kind === 'local') {
        // Answered from memory: not admitted (see LocalOperation), not routed.
        const body = operation.readsBody ? await readJsonBody(request, deps.bodyLimitBytes) : undefined;
        exchange.body = body;
        operation.answer(exchange, body, request, response, snapshot);
        return;
      }
      const body = await readJsonBody(request, deps.bodyLimitBytes);
      const resolution = operation.accept(exchange, body, snapshot, request);
      const first = resolution.candidates[0]!;
      ticket = deps.admission.admit(exchange.key, operation.estimate(exchange, first));
      for (const [name, value] of Object.entries(ticket.headers)) response.setHeader(name, value);
      const sessionId = operation.sessionId(request, exchange.body!);
      route = deps.router.route(resolution, { sessionId, estimatedTokens: exchange.estimatedTokens ?? 0 });
      await forward(operation, exchange, route, snapshot, request, response, requestAbort, sessionId);
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
          sendError(response, operation.errorCodec(request), failure, requestId);
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
    operation: UpstreamOperation,
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
        const upstream = operation.upstreamCodec(provider);
        // Aborting with a GatewayError makes undici throw it: a retryable failure before the first byte, in-band after.
        // A provider limit shorter than the deadline gets its own linked handle and timer; otherwise the
        // request's handle is enough.
        const attemptTimeout =
          provider.timeouts.totalMs < deadlineMs ? providerTimeout(provider, requestAbort) : undefined;
        const signal = attemptTimeout?.signal ?? requestAbort;
        let apiKey: string | undefined;
        try {
          const prepared = operation.prepare(exchange, model, upstream, request);
          apiKey = deps.router.pickKey(model);
          const dispatcher = await deps.dispatchers.get(provider);
          const pendingAnswer = callUpstream({
            provider,
            apiKey,
            codec: upstream,
            path: prepared.path,
            body: prepared.body,
            headers: prepared.headers,
            dispatcher,
            signal,
          });
          deps.onUpstreamWait?.();
          const answer = await pendingAnswer;
          exchange.attempts.push({
            modelId: model.id,
            providerId: provider.id,
            outcome: 'success',
            status: answer.status,
            latencyMs: round(elapsedMs(exchange) - attemptStarted),
            reason,
          });
          exchange.status = answer.status;
          // A stream that failed after its first byte ends in-band; the router still hears of it.
          const streamFailure = await operation.relay(answer, exchange, upstream, prepared, response);
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

function noAvailableTarget(modelName: string, retryAfter: number | undefined): GatewayError {
  return new GatewayError({
    status: 503,
    kind: 'overloaded',
    code: 'no_available_target',
    message: `No target of "${modelName}" is available right now (circuit open); retry later.`,
    retryAfter,
  });
}

/** The `key` query parameter (Gemini clients' `?key=`), when the URL has one. */
function queryKeyOf(url: string | undefined): string | undefined {
  const query = url?.indexOf('?') ?? -1;
  if (query === -1) return undefined;
  return new URLSearchParams(url!.slice(query + 1)).get('key') ?? undefined;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
