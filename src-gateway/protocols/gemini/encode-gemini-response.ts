import type { CanonicalResponse, ReasoningBlock, ToolCallBlock } from '../../canonical/types.ts';
import { parseToolArguments } from '../../canonical/parse-arguments.ts';
import type { EncodeContext } from '../types.ts';
import { encodeGeminiUsage } from './encode-gemini-usage.ts';
import { toGeminiFinishReason } from './to-gemini-finish-reason.ts';
import { mergeSealed, reasoningFamily, sealReasoning, type SealedReasoning } from '../reasoning-envelope.ts';

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
 * client asked for as `modelVersion`. Another family's reasoning state goes as the
 * gateway's envelope in the `thoughtSignature` of the next text or call part (where
 * Gemini puts its own), or of a last empty thought part (reasoning-envelope.ts).
 */
export function encodeGeminiResponse(
  response: CanonicalResponse,
  context: EncodeContext,
): Record<string, unknown> {
  const parts: Array<Record<string, unknown>> = [];
  let pending: SealedReasoning | undefined;
  const carry = (part: Record<string, unknown>): void => {
    if (pending && part.thoughtSignature === undefined) {
      part.thoughtSignature = sealReasoning(pending);
      pending = undefined;
    }
    parts.push(part);
  };
  for (const block of response.content) {
    if (block.type === 'text') {
      if (block.text !== '') carry({ text: block.text });
    } else if (block.type === 'tool_call') {
      carry(functionCallPart(block));
    } else {
      const part = thoughtPart(block);
      if (part) parts.push(part);
      const family = block.origin === 'gemini' ? undefined : reasoningFamily(block);
      if (family) pending = mergeSealed(pending, sealedOf(family, block, response.model));
    }
  }
  if (pending) parts.push({ text: '', thought: true, thoughtSignature: sealReasoning(pending) });
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

/** One block of another family's state, ready to be gathered into an envelope. */
function sealedOf(
  family: SealedReasoning['family'],
  block: ReasoningBlock,
  model: string | undefined,
): SealedReasoning {
  return model ? { family, model, blocks: [block] } : { family, blocks: [block] };
}
