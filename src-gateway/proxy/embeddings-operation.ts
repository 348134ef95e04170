import { GatewayError } from '../lib/errors.ts';
import { estimateCost } from '../pricing/estimate-cost.ts';
import type { InboundCodec, UpstreamCodec, UpstreamProtocol } from '../protocols/types.ts';
import { resolveModel } from '../routing/resolve-model.ts';
import { readJsonAnswer } from '../upstream/call-upstream.ts';
import { openAiFamily } from '../upstream-families/index.ts';
import { elapsedMs } from './exchange.ts';
import { setGatewayHeaders } from './respond.ts';
import type { UpstreamOperation } from './v1-operation.ts';

const answerLimit = 256 * 1024 * 1024;
/** Embeddings calls add no headers of their own (the provider's are added by callUpstream). */
const noHeaders: Record<string, string> = {};

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
 * goes upstream unchanged except `model`; the answer comes back byte for byte,
 * and its `usage.prompt_tokens` is what the log, the key's tpm and its budget count.
 * Other protocols have no embeddings endpoint the gateway can speak: only the
 * model's OpenAI-protocol targets are routed to, and a model with none is a 400.
 * Errors are in OpenAI's shape (`chat` encodes them).
 */
export function createEmbeddingsOperation(
  deps: { upstreamCodecs: Record<UpstreamProtocol, UpstreamCodec> },
  chat: InboundCodec,
): UpstreamOperation {
  const upstream = deps.upstreamCodecs['openai-chat'];
  return {
    kind: 'upstream',
    logAs: 'embeddings',
    errorCodec: () => chat,
    accept(exchange, body, snapshot) {
      exchange.body = body;
      exchange.requestedModel = typeof body.model === 'string' ? body.model : undefined;
      const resolution = resolveModel(snapshot, exchange.key!, exchange.requestedModel);
      exchange.requestedModel = resolution.requestedName;
      exchange.virtualModel = resolution.virtualModel;
      const candidates = resolution.candidates.filter((model) => model.provider.protocol === 'openai');
      if (candidates.length === 0) {
        throw new GatewayError({
          status: 400,
          kind: 'invalid_request',
          code: 'embeddings_not_supported',
          message: `The model "${resolution.requestedName}" has no OpenAI-compatible target; embeddings are relayed only to OpenAI-protocol providers.`,
          param: 'model',
        });
      }
      exchange.estimatedTokens = estimateInputTokens(body.input);
      return {
        requestedName: resolution.requestedName,
        aliasTarget: resolution.aliasTarget,
        virtualModel: resolution.virtualModel,
        candidates,
      };
    },
    estimate(exchange, first) {
      const tokens = exchange.estimatedTokens!;
      return { tokens, costUsd: estimateCost(first, tokens) };
    },
    // Sticky sessions keep a conversation on one target; an embeddings call is not part of one.
    sessionId: () => undefined,
    upstreamCodec: () => upstream,
    prepare(exchange, model) {
      return {
        upstreamProtocol: 'openai-chat',
        passthrough: true,
        path: openAiFamily.paths.embeddings,
        body: JSON.stringify({ ...exchange.body, model: model.upstreamModel }),
        headers: noHeaders,
        injectedUsage: false,
      };
    },
    async relay(answer, exchange, _upstream, _prepared, response) {
      // Read whole before anything is sent: a failure while reading is still failed over.
      const { raw, json } = await readJsonAnswer(answer.body, exchange.model!.provider.name, answerLimit);
      const usage = (json as { usage?: { prompt_tokens?: unknown } } | null)?.usage;
      if (typeof usage?.prompt_tokens === 'number') exchange.usage.inputTokens = usage.prompt_tokens;
      if (exchange.key?.logBodies) exchange.responseBody = raw.toString('utf8');
      setGatewayHeaders(response, exchange);
      response.writeHead(200, { 'content-type': 'application/json' });
      exchange.ttfbMs = elapsedMs(exchange);
      response.end(raw);
      return undefined;
    },
  };
}
