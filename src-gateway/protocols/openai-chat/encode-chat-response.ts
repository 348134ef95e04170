import type { CanonicalResponse } from '../../canonical/types.ts';
import type { EncodeContext } from '../types.ts';
import { encodeChatUsage, type ChatUsage } from './encode-chat-usage.ts';
import { toChatFinishReason, type ChatFinishReason } from './map-chat-finish-reason.ts';
import { sealBlock, sealCallSignature } from '../reasoning-envelope.ts';
import { reasoningDetails, type ChatReasoningDetail } from './reasoning-details.ts';

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: 0;
    message: {
      role: 'assistant';
      content: string | null;
      refusal: null;
      tool_calls?: ChatToolCall[];
      reasoning_content?: string;
      reasoning_details?: ChatReasoningDetail[];
    };
    logprobs: null;
    finish_reason: ChatFinishReason;
  }>;
  usage: ChatUsage;
}

/**
 * A canonical response as a chat client's `chat.completion` (protocols.md 1.1, non-stream).
 * Reasoning text goes in `reasoning_content`; its opaque state (any family's: chat has
 * no field of its own for it) in `reasoning_details`, as the gateway's envelopes.
 */
export function encodeChatResponse(response: CanonicalResponse, context: EncodeContext): ChatCompletion {
  let text = '';
  let reasoning = '';
  const toolCalls: ChatToolCall[] = [];
  const envelopes: string[] = [];
  for (const block of response.content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'reasoning') {
      reasoning += block.text;
      const sealed = sealBlock(block, response.model);
      if (sealed) envelopes.push(sealed);
    } else {
      if (block.thoughtSignature)
        envelopes.push(sealCallSignature(block.id, block.thoughtSignature, response.model));
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: block.arguments },
      });
    }
  }
  const message: ChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    // OpenAI answers `content: null` for a pure tool-call turn.
    content: text === '' && toolCalls.length > 0 ? null : text,
    refusal: null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (envelopes.length > 0) message.reasoning_details = reasoningDetails(envelopes);
  return {
    id: response.id || `chatcmpl-${context.requestId}`,
    object: 'chat.completion',
    created: context.created,
    model: context.model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: toolCalls.length > 0 ? 'tool_calls' : toChatFinishReason(response.stopReason),
      },
    ],
    usage: encodeChatUsage(response.usage),
  };
}
