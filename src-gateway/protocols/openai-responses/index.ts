import type { InboundCodec, UpstreamCodec } from '../types.ts';
import { usageField } from '../usage-field.ts';
import { decodeResponsesUsage } from './responses-usage.ts';
import { decodeResponsesRequest } from './decode-responses-request.ts';
import { decodeResponsesResponse } from './decode-responses-response.ts';
import { encodeResponsesError } from './encode-responses-error.ts';
import { encodeResponsesRequest } from './encode-responses-request.ts';
import { encodeResponsesResponse } from './encode-responses-response.ts';
import { parseResponsesError } from './parse-responses-error.ts';
import { restoreResponsesReasoning } from './restore-responses-reasoning.ts';
import { createResponsesStreamDecoder } from './responses-stream-decoder.ts';
import { createResponsesStreamEncoder } from './responses-stream-encoder.ts';

/** OpenAI Responses as clients (Codex CLI, the OpenAI SDK) speak it to the gateway: `POST /v1/responses`. */
export const openaiResponsesInbound: InboundCodec = {
  protocol: 'openai-responses',
  decodeRequest: decodeResponsesRequest,
  encodeResponse: encodeResponsesResponse,
  createStreamEncoder: createResponsesStreamEncoder,
  restoreReasoning: restoreResponsesReasoning,
  encodeError: encodeResponsesError,
};

/** OpenAI Responses as the gateway speaks it to an upstream (`{base}/responses`). */
export const openaiResponsesUpstream: UpstreamCodec = {
  protocol: 'openai-responses',
  encodeRequest: encodeResponsesRequest,
  decodeResponse: decodeResponsesResponse,
  decodeUsage: (body) => usageField(body, decodeResponsesUsage),
  createStreamDecoder: createResponsesStreamDecoder,
  parseError: parseResponsesError,
};
