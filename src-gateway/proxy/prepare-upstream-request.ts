import type { IncomingHttpHeaders } from 'node:http';
import type { CanonicalRequest } from '../canonical/types.ts';
import type { InboundCodec, InboundProtocol, UpstreamCodec, UpstreamProtocol } from '../protocols/types.ts';
import type { ModelRuntime, ProviderRuntime } from '../config-snapshot/snapshot.ts';
import { clientBodyBeforeRules } from '../prompts/create-prompt-rule-engine.ts';
import { applyRelayIsolation } from '../relay-isolation/isolate-relay-prompt.ts';
import { anthropicFamily, openAiFamily } from '../upstream-families/index.ts';
import { prepareGeminiPassthrough } from '../protocols/gemini/prepare-gemini-passthrough.ts';
import { nameUnsupportedTarget } from '../protocols/unsupported-content.ts';
import { isOpenAiPlatform } from './is-open-ai-platform.ts';
import { replaceTopLevelModel } from './replace-top-level-model.ts';
import { serializeJsonBody } from './serialize-json-body.ts';
import type { RawJsonBody } from '../lib/chunked-json-parser.ts';

/** The upstream wire format a provider is spoken to in, whatever protocol the client speaks. */
export function pickUpstreamProtocol(provider: ProviderRuntime): UpstreamProtocol {
  switch (provider.protocol) {
    case 'anthropic':
      return 'anthropic';
    case 'gemini':
      return 'gemini';
    default:
      // Every client, whatever it speaks: Responses carries reasoning and its encrypted
      // state, which `/chat/completions` drops (docs/admin-api.md, `responsesApi`).
      return provider.responsesApi ? 'openai-responses' : 'openai-chat';
  }
}

export interface PreparedRequest {
  upstreamProtocol: UpstreamProtocol;
  /** Same protocol in and out: the client's body with surgical edits, no translation. */
  passthrough: boolean;
  path: string;
  /**
   * Serialized JSON, or, for a large body, its bytes in pieces that are never joined: the client's
   * own with `model` edited (a pass-through), or a serialization in pieces (serialize-json-body.ts).
   */
  body: string | Buffer[];
  headers: Record<string, string>;
  /** Pass-through chat streams: the gateway added `include_usage` the client did not ask for. */
  injectedUsage: boolean;
  /** Relay isolation: replace every `instructions` in the answer with this value (what the client sent). */
  instructionsEcho?: { replacement: unknown };
}

const passthroughPaths: Record<Exclude<InboundProtocol, 'gemini'>, string> = {
  'openai-chat': openAiFamily.paths.chat,
  'openai-responses': openAiFamily.paths.responses,
  anthropic: anthropicFamily.paths.messages,
};

/** `anthropic-beta` flags the client sent, filtered by the upstream's allow-list when it has one. */
function anthropicHeaders(
  provider: ProviderRuntime,
  clientHeaders: IncomingHttpHeaders,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const version = clientHeaders['anthropic-version'];
  if (typeof version === 'string' && version) headers['anthropic-version'] = version;
  const beta = clientHeaders['anthropic-beta'];
  if (typeof beta === 'string' && beta) {
    const allow = provider.quirks.anthropicBetaAllowlist;
    const flags = beta
      .split(',')
      .map((flag) => flag.trim())
      .filter((flag) => flag && (!allow || allow.includes(flag)));
    if (flags.length > 0) headers['anthropic-beta'] = flags.join(',');
  }
  return headers;
}

/**
 * Build what goes upstream for one attempt. Same protocol: copy the client's
 * body, change only `model` (and ask chat upstreams for streaming usage; Gemini
 * names the model in the path instead, prepare-gemini-passthrough.ts), so
 * fields the gateway does not know survive. Different protocol: decode once to
 * the canonical form and encode for the upstream.
 */
