import type { CanonicalRequest, CanonicalResponse, StreamEvent, Usage } from '../canonical/types.ts';
import type { GatewayError } from '../lib/errors.ts';
import type { SseEvent } from '../lib/sse.ts';

/** The four wire formats clients speak to the gateway. */
export type InboundProtocol = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini';

/** The wire formats the gateway speaks to upstreams. */
export type UpstreamProtocol = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini';

/** What an inbound encoder needs to know about the exchange it is answering. */
export interface EncodeContext {
  /** Gateway request id; encoders derive response ids from it when the upstream gave none. */
  requestId: string;
  /** The model name the client asked for (what it sees echoed back). */
  model: string;
  /** Unix seconds. */
  created: number;
  /** Chat only: the client asked for `stream_options.include_usage`. */
  includeUsage?: boolean;
  /** The client's original request body (Responses echoes fields of it in the response object). */
  clientBody?: Record<string, unknown>;
  /** Anthropic only: estimated input tokens for `message_start` when the upstream reports usage late. */
  estimatedInputTokens?: number;
}

/** Turns canonical stream events into this protocol's SSE bytes, obeying its grammar. */
export interface StreamEncoder {
  /** Encode one event; returns the SSE text to write (possibly empty). */
  push(event: StreamEvent): string;
  /** The stream ended (normally or not): close open blocks, emit the terminal events. */
  end(): string;
}

/** A protocol as the gateway receives it from clients. */
export interface InboundCodec {
  readonly protocol: InboundProtocol;
  /** Parse and validate a client body; throws GatewayError (400) with a clear message. */
  decodeRequest(body: unknown): CanonicalRequest;
  encodeResponse(response: CanonicalResponse, context: EncodeContext): unknown;
  createStreamEncoder(context: EncodeContext): StreamEncoder;
  /**
   * Protocols that name the model and streaming in the URL rather than the body
   * (Gemini: `/v1beta/models/{model}:streamGenerateContent`). Undefined when the
   * URL names none; the body's `model` and `stream` are read otherwise.
   * `jsonArray`: a stream the client reads as one JSON array, not SSE.
   */
  readTarget?(url: string): { model: string; stream: boolean; jsonArray?: boolean } | undefined;
  /**
   * Same protocol in and out: take the gateway's reasoning envelopes
   * (reasoning-envelope.ts) an earlier turn on another family left in the
   * client's body out of it, putting this family's own state back as it was
   * and dropping another's. The body itself when there are none.
   */
  restoreReasoning?(body: Record<string, unknown>): Record<string, unknown>;
  /** An error before the first byte: status, JSON body, extra headers. */
  encodeError(
    error: GatewayError,
    requestId: string,
  ): { status: number; body: unknown; headers?: Record<string, string> };
}

/** Facts about the upstream target that shape the outgoing request. */
export interface UpstreamTarget {
  /** The model id the upstream expects. */
  upstreamModel: string;
  /** Provider preset or family quirks (e.g. `mistral` tool-id rule, `deepseek` reasoning round trip). */
  quirks?: ProviderQuirks;
  /**
   * OpenAI's own API (the `openai` or `azure-openai` preset, or an api.openai.com /
   * *.openai.azure.com base URL): it takes OpenAI-only parameters (`prompt_cache_key`,
   * `service_tier`) that other OpenAI-compatible vendors may reject.
   */
  openAiPlatform?: boolean;
}

export interface ProviderQuirks {
  /** Vendor rejects `stream_options` (some Groq builds, Ollama Cloud). Default: send it. */
  noStreamOptions?: boolean;
  /** Tool-call ids must be exactly 9 alphanumerics (Mistral). */
  toolIdNineAlnum?: boolean;
  /** Send `reasoning_content` back on assistant turns (DeepSeek thinking mode). */
  reasoningContentRoundTrip?: boolean;
  /** Use `developer` instead of `system` for leading system text (o-series / gpt-5). */
  developerRole?: boolean;
  /** `anthropic-beta` flags this upstream accepts; others are stripped. Undefined: pass all. */
  anthropicBetaAllowlist?: string[];
  /** Gemini API version path segment. Default `v1beta`. */
  geminiApiVersion?: string;
}

export interface UpstreamRequest {
  /** Path appended to the provider's base URL, e.g. `/chat/completions`. */
  path: string;
  body: unknown;
  headers?: Record<string, string>;
}

/** Turns an upstream's SSE events into canonical stream events. */
export interface StreamDecoder {
  push(event: SseEvent): StreamEvent[];
  /**
   * Pass-through relays forward the upstream's events untouched and only need
   * the `start`, `usage` and `error` events (for the log, limits and failover).
   * A decoder may answer those more cheaply here, skipping the events that
   * carry none of them; without it, `push` is used.
   */
  observe?(event: SseEvent): StreamEvent[];
  /**
   * Pass-through, after the first event: whether a chunk of whole events
   * certainly holds nothing `observe` would report (no usage, error or end of
   * stream), judged from its bytes, so the relay may forward it unparsed.
   * False when unsure.
   */
  skippable?(chunk: Uint8Array): boolean;
  /** The upstream closed; emit whatever a well-formed ending still needs (e.g. a finish). */
  end(): StreamEvent[];
}

/** A protocol as the gateway speaks it to an upstream. */
export interface UpstreamCodec {
  readonly protocol: UpstreamProtocol;
  encodeRequest(request: CanonicalRequest, target: UpstreamTarget): UpstreamRequest;
  /** Parse an upstream's non-stream JSON answer; throws GatewayError (502) when it is not one. */
  decodeResponse(body: unknown): CanonicalResponse;
  /**
   * The usage a non-stream answer reports, read without validating the rest:
   * pass-through relays the upstream's bytes unchanged and needs nothing else.
   */
  decodeUsage(body: unknown): Partial<Usage> | undefined;
  createStreamDecoder(): StreamDecoder;
  /** Extract a human-readable message (and vendor code) from an upstream error body. */
  parseError(status: number, bodyText: string): { message: string; code?: string; type?: string };
}
