import type { UpstreamCodec } from '../types.ts';
import { decodeGeminiResponse } from './decode-gemini-response.ts';
import { encodeGeminiRequest } from './encode-gemini-request.ts';
import { createGeminiStreamDecoder } from './gemini-stream-decoder.ts';
import { parseGeminiError } from './parse-gemini-error.ts';

/** Gemini `generateContent` / `streamGenerateContent?alt=sse`, upstream side only (protocols.md 3). */
export const geminiUpstream: UpstreamCodec = {
  protocol: 'gemini',
  encodeRequest: encodeGeminiRequest,
  decodeResponse: decodeGeminiResponse,
  // Never on a hot path (no client speaks Gemini to the gateway): the full decode validates `usageMetadata`.
  decodeUsage: (body) => {
    try {
      return decodeGeminiResponse(body).usage;
    } catch {
      return undefined;
    }
  },
  createStreamDecoder: createGeminiStreamDecoder,
  parseError: parseGeminiError,
};

export { sanitizeGeminiSchema } from './sanitize-gemini-schema.ts';
