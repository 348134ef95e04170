import type { CanonicalResponse, ReasoningBlock, ToolCallBlock } from '../../canonical/types.ts';
import { parseToolArguments } from '../../canonical/parse-arguments.ts';
import type { EncodeContext } from '../types.ts';
import { encodeGeminiUsage } from './encode-gemini-usage.ts';
import { toGeminiFinishReason } from './to-gemini-finish-reason.ts';

/** A Gemini `functionCall` part; the call's id goes with it so the client's `functionResponse` can name it. */
export function functionCallPart(
  call: Pick<ToolCallBlock, 'id' | 'name' | 'arguments' | 'custom' | 'thoughtSignature'>,
): Record<string, unknown> {
  const functionCall = {
    id: call.id,
    name: call.name,
    args: call.custom ? { input: call.arguments } : parseToolArguments(call.arguments),
  };
  return call.thoughtSignature ? { functionCall, thoughtSignature: call.thoughtSignature } : { functionCall };
}

/**
 * A reasoning block as a `thought` part. Only Gemini's own signatures go with it:
 * a foreign one would be rejected by Gemini on a later turn, and the client must
 * never get a signature it could send to a vendor that did not make it.
 */
export function thoughtPart(
  block: Pick<ReasoningBlock, 'text' | 'signature' | 'origin'>,
): Record<string, unknown> | undefined {
  const signature = block.origin === 'gemini' ? block.signature : undefined;
  if (block.text === '' && !signature) return undefined;
  return signature
    ? { text: block.text, thought: true, thoughtSignature: signature }
    : { text: block.text, thought: true };
}

/**
 * Canonical response -> a Gemini `GenerateContentResponse` (protocols.md 3):
 * one candidate whose parts are thoughts, text and whole function calls, the
 * finish reason, `usageMetadata` in Gemini's semantics, and the model name the
 * client asked for as `modelVersion`.
 */
export function encodeGeminiResponse(
  response: CanonicalResponse,
  context: EncodeContext,
): Record<string, unknown> {
  const parts: Array<Record<string, unknown>> = [];
  for (const block of response.content) {
    if (block.type === 'text') {
      if (block.text !== '') parts.push({ text: block.text });
    } else if (block.type === 'tool_call') {
      parts.push(functionCallPart(block));
    } else {
      const part = thoughtPart(block);
      if (part) parts.push(part);
    }
  }
  return {
    candidates: [
      {
        content: { role: 'model', parts },
        finishReason: toGeminiFinishReason(response.stopReason),
        index: 0,
      },
    ],
    usageMetadata: encodeGeminiUsage(response.usage),
    modelVersion: context.model,
    responseId: response.id || context.requestId,
  };
}
