import type { InboundCodec, UpstreamCodec } from '../types.ts';
import { usageField } from '../usage-field.ts';
import { decodeChatUsage } from './decode-chat-usage.ts';
import { createChatStreamDecoder } from './chat-stream-decoder.ts';
import { createChatStreamEncoder } from './chat-stream-encoder.ts';
import { decodeChatRequest } from './decode-chat-request.ts';
import { decodeChatResponse } from './decode-chat-response.ts';
import { encodeChatError } from './encode-chat-error.ts';
import { encodeChatRequest } from './encode-chat-request.ts';
import { encodeChatResponse } from './encode-chat-response.ts';
import { parseChatError } from './parse-chat-error.ts';
import { stripReasoningEnvelopes } from './strip-reasoning-envelopes.ts';

/** OpenAI Chat Completions as clients speak it to the gateway (`POST /v1/chat/completions`). */
export const openaiChatInbound: InboundCodec = {
  protocol: 'openai-chat',
  decodeRequest: decodeChatRequest,
  encodeResponse: encodeChatResponse,
  createStreamEncoder: createChatStreamEncoder,
  restoreReasoning: stripReasoningEnvelopes,
  encodeError: encodeChatError,
};

/** OpenAI Chat Completions as the gateway speaks it to OpenAI-compatible upstreams. */
export const openaiChatUpstream: UpstreamCodec = {
  protocol: 'openai-chat',
  encodeRequest: encodeChatRequest,
  decodeResponse: decodeChatResponse,
  decodeUsage: (body) => usageField(body, decodeChatUsage),
  createStreamDecoder: createChatStreamDecoder,
  parseError: parseChatError,
};
