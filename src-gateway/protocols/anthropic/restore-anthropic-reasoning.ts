import type { ReasoningBlock } from '../../canonical/types.ts';
import { isReasoningEnvelope, openReasoning } from '../reasoning-envelope.ts';
import { lastToolTurnLacksThinking } from './last-tool-turn-lacks-thinking.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function envelopeOf(block: unknown): string | undefined {
  if (!isObject(block)) return undefined;
  const value =
    block.type === 'thinking' ? block.signature : block.type === 'redacted_thinking' ? block.data : undefined;
  return isReasoningEnvelope(value) ? value : undefined;
}

function nativeBlock(block: ReasoningBlock): Json | undefined {
  if (block.redactedData !== undefined) return { type: 'redacted_thinking', data: block.redactedData };
  if (block.signature !== undefined)
    return { type: 'thinking', thinking: block.text, signature: block.signature };
  return undefined;
}

/**
 * Anthropic client to Anthropic upstream: the client's body goes as it is, but
 * for the gateway's envelopes (reasoning-envelope.ts) in thinking blocks, which
 * an earlier turn on another family left there. Anthropic's own state in one is
 * put back as the original blocks; another family's is dropped, since Anthropic
 * verifies signatures. When that leaves the tool loop's last assistant turn
 * without a thinking block, thinking is turned off for this request (Anthropic
 * rejects it otherwise), as the translated path does. The client's objects are
 * never mutated; the body itself comes back when nothing changed.
 */
export function restoreAnthropicReasoning(body: Json): Json {
  if (!Array.isArray(body.messages)) return body;
  const messages = body.messages as unknown[];
  if (
    !messages.some(
      (message) => isObject(message) && Array.isArray(message.content) && message.content.some(envelopeOf),
    )
  )
    return body;
  const edited = messages.map((message) => {
    if (!isObject(message) || message.role !== 'assistant' || !Array.isArray(message.content)) return message;
    if (!message.content.some(envelopeOf)) return message;
    const content = (message.content as unknown[]).flatMap((block) => {
      const envelope = envelopeOf(block);
      if (envelope === undefined) return [block];
      const sealed = openReasoning(envelope);
      if (sealed?.family !== 'anthropic') return [];
      return sealed.blocks.flatMap((restored) => nativeBlock(restored) ?? []);
    });
    return { ...message, content };
  });
  const out: Json = { ...body, messages: edited };
  const thinking = body.thinking;
  if (isObject(thinking) && thinking.type !== 'disabled' && lastToolTurnLacksThinking(edited as Json[]))
    delete out.thinking;
  return out;
}
