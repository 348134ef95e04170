import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayError } from '../lib/errors.ts';
import type { RequestLogRecord } from '../storage/request-log-record.ts';
import type { InboundCodec, UpstreamCodec } from '../protocols/types.ts';
import type { UsageEstimate } from '../admission/types.ts';
import type { ModelResolution } from '../routing/resolve-model.ts';
import type { ConfigSnapshot, ModelRuntime, ProviderRuntime } from '../config-snapshot/snapshot.ts';
import type { UpstreamAnswer } from '../upstream/call-upstream.ts';
import type { Exchange } from './exchange.ts';
import type { PreparedRequest } from './prepare-upstream-request.ts';

/** What a `/v1` request is recorded as in the request log (`inbound_protocol`). */
export type LoggedOperation = RequestLogRecord['inboundProtocol'];

interface OperationBase {
  /** The request log's `inbound_protocol` for this operation. */
  readonly logAs: LoggedOperation;
  /** The protocol its errors are answered in (the client's SDK must recognise them). */
  errorCodec(request: IncomingMessage): InboundCodec;
  /**
   * Whether the key may come as `?key=` in the URL: Google's own convention, so
   * Gemini operations only. The query is never logged (lib/logger scrubs it).
   */
  readonly acceptsQueryKey?: boolean;
}

/**
 * An operation the gateway answers from memory (`count_tokens`, `/v1/models`):
 * authenticated and logged like a model call, never admitted (it costs nothing
 * upstream, so it does not count against the key's rpm, tpm, concurrency or budget)
 * and never routed.
 */
export interface LocalOperation extends OperationBase {
  readonly kind: 'local';
  /** Whether the request has a JSON body to read (with the gateway's size and depth limits). */
  readonly readsBody: boolean;
  /** Answer the request (`sendLocalAnswer`) or throw a GatewayError; `exchange.status` records the answer. */
  answer(
    exchange: Exchange,
    body: Record<string, unknown> | undefined,
    request: IncomingMessage,
    response: ServerResponse,
    snapshot: ConfigSnapshot,
  ): void;
}

/**
 * An operation served by an upstream (model calls, embeddings): after authentication
 * the pipeline reads the body, lets the operation resolve and check it, admits it
 * against the key's limits, routes it, tries the targets (total deadline, failover,
 * the next key on a rate-limited or rejected one) and logs it. The operation says
 * only what differs: how the request is read, what goes upstream, how the answer is relayed.
 */
export interface UpstreamOperation extends OperationBase {
  readonly kind: 'upstream';
  /**
   * Check the client's body and resolve its model: sets `exchange.body`, `requestedModel`,
   * `virtualModel`, `estimatedTokens` (and whatever `estimate` and `relay` read later).
   * The resolution's candidates are the targets this operation can use.
   */
  accept(
    exchange: Exchange,
    body: Record<string, unknown>,
    snapshot: ConfigSnapshot,
    request: IncomingMessage,
  ): ModelResolution;
  /** What the request is expected to use, reserved by admission; `first` is the preferred target. */
  estimate(exchange: Exchange, first: ModelRuntime): UsageEstimate;
  /** The conversation id for sticky routing, when the operation has one. */
  sessionId(request: IncomingMessage, body: Record<string, unknown>): string | undefined;
  /** The wire format the provider is spoken to in. */
  upstreamCodec(provider: ProviderRuntime): UpstreamCodec;
  /** What goes upstream for one attempt at `model`. */
  prepare(
    exchange: Exchange,
    model: ModelRuntime,
    upstream: UpstreamCodec,
    request: IncomingMessage,
  ): PreparedRequest;
  /**
   * Relay a 2xx answer to the client (committing the headers only once something can be sent,
   * so a failure before that is still failed over). Resolves with an upstream failure that
   * ended the answer after its first byte (streams), for the router.
   */
  relay(
    answer: UpstreamAnswer,
    exchange: Exchange,
    upstream: UpstreamCodec,
    prepared: PreparedRequest,
    response: ServerResponse,
  ): Promise<GatewayError | undefined>;
}

/** One `/v1` operation, as the pipeline (`createV1Handler`) runs it. */
export type V1Operation = LocalOperation | UpstreamOperation;