export function prepareUpstreamRequest(options: {
  inbound: InboundCodec;
  upstream: UpstreamCodec;
  model: ModelRuntime;
  body: Record<string, unknown>;
  /** The bytes `body` was parsed from, when it differs from them at most in `model`. */
  rawBody?: RawJsonBody;
  /** The size of the client's body in bytes (large ones are serialized in pieces). */
  bodyBytes: number;
  clientHeaders: IncomingHttpHeaders;
  stream: boolean;
  decode: () => CanonicalRequest;
}): PreparedRequest {
  const { model, body, inbound, upstream, stream } = options;
  const provider = model.provider;
  const upstreamProtocol = upstream.protocol;
  const headers = upstreamProtocol === 'anthropic' ? anthropicHeaders(provider, options.clientHeaders) : {};
  // Relay isolation (off unless the provider enables it): prompt channels, identity headers, echo scrubbing.
  const isolate = (upstreamBody: Record<string, unknown>) =>
    applyRelayIsolation({
      provider,
      inbound: inbound.protocol,
      upstream: upstreamProtocol,
      body: upstreamBody,
      clientHeaders: options.clientHeaders,
      clientInstructions: clientBodyBeforeRules(body).instructions,
    });

  if (inbound.protocol === 'gemini' && upstreamProtocol === 'gemini') {
    // The model is in the path, not the body: nothing in the body names it.
    const passthrough = prepareGeminiPassthrough(
      body,
      { upstreamModel: model.upstreamModel, quirks: provider.quirks },
      stream,
    );
    const relay = isolate(passthrough.body);
    return {
      upstreamProtocol,
      passthrough: true,
      path: passthrough.path,
      body: serializeJsonBody(relay.body, options.bodyBytes),
      headers: { ...headers, ...relay.headers },
      injectedUsage: false,
      instructionsEcho: relay.instructionsEcho,
    };
  }

  if (upstreamProtocol === inbound.protocol) {
    // Reasoning envelopes of an earlier turn on another family: restored or dropped.
    const restored = inbound.restoreReasoning?.(body) ?? body;
    const edited: Record<string, unknown> = { ...restored, model: model.upstreamModel };
    let injectedUsage = false;
    if (upstreamProtocol === 'openai-chat' && stream && !provider.quirks.noStreamOptions) {
      const streamOptions = (body.stream_options ?? {}) as Record<string, unknown>;
      if (streamOptions.include_usage !== true) injectedUsage = true;
      edited.stream_options = { ...streamOptions, include_usage: true };
    }
    if (upstreamProtocol === 'openai-chat' && stream && provider.quirks.noStreamOptions)
      delete edited.stream_options;
    const relay = isolate(edited);
    // Only `model` changes (no reasoning restored, no stream_options edit, no isolation rewrite):
    // edit those bytes alone.
    const onlyModel =
      restored === body && relay.body === edited && !(upstreamProtocol === 'openai-chat' && stream);
    const bytes =
      onlyModel && options.rawBody ? replaceTopLevelModel(options.rawBody, model.upstreamModel) : undefined;
    return {
      upstreamProtocol,
      passthrough: true,
      path: passthroughPaths[inbound.protocol as keyof typeof passthroughPaths],
      body: bytes ?? serializeJsonBody(relay.body, options.bodyBytes),
      headers: { ...headers, ...relay.headers },
      injectedUsage,
      instructionsEcho: relay.instructionsEcho,
    };
  }

  const canonical = options.decode();
  let encoded: ReturnType<UpstreamCodec['encodeRequest']>;
  try {
    encoded = upstream.encodeRequest(canonical, {
      upstreamModel: model.upstreamModel,
      quirks: provider.quirks,
      openAiPlatform: isOpenAiPlatform(provider),
    });
  } catch (error) {
    // A part or tool this target cannot take: the client's 400 names the target.
    throw nameUnsupportedTarget(error, `${provider.name}/${model.upstreamModel}`);
  }
  const relay = isolate(encoded.body as Record<string, unknown>);
  return {
    upstreamProtocol,
    passthrough: false,
    path: encoded.path,
    body: serializeJsonBody(relay.body, options.bodyBytes),
    headers: { ...headers, ...encoded.headers, ...relay.headers },
    injectedUsage: false,
  };
}
