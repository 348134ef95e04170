import type { ServerResponse } from 'node:http';
import type { UpstreamAnswer } from '../upstream/call-upstream.ts';
import { mergeUsage, type StreamEvent } from '../canonical/types.ts';
import { GatewayError } from '../lib/errors.ts';
import { createSseParser, formatSse, type SseEvent } from '../lib/sse.ts';
import type { StreamEncoder } from '../protocols/types.ts';
import { mapTransportFailure } from '../upstream/map-upstream-failure.ts';
import { elapsedMs } from './exchange.ts';
import { inBandErrorFrames } from './in-band-error.ts';
import type { RelayInput } from './relay-input.ts';
import { scrubInstructionsInJsonText } from '../relay-isolation/scrub-instructions.ts';

/**
 * Relay an upstream stream to the client event by event, flushing each.
 * Nothing is written until the first event is ready, so a stream that fails
 * before it (an in-band error first, an empty body, a reset) is thrown as a
 * retryable failure and the next target can still serve the request. After the
 * first byte, failures end the stream with an in-band error in the client's
 * protocol, never a hang. `commit` writes the status line and headers; it is
 * called once, with the first bytes. Resolves with the upstream failure that
 * ended the stream after its first byte (for the router), or undefined when the
 * stream completed or the client hung up: a client's disconnect is not the
 * upstream's failure, and the caller logs it as such.
 */
