/**
 * Fuzzing the four inbound decoders (protocols.md 1.1–1.3, 3) with bodies shaped like the
 * real schemas and with broken ones: a valid body decodes; anything else is a 400
 * GatewayError the protocol's codec renders as the error body its clients parse. Nothing
 * else is ever thrown and no body takes long.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src-gateway/lib/errors.ts';
import { inboundCodecs } from '../../src-gateway/protocols/registry.ts';
import type { InboundCodec } from '../../src-gateway/protocols/types.ts';
import { errorShapeProblems, type ClientProtocol } from './support/error-shapes.ts';
import { fuzzParameters, fuzzTimeoutMs } from './support/fuzz-parameters.ts';
import {
  anthropicBody,
  chatBody,
  geminiBody,
  hostileBody,
  responsesBody,
} from './support/request-arbitraries.ts';

const protocols: Array<{
  name: ClientProtocol;
  codec: InboundCodec;
  valid: fc.Arbitrary<Record<string, unknown>>;
}> = [
  { name: 'chat', codec: inboundCodecs.chat, valid: chatBody },
  { name: 'responses', codec: inboundCodecs.responses, valid: responsesBody },
  { name: 'anthropic', codec: inboundCodecs.anthropic, valid: anthropicBody },
  // Gemini names the model and streaming in the URL: the decoder leaves them for the pipeline.
  { name: 'gemini', codec: inboundCodecs.gemini, valid: geminiBody },
];

/** A decoder call that must finish quickly whatever the body: no backtracking regex, no deep recursion. */
function timed<T>(work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    expect(performance.now() - started).toBeLessThan(1000);
  }
}

describe.each(protocols)('the $name decoder', ({ name, codec, valid }) => {
  it(
    'decodes every valid body into a canonical request for the model asked',
    () => {
      fc.assert(
        fc.property(valid, (body) => {
          const request = timed(() => codec.decodeRequest(body));
          expect(request.model).toBe(name === 'gemini' ? '' : body.model);
          expect(request.stream).toBe(body.stream === true);
          expect(Array.isArray(request.system)).toBe(true);
          expect(Array.isArray(request.messages)).toBe(true);
          // What translators get must itself survive JSON (it is logged and re-encoded).
          expect(() => JSON.stringify(request)).not.toThrow();
        }),
        fuzzParameters(100),
      );
    },
    fuzzTimeoutMs,
  );

  it(
    'answers a broken body with a 400 in its own error shape, never anything else',
    () => {
      fc.assert(
        fc.property(hostileBody(valid), (body) => {
          let thrown: unknown;
          try {
            timed(() => codec.decodeRequest(body));
          } catch (error) {
            thrown = error;
          }
          if (thrown === undefined) return; // a mutation that kept the body valid
          expect(thrown).toBeInstanceOf(GatewayError);
          const error = thrown as GatewayError;
          expect(error.status).toBe(400);
          expect(error.message).not.toMatch(/\[object Object\]|TypeError|at .*\.ts:\d+/);
          const rendered = codec.encodeError(error, 'req_fuzz');
          expect(rendered.status).toBe(400);
          expect(errorShapeProblems(name, rendered.body)).toEqual([]);
          expect(() => JSON.stringify(rendered.body)).not.toThrow();
        }),
        fuzzParameters(150),
      );
    },
    fuzzTimeoutMs,
  );
});
