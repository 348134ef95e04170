/**
 * Fuzzing the stream relay (`proxy/relay-stream.ts`: SSE parser, upstream decoder,
 * client encoder, pass-through byte forwarding) with random upstream streams:
 * - a valid stream in any family's grammar gives a client stream valid in the client's
 *   grammar, and the same one however the upstream bytes are cut (inside CRLF pairs and
 *   multi-byte UTF-8 characters too, empty chunks included);
 * - a truncated or garbage stream never crashes or hangs the relay: it fails before the
 *   first byte with a GatewayError the client's codec renders in its error shape, or the
 *   client's stream still obeys its grammar, ending with a terminal or error event.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src-gateway/lib/errors.ts';
import { inboundCodecs } from '../../src-gateway/protocols/registry.ts';
import type { UpstreamProtocol } from '../../src-gateway/protocols/types.ts';
import {
  parseSseText,
  validateAnthropicStream,
  validateChatStream,
  validateResponsesStream,
} from '../support/stream-validators.ts';
import { errorShapeProblems } from './support/error-shapes.ts';
import { fuzzParameters, fuzzTimeoutMs } from './support/fuzz-parameters.ts';
import {
  inboundProtocolOf,
  normalizeIds,
  relayUpstreamStream,
  type ClientName,
  type RelayOutcome,
} from './support/relay-upstream-stream.ts';
import {
  brokenStream,
  cutAt,
  cutOffsets,
  dress,
  renderStream,
  scenario,
  sseDressing,
} from './support/stream-arbitraries.ts';

const clients: ClientName[] = ['chat', 'responses', 'anthropic'];

function grammarProblems(client: ClientName, text: string, clientWantsUsage: boolean): string[] {
  if (client === 'chat')
    return validateChatStream(text, { expectUsage: clientWantsUsage, jsonArguments: false });
  if (client === 'responses') return validateResponsesStream(text);
  return validateAnthropicStream(text, { allowZeroInputTokens: true });
}

/** The relay must settle on its own: a stream whose bytes have all arrived never waits for more. */
async function settled(work: Promise<RelayOutcome>): Promise<RelayOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the relay did not settle within 2 s')), 2000);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Events as a client's SSE parser sees them (comments, CRLF and chunking make no difference). */
function events(text: string): Array<{ event?: string; data: string }> {
  return parseSseText(text).map((entry) => ({ event: entry.event, data: entry.data }));
}

describe.each(['openai-chat', 'openai-responses', 'anthropic', 'gemini'] as const)(
  'relaying a %s upstream stream',
  (upstream: UpstreamProtocol) => {
    it(
      'gives every client a valid stream, the same however the upstream bytes are cut',
      async () => {
        await fc.assert(
          fc.asyncProperty(
            scenario,
            fc.constantFrom(...clients),
            sseDressing,
            cutOffsets,
            fc.boolean(),
            fc.boolean(),
            async (value, client, dressing, offsets, clientWantsUsage, injectedUsage) => {
              const passthrough = inboundProtocolOf[client] === upstream;
              const upstreamUsage = clientWantsUsage || (passthrough && injectedUsage);
              const text = dress(renderStream(upstream, value, upstreamUsage), dressing);
              const bytes = Buffer.from(text, 'utf8');
              const relay = (chunks: Uint8Array[]) =>
                settled(relayUpstreamStream({ upstream, client, chunks, injectedUsage, clientWantsUsage }));

              const whole = await relay([bytes]);
              expect(whole.thrown).toBeUndefined();
              expect(whole.failure).toBeUndefined();
              expect(grammarProblems(client, whole.text, clientWantsUsage)).toEqual([]);
              const cut = await relay(cutAt(bytes, offsets));
              expect(cut.thrown).toBeUndefined();
              if (passthrough) {
                // Pass-through forwards the upstream's events (bytes or re-framed): the same events either way.
                expect(events(cut.text)).toEqual(events(whole.text));
                if (!(upstream === 'openai-chat' && injectedUsage && !clientWantsUsage))
                  expect(events(whole.text)).toEqual(events(text));
              } else {
                expect(normalizeIds(cut.text)).toBe(normalizeIds(whole.text));
              }
            },
          ),
          fuzzParameters(25),
        );
      },
      fuzzTimeoutMs,
    );

    it(
      'survives truncated and garbage streams: a protocol-shaped error or a grammatical stream, never a crash',
      async () => {
        await fc.assert(
          fc.asyncProperty(
            brokenStream(upstream),
            fc.constantFrom(...clients),
            cutOffsets,
            async (bytes, client, offsets) => {
              const outcome = await settled(
                relayUpstreamStream({
                  upstream,
                  client,
                  chunks: cutAt(bytes, offsets),
                  clientWantsUsage: true,
                }),
              );
              if (outcome.thrown !== undefined) {
                // Nothing was written yet: the pipeline fails over or answers this error as JSON.
                expect(outcome.text).toBe('');
                expect(outcome.thrown).toBeInstanceOf(GatewayError);
                const error = outcome.thrown as GatewayError;
                expect(Number.isInteger(error.status) && error.status >= 400 && error.status <= 599).toBe(
                  true,
                );
                const rendered = inboundCodecs[client].encodeError(error, 'req_fuzz');
                expect(
                  Number.isInteger(rendered.status) && rendered.status >= 400 && rendered.status <= 599,
                ).toBe(true);
                expect(errorShapeProblems(client, rendered.body)).toEqual([]);
                return;
              }
              if (outcome.failure) {
                expect(Number.isInteger(outcome.failure.status)).toBe(true);
                expect(typeof outcome.failure.message).toBe('string');
              }
              // Translated streams obey the client's grammar whatever the upstream sent; a pass-through
              // stream is the upstream's own bytes (plus the gateway's error frame when it failed).
              // Tool arguments are the upstream's own text: a stream cut inside them is relayed as it came (a
              // chat upstream without `[DONE]` cannot be told from a finished one, protocols.md 2.4).
              if (inboundProtocolOf[client] !== upstream)
                expect(
                  grammarProblems(client, outcome.text, true).filter(
                    (problem) => !/parse to a JSON object/.test(problem),
                  ),
                ).toEqual([]);
            },
          ),
          fuzzParameters(40),
        );
      },
      fuzzTimeoutMs,
    );
  },
);