export async function relayStream(relay: RelayInput, commit: () => void): Promise<GatewayError | undefined> {
  const { answer, exchange, inbound, upstream, prepared, response } = relay;
  const parser = createSseParser();
  const decoder = upstream.createStreamDecoder();
  const encoder: StreamEncoder | undefined = prepared.passthrough
    ? undefined
    : inbound.createStreamEncoder(relay.context);
  const withholdUsageOnly = prepared.injectedUsage && !exchange.clientWantsUsage;
  // Pass-through reads only what the log, limits and failover need from each event.
  const decode =
    prepared.passthrough && decoder.observe ? decoder.observe.bind(decoder) : decoder.push.bind(decoder);
  // Pass-through without edits forwards the upstream's own bytes whenever a chunk holds whole events.
  const forwardsBytes = prepared.passthrough && !prepared.instructionsEcho;
  // Responses pass-through numbers events itself (for a terminal failure event), so it sees every one.
  const skippable =
    forwardsBytes && prepared.upstreamProtocol !== 'openai-responses' && decoder.skippable
      ? decoder.skippable.bind(decoder)
      : undefined;
  let alignedBefore = true;
  const passthroughState = { responseId: undefined as string | undefined, nextSequence: 0 };
  let committed = false;
  let upstreamError: GatewayError | undefined;

  const track = (events: StreamEvent[]): void => {
    for (const event of events) {
      if (event.type === 'usage') mergeUsage(exchange.usage, event.usage);
      else if (event.type === 'start') {
        if (event.usage) mergeUsage(exchange.usage, event.usage);
        // Pass-through Responses streams need the upstream's id for a terminal `response.failed`.
        passthroughState.responseId ??= event.id;
      } else if (event.type === 'error' && upstreamError === undefined) {
        upstreamError = new GatewayError({
          status: event.status,
          kind: event.status === 429 ? 'rate_limit' : event.status === 529 ? 'overloaded' : 'upstream',
          code: event.code,
          message: event.message,
          retryable: event.status === 429 || event.status >= 500,
          provider: relay.providerName,
        });
      }
    }
  };

  /**
   * Pass-through: read what the event tells the gateway; false when it is withheld from the client
   * (the usage-only chunk the gateway asked for on a client's behalf).
   */
  const passes = (sse: SseEvent): boolean => {
    const events = decode(sse);
    track(events);
    if (withholdUsageOnly && events.length > 0 && events.every((event) => event.type === 'usage'))
      return false;
    if (prepared.upstreamProtocol === 'openai-responses') passthroughState.nextSequence++;
    return true;
  };

  /** A passed event as the client gets it when its bytes are not forwarded as they came. */
  const formatPassed = (sse: SseEvent): string => {
    // Relay isolation: `instructions` in any event (response.created, .completed ...) become the client's own.
    const data = prepared.instructionsEcho
      ? scrubInstructionsInJsonText(sse.data, prepared.instructionsEcho.replacement)
      : sse.data;
    return formatSse(data, sse.event);
  };

  /** One event in the client's protocol; '' when withheld. */
  const translate = (sse: SseEvent): string => {
    if (encoder) {
      const events = decode(sse);
      track(events);
      let out = '';
      for (const event of events) out += encoder.push(event);
      return out;
    }
    return passes(sse) ? formatPassed(sse) : '';
  };

  const framer = relay.framer;
  const write = (bytes: string | Buffer): void => {
    const text = framer && bytes.length > 0 ? framer.frame(bytes) : bytes;
    if (text.length === 0) return;
    if (!committed) {
      // An upstream whose first event is an error has not served anything yet: fail over.
      if (upstreamError) throw upstreamError;
      commit();
      committed = true;
      exchange.ttfbMs = elapsedMs(exchange);
    }
    response.write(text);
  };

  try {
    await pumpBody(answer.body, response, (chunk) => {
      // Once the client has the first event, a chunk of whole events the decoder says cannot matter
      // (no usage, error or end marker in its bytes) is forwarded without being parsed at all.
      if (
        committed &&
        alignedBefore &&
        skippable !== undefined &&
        endsWithBlankLine(chunk) &&
        skippable(chunk)
      ) {
        write(chunk);
        return;
      }
      const events = parser.push(chunk);
      // A chunk that ends with a line feed and leaves nothing half-parsed holds whole events only.
      const aligned = chunk[chunk.length - 1] === 10 && parser.idle();
      const wholeEvents = forwardsBytes && alignedBefore && aligned && events.length > 0;
      alignedBefore = aligned;
      if (wholeEvents) {
        // Forward the chunk's own bytes unless an event in it is withheld; only then is text built.
        const passed = events.map(passes);
        if (passed.every(Boolean)) {
          write(chunk);
        } else {
          let out = '';
          events.forEach((sse, index) => {
            if (passed[index]) out += formatPassed(sse);
          });
          write(out);
        }
        return;
      }
      let out = '';
      for (const sse of events) out += translate(sse);
      write(out);
    });
    let out = '';
    for (const sse of parser.end()) out += translate(sse);
    const tail = decoder.end();
    track(tail);
    if (encoder) {
      for (const event of tail) out += encoder.push(event);
      out += encoder.end();
    }
    if (!committed && out === '') {
      throw new GatewayError({
        status: 502,
        kind: 'upstream',
        code: 'empty_upstream_stream',
        message: `Provider "${relay.providerName}" closed the stream without sending anything`,
        retryable: true,
        provider: relay.providerName,
      });
    }
    write(out);
    if (upstreamError) {
      exchange.status = upstreamError.status;
      exchange.errorCode = upstreamError.code;
      exchange.errorMessage = upstreamError.message;
    }
    response.end(framer?.close());
    return upstreamError;
  } catch (error) {
    if (!committed) {
      answer.body.destroy();
      throw error instanceof GatewayError ? error : mapTransportFailure(error, relay.providerName);
    }
    answer.body.destroy();
    // The client hung up and its abort cut the upstream read: nothing failed upstream.
    if (exchange.clientClosed) return undefined;
    const failure = error instanceof GatewayError ? error : mapTransportFailure(error, relay.providerName);
    exchange.status = failure.status;
    exchange.errorCode = failure.code;
    exchange.errorMessage = failure.message;
    if (!response.destroyed) {
      const frames = encoder
        ? encoder.push({
            type: 'error',
            status: failure.status,
            code: failure.code,
            message: failure.message,
          }) + encoder.end()
        : inBandErrorFrames(inbound.protocol, failure, passthroughState);
      response.end(framer ? framer.frame(frames) + framer.close() : frames);
    }
    return failure;
  }
}

/** Whether a chunk ends with a blank line (`\n\n` or `\r\n\r\n`): the end of an event. */
function endsWithBlankLine(chunk: Buffer): boolean {
  const length = chunk.length;
  return length >= 2 && chunk[length - 1] === 10 && (chunk[length - 2] === 10 || chunk[length - 3] === 10);
}

/**
 * Feed a body's chunks to `onChunk` as they arrive, pausing the upstream
 * read while the client's socket is backed up. Resolves at the end; rejects on a body error or when
 * `onChunk` throws.
 */
function pumpBody(
  body: UpstreamAnswer['body'],
  response: ServerResponse,
  onChunk: (chunk: Buffer) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    body.consume({
      data(chunk) {
        if (failed) return;
        try {
          onChunk(chunk);
        } catch (error) {
          failed = true;
          reject(error);
          return;
        }
        if (response.writableNeedDrain) {
          body.pause();
          response.once('drain', () => body.resume());
        }
      },
      end: () => {
        if (!failed) resolve();
      },
      error: (error) => {
        if (!failed) reject(error);
      },
    });
  });
}
