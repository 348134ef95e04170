import { anthropicInbound, anthropicUpstream } from './anthropic/index.ts';
import { geminiInbound, geminiUpstream } from './gemini/index.ts';
import { openaiChatInbound, openaiChatUpstream } from './openai-chat/index.ts';
import { openaiResponsesInbound, openaiResponsesUpstream } from './openai-responses/index.ts';
import type { InboundCodec, UpstreamCodec, UpstreamProtocol } from './types.ts';

/** Every codec, by wire format. One decoder and one encoder per protocol: N + M, not N x M. */
export const inboundCodecs = {
  chat: openaiChatInbound,
  responses: openaiResponsesInbound,
  anthropic: anthropicInbound,
  gemini: geminiInbound,
} satisfies Record<string, InboundCodec>;

export const upstreamCodecs: Record<UpstreamProtocol, UpstreamCodec> = {
  'openai-chat': openaiChatUpstream,
  'openai-responses': openaiResponsesUpstream,
  anthropic: anthropicUpstream,
  gemini: geminiUpstream,
};
