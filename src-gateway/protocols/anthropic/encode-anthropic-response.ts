import type { CanonicalResponse } from '../../canonical/types.ts';
import { parseToolArguments } from '../../canonical/parse-arguments.ts';
import type { EncodeContext } from '../types.ts';
import { estimateAnthropicInputTokens, toAnthropicUsage } from './anthropic-usage.ts';
import { toAnthropicStopReason } from './map-anthropic-stop-reason.ts';
import { sealBlock, sealCallSignature } from '../reasoning-envelope.ts';

/**
 * Canonical response -> an Anthropic `Message` (protocols.md 1.3).
 *
 * Reasoning from any upstream is shown as a `thinking` block, because the text is
 * useful to the client. Anthropic's own signature goes as it is; another family's
 * state (OpenAI `encrypted_content`, a Gemini `thoughtSignature`) goes as the
 * gateway's envelope in `signature`, so the client replays it and a later turn to
 * that family restores it (reasoning-envelope.ts); reasoning without state gets `""`.
 * A Gemini function call's signature rides in an empty thinking block before the call.
 */
export function encodeAnthropicResponse(
  response: CanonicalResponse,
  context: EncodeContext,
): Record<string, unknown> {
  const content: Array<Record<string, unknown>> = [];
  let toolCount = 0;
  for (const block of response.content) {
    switch (block.type) {
      case 'text':
        content.push({ type: 'text', text: block.text });
        break;
      case 'tool_call': {
        const id = block.id || `toolu_${context.requestId}_${toolCount}`;
        if (block.thoughtSignature) {
          const signature = sealCallSignature(id, block.thoughtSignature, response.model);
          content.push({ type: 'thinking', thinking: '', signature });
        }
        content.push({
          type: 'tool_use',
          id,
          name: block.name,
          input: block.custom ? { input: block.arguments } : parseToolArguments(block.arguments),
        });
        toolCount++;
        break;
      }
      case 'reasoning': {
        const anthropic = block.origin === 'anthropic';
        const sealed = anthropic ? undefined : sealBlock(block, response.model);
        if (anthropic && block.redactedData) {
          content.push({ type: 'redacted_thinking', data: block.redactedData });
        } else if (block.text !== '' || (anthropic && block.signature) || sealed) {
          content.push({
            type: 'thinking',
            thinking: block.text,
            signature: anthropic && block.signature ? block.signature : (sealed ?? ''),
          });
        }
        break;
      }
    }
  }
  const stopReason = toAnthropicStopReason(response.stopReason, toolCount > 0);
  const fallback = context.estimatedInputTokens ?? estimateAnthropicInputTokens(context.clientBody);
  return {
    id: response.id || `msg_${context.requestId}`,
    type: 'message',
    role: 'assistant',
    model: context.model,
    content,
    stop_reason: stopReason,
    stop_sequence: stopReason === 'stop_sequence' ? (response.stopSequence ?? null) : null,
    usage: toAnthropicUsage(response.usage, fallback),
  };
}
