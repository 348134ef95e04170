import type { InboundCodec, UpstreamCodec } from '../types.ts';
import { usageField } from '../usage-field.ts';
import { fromAnthropicUsage, type AnthropicUsage } from './anthropic-usage.ts';
import { createAnthropicStreamDecoder } from './anthropic-stream-decoder.ts';
import { createAnthropicStreamEncoder } from './anthropic-stream-encoder.ts';
import { decodeAnthropicRequest } from './decode-anthropic-request.ts';
import { decodeAnthropicResponse } from './decode-anthropic-response.ts';
import { encodeAnthropicError } from './encode-anthropic-error.ts';
import { encodeAnthropicRequest } from './encode-anthropic-request.ts';
import { encodeAnthropicResponse } from './encode-anthropic-response.ts';
import { parseAnthropicError } from './parse-anthropic-error.ts';
import { restoreAnthropicReasoning } from './restore-anthropic-reasoning.ts';

/** Anthropic Messages as clients speak it to the gateway (`POST /v1/messages`). */
export const anthropicInbound: InboundCodec = {
  protocol: 'anthropic',
  decodeRequest: decodeAnthropicRequest,
  encodeResponse: encodeAnthropicResponse,
  createStreamEncoder: createAnthropicStreamEncoder,
  restoreReasoning: restoreAnthropicReasoning,
  encodeError: encodeAnthropicError,
};

/** Anthropic Messages as the gateway speaks it to an upstream (`POST {base}/v1/messages`). */
export const anthropicUpstream: UpstreamCodec = {
  protocol: 'anthropic',
  encodeRequest: encodeAnthropicRequest,
  decodeResponse: decodeAnthropicResponse,
  decodeUsage: (body) => usageField(body, (usage) => fromAnthropicUsage(usage as AnthropicUsage)),
  createStreamDecoder: createAnthropicStreamDecoder,
  parseError: parseAnthropicError,
};

export { defaultAnthropicMaxTokens } from './anthropic-thinking-config.ts';
