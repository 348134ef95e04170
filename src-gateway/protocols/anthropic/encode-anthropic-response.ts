import type { CanonicalResponse } from '../../canonical/types.ts';
import { parseToolArguments } from '../../canonical/parse-arguments.ts';
import type { EncodeContext } from '../types.ts';
import { estimateAnthropicInputTokens, toAnthropicUsage } from './anthropic-usage.ts';
import { toAnthropicStopReason } from './map-anthropic-stop-reason.ts';

/**
 * Canonical response -> an Anthropic `Message` (protocols.md 1.3).
 *
 * Reasoning from any upstream is shown as a `thinking` block, because the text is
 * useful to the client; its signature is kept only when Anthropic produced it and is
 * `""` otherwise. A foreign signature must never reach Anthropic on a later turn
 * (it is verified there), and an empty one is dropped by the upstream encoder.
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
      case 'tool_call':
        content.push({
          type: 'tool_use',
          id: block.id || `toolu_${context.requestId}_${toolCount}`,
          name: block.name,
          input: block.custom ? { input: block.arguments } : parseToolArguments(block.arguments),
        });
        toolCount++;
        break;
      case 'reasoning': {
        const anthropic = block.origin === 'anthropic';
        if (anthropic && block.redactedData) {
          content.push({ type: 'redacted_thinking', data: block.redactedData });
        } else if (block.text !== '' || (anthropic && block.signature)) {
          content.push({
            type: 'thinking',
            thinking: block.text,
            signature: anthropic && block.signature ? block.signature : '',
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
