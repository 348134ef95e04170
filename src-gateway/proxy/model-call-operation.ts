import type { IncomingMessage, ServerResponse } from 'node:http';
import { estimateCost } from '../pricing/estimate-cost.ts';
import type { EncodeContext, InboundCodec, UpstreamCodec, UpstreamProtocol } from '../protocols/types.ts';
import type { PromptRuleEngine } from '../prompts/types.ts';
import { resolveModel } from '../routing/resolve-model.ts';
import { estimateRequestTokens } from '../canonical/estimate-tokens.ts';
import type { Exchange } from './exchange.ts';
import { pickUpstreamProtocol, prepareUpstreamRequest } from './prepare-upstream-request.ts';
import { jsonBodyBytes, rawJsonBody } from './read-json-body.ts';
import { relayJson } from './relay-json.ts';
import { relayStream } from './relay-stream.ts';
import { createJsonArrayFramer } from './json-array-framer.ts';
import { setGatewayHeaders } from './respond.ts';
import type { UpstreamOperation } from './v1-operation.ts';

/**
 * A model call in one inbound protocol (chat, Responses, Messages, Gemini): the client's
 * body is checked in its own protocol, prompt rules applied, and the answer sent
 * through unchanged (same protocol) or translated, streamed or not.
 */
export function createModelCallOperation(
  deps: {
    upstreamCodecs: Record<UpstreamProtocol, UpstreamCodec>;
    promptRules: PromptRuleEngine;
  },
  inbound: InboundCodec,
): UpstreamOperation {
  return {
    kind: 'upstream',
    logAs: inbound.protocol,
    errorCodec: () => inbound,
    acceptsQueryKey: inbound.protocol === 'gemini',
    accept(exchange, body, snapshot, request) {
      exchange.body = body;
      exchange.rawBody = rawJsonBody(body);
      exchange.bodyBytes = jsonBodyBytes(body);
      // Gemini names the model and streaming in the URL; the other protocols in the body.
      const target = inbound.readTarget?.(request.url ?? '');
      exchange.stream = target ? target.stream : body.stream === true;
      if (target?.jsonArray) exchange.jsonArrayStream = true;
      exchange.clientWantsUsage =
        (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
      // No model named: the key's default model (resolveModel answers 400 when there is none).
      const asked = target ? target.model : typeof body.model === 'string' ? body.model : undefined;
      exchange.requestedModel = asked;
      const resolution = resolveModel(snapshot, exchange.key!, asked);
      exchange.requestedModel = resolution.requestedName;
      if (!target && body.model !== resolution.requestedName)
        exchange.body = { ...body, model: resolution.requestedName };
      exchange.virtualModel = resolution.virtualModel;
      if (resolution.virtualModel) {
        const before = exchange.body;
        exchange.body = deps.promptRules.apply(
          resolution.virtualModel,
          inbound.protocol,
          exchange.body,
          exchange.startedAt,
          exchange.bodyBytes,
        );
        // Rules changed more than `model`: the bytes are no longer the body's.
        if (exchange.body !== before) exchange.rawBody = undefined;
      }
      // Validate the client's body in its own protocol before anything goes upstream.
      exchange.canonical = inbound.decodeRequest(exchange.body);
      if (target) {
        exchange.canonical.model = resolution.requestedName;
        exchange.canonical.stream = target.stream;
      }
      exchange.estimatedTokens = estimateRequestTokens(exchange.canonical);
      return resolution;
    },
    estimate(exchange, first) {
      const estimatedTokens = exchange.estimatedTokens!;
      const maxTokens = exchange.canonical!.maxTokens ?? 0;
      return {
        tokens: estimatedTokens + maxTokens,
        costUsd: estimateCost(first, estimatedTokens, maxTokens),
      };
    },
    sessionId: sessionIdOf,
    upstreamCodec: (provider) => deps.upstreamCodecs[pickUpstreamProtocol(provider)],
    prepare(exchange, model, upstream, request) {
      return prepareUpstreamRequest({
        inbound,
        upstream,
        model,
        body: exchange.body!,
        rawBody: exchange.rawBody,
        bodyBytes: exchange.bodyBytes,
        clientHeaders: request.headers,
        stream: exchange.stream,
        decode: () => exchange.canonical!,
      });
    },
    relay(answer, exchange, upstream, prepared, response) {
      const context: EncodeContext = {
        requestId: exchange.requestId,
        model: exchange.requestedModel!,
        created: Math.floor(exchange.startedAt / 1000),
        includeUsage: exchange.clientWantsUsage,
        clientBody: exchange.body,
        // Anthropic clients need real input tokens in `message_start` before the upstream reports usage.
        estimatedInputTokens: exchange.estimatedTokens,
      };
      const relay = {
        answer,
        exchange,
        inbound,
        upstream,
        prepared,
        response,
        context,
        providerName: exchange.model!.provider.name,
      };
      if (exchange.stream && exchange.jsonArrayStream) {
        const framed = { ...relay, framer: createJsonArrayFramer() };
        return relayStream(framed, () => commitJson(response, exchange, 'application/json; charset=utf-8'));
      }
      if (exchange.stream) return relayStream(relay, () => commitStream(response, exchange));
      return relayJson(relay, (contentType) => commitJson(response, exchange, contentType));
    },
  };
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
