import type { InboundCodec, UpstreamCodec } from '../types.ts';
import { decodeGeminiRequest } from './decode-gemini-request.ts';
import { decodeGeminiResponse } from './decode-gemini-response.ts';
import { encodeGeminiError } from './encode-gemini-error.ts';
import { encodeGeminiRequest } from './encode-gemini-request.ts';
import { encodeGeminiResponse } from './encode-gemini-response.ts';
import { geminiUsageMetadataSchema } from './gemini-response-schema.ts';
import { createGeminiStreamDecoder } from './gemini-stream-decoder.ts';
import { createGeminiStreamEncoder } from './gemini-stream-encoder.ts';
import { mapGeminiUsage } from './map-gemini-usage.ts';
import { parseGeminiError } from './parse-gemini-error.ts';
import { parseGeminiPath } from './parse-gemini-path.ts';

/**
 * Gemini `generateContent` as clients (`@google/genai`, Gemini CLI) speak it to the
 * gateway: `POST /{v1beta|v1}/models/{model}:generateContent` and
 * `:streamGenerateContent?alt=sse`. The model and streaming are in the path.
 */
export const geminiInbound: InboundCodec = {
  protocol: 'gemini',
  decodeRequest: decodeGeminiRequest,
  encodeResponse: encodeGeminiResponse,
  createStreamEncoder: createGeminiStreamEncoder,
  encodeError: encodeGeminiError,
  readTarget(url) {
    const query = url.indexOf('?');
    const parsed = parseGeminiPath(query === -1 ? url : url.slice(0, query));
    if (parsed?.model === undefined) return undefined;
    const stream = parsed.action === 'streamGenerateContent';
    // Without `alt=sse`, Google streams one JSON array (protocols.md 3).
    const sse = query !== -1 && new URLSearchParams(url.slice(query + 1)).get('alt') === 'sse';
    return stream && !sse
      ? { model: parsed.model, stream, jsonArray: true }
      : { model: parsed.model, stream };
  },
};

/** Gemini `generateContent` / `streamGenerateContent?alt=sse` as the gateway speaks it to an upstream. */
export const geminiUpstream: UpstreamCodec = {
  protocol: 'gemini',
  encodeRequest: encodeGeminiRequest,
  decodeResponse: decodeGeminiResponse,
  // Pass-through relays the bytes and reads only `usageMetadata`.
  decodeUsage: (body) => {
    const answer = Array.isArray(body) ? body.at(-1) : body;
    if (answer === null || typeof answer !== 'object') return undefined;
    const metadata = geminiUsageMetadataSchema.safeParse(
      (answer as { usageMetadata?: unknown }).usageMetadata,
    );
    return metadata.success ? mapGeminiUsage(metadata.data) : undefined;
  },
  createStreamDecoder: createGeminiStreamDecoder,
  parseError: parseGeminiError,
};

export { sanitizeGeminiSchema } from './sanitize-gemini-schema.ts';
export { parseGeminiPath, type GeminiPath } from './parse-gemini-path.ts';
export { geminiErrorBody } from './encode-gemini-error.ts';
export { geminiStreamErrorFrames } from './gemini-stream-encoder.ts';
