import type { CanonicalResponse } from '../../canonical/types.ts';
import type { EncodeContext } from '../types.ts';
import { customToolNames, unwrapCustomInput } from './custom-tool-input.ts';
import { buildResponseEnvelope, responseIdFor, statusForStop } from './responses-envelope.ts';
import {
  customToolCallItem,
  functionCallItem,
  gatewayItemId,
  messageItem,
  reasoningItem,
} from './responses-output-items.ts';
import { encodeResponsesUsage } from './responses-usage.ts';
import { sealBlock, sealCallSignature } from '../reasoning-envelope.ts';

/**
 * Canonical response -> a complete Responses `response` object for a non-stream
 * client. Items keep the upstream order (normally reasoning, message, function
 * calls); adjacent text blocks join one message item. OpenAI's `encrypted_content`
 * goes as it is; another family's reasoning state goes in `encrypted_content` as the
 * gateway's envelope (reasoning-envelope.ts), which clients replay verbatim; a Gemini
 * call's signature in a reasoning item of its own right before the call.
 */
export function encodeResponsesResponse(
  response: CanonicalResponse,
  context: EncodeContext,
): Record<string, unknown> {
  const customNames = customToolNames(context.clientBody);
  const output: Array<Record<string, unknown>> = [];
  let pendingText: string | null = null;
  let hasToolCall = false;

  const flushText = (): void => {
    if (pendingText === null) return;
    output.push(
      messageItem(gatewayItemId('msg', context.requestId, output.length), pendingText, 'completed'),
    );
    pendingText = null;
  };

  for (const block of response.content) {
    if (block.type === 'text') {
      pendingText = (pendingText ?? '') + block.text;
      continue;
    }
    flushText();
    if (block.type === 'reasoning') {
      const fromOpenai = block.origin === 'openai';
      const id =
        fromOpenai && block.itemId ? block.itemId : gatewayItemId('rs', context.requestId, output.length);
      output.push(
        reasoningItem(id, block.text, fromOpenai ? block.encryptedContent : sealBlock(block, response.model)),
      );
    } else {
      hasToolCall = true;
      if (block.thoughtSignature) {
        const sealed = sealCallSignature(block.id, block.thoughtSignature, response.model);
        output.push(reasoningItem(gatewayItemId('rs', context.requestId, output.length), '', sealed));
      }
      if (block.custom || customNames.has(block.name)) {
        const input = block.custom ? block.arguments : unwrapCustomInput(block.arguments);
        const id = gatewayItemId('ctc', context.requestId, output.length);
        output.push(customToolCallItem(id, block.id, block.name, input, 'completed'));
      } else {
        const id = gatewayItemId('fc', context.requestId, output.length);
        output.push(functionCallItem(id, block.id, block.name, block.arguments, 'completed'));
      }
    }
  }
  flushText();

  const { status, incompleteDetails } = statusForStop(response.stopReason, hasToolCall);
  return buildResponseEnvelope(context, {
    id: responseIdFor(response.id, context.requestId),
    status,
    output,
    usage: encodeResponsesUsage(response.usage),
    incompleteDetails,
  });
}
