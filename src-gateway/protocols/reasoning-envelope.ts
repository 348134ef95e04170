import type { ContentBlock, ReasoningBlock } from '../canonical/types.ts';

/** The upstream families whose reasoning carries opaque state a later turn must replay. */
export type ReasoningFamily = 'anthropic' | 'openai' | 'gemini';

/**
 * Opaque reasoning state of one family, as the gateway hands it to a client of
 * another protocol (docs/architecture.md, "Reasoning across protocols"):
 * - Anthropic: thinking text + `signature`, or `redacted_thinking.data`;
 * - OpenAI Responses: `encrypted_content` (+ the reasoning item id, summary text);
 * - Gemini: a thought's text + `thoughtSignature`, and the signatures of function calls by call id.
 */
export interface SealedReasoning {
  family: ReasoningFamily;
  /** The upstream model that produced it (informational: the family decides). */
  model?: string;
  blocks: ReasoningBlock[];
  /** Gemini: `thoughtSignature` of each function call, by call id. */
  calls?: Record<string, string>;
}

/**
 * `llmgw.v1.` + base64url(JSON). The dot is outside every vendor's signature
 * alphabet (base64), so an envelope is never mistaken for a vendor value, and a
 * vendor given one (a client replaying it to the real API) rejects it as invalid.
 */
export const reasoningEnvelopePrefix = 'llmgw.v1.';

/** The `format` of a chat `reasoning_details` entry holding an envelope. */
export const reasoningDetailsFormat = 'llmgw.v1';

const families = new Set<string>(['anthropic', 'openai', 'gemini']);

export function isReasoningEnvelope(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(reasoningEnvelopePrefix);
}

interface Payload {
  family: ReasoningFamily;
  model?: string;
  blocks: Array<{
    text: string;
    signature?: string;
    redactedData?: string;
    encryptedContent?: string;
    itemId?: string;
  }>;
  calls?: Record<string, string>;
}

/** Wrap one family's reasoning state in the gateway's envelope. */
export function sealReasoning(sealed: SealedReasoning): string {
  const payload: Payload = {
    family: sealed.family,
    blocks: sealed.blocks.map((block) => {
      const out: Payload['blocks'][number] = { text: block.text };
      if (block.signature !== undefined) out.signature = block.signature;
      if (block.redactedData !== undefined) out.redactedData = block.redactedData;
      if (block.encryptedContent !== undefined) out.encryptedContent = block.encryptedContent;
      if (block.itemId !== undefined) out.itemId = block.itemId;
      return out;
    }),
  };
  if (sealed.model) payload.model = sealed.model;
  if (sealed.calls && Object.keys(sealed.calls).length > 0) payload.calls = sealed.calls;
  return reasoningEnvelopePrefix + Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function optionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

/**
 * Read an envelope back. Anything that is not a well-formed envelope of this
 * version (a vendor's own value, a truncated or edited one) gives undefined;
 * callers then treat the value as the client protocol's own or drop it.
 */
export function openReasoning(value: unknown): SealedReasoning | undefined {
  if (!isReasoningEnvelope(value)) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(
      Buffer.from(value.slice(reasoningEnvelopePrefix.length), 'base64url').toString('utf8'),
    );
  } catch {
    return undefined;
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  const { family, model, blocks, calls } = payload as Record<string, unknown>;
  if (typeof family !== 'string' || !families.has(family) || !optionalString(model)) return undefined;
  if (!Array.isArray(blocks)) return undefined;
  const origin = family as ReasoningFamily;
  const out: ReasoningBlock[] = [];
  for (const entry of blocks) {
    if (entry === null || typeof entry !== 'object') return undefined;
    const { text, signature, redactedData, encryptedContent, itemId } = entry as Record<string, unknown>;
    if (typeof text !== 'string') return undefined;
    if (![signature, redactedData, encryptedContent, itemId].every(optionalString)) return undefined;
    const block: ReasoningBlock = { type: 'reasoning', text, origin };
    if (signature !== undefined) block.signature = signature as string;
    if (redactedData !== undefined) block.redactedData = redactedData as string;
    if (encryptedContent !== undefined) block.encryptedContent = encryptedContent as string;
    if (itemId !== undefined) block.itemId = itemId as string;
    out.push(block);
  }
  const sealed: SealedReasoning = { family: origin, blocks: out };
  if (model !== undefined) sealed.model = model;
  if (calls !== undefined) {
    if (calls === null || typeof calls !== 'object' || Array.isArray(calls)) return undefined;
    const entries = Object.entries(calls as Record<string, unknown>);
    if (!entries.every(([, signature]) => typeof signature === 'string')) return undefined;
    sealed.calls = Object.fromEntries(entries) as Record<string, string>;
  }
  return sealed;
}

/** Put restored Gemini call signatures on the calls of one assistant turn (a call's own signature wins). */
export function applyCallSignatures(blocks: ContentBlock[], calls: Record<string, string> | undefined): void {
  if (!calls) return;
  for (const block of blocks) {
    if (block.type !== 'tool_call' || block.thoughtSignature !== undefined) continue;
    if (Object.hasOwn(calls, block.id)) block.thoughtSignature = calls[block.id];
  }
}

/** The family whose opaque state a canonical reasoning block carries, if any. */
export function reasoningFamily(block: ReasoningBlock): ReasoningFamily | undefined {
  const origin = block.origin;
  if (origin !== 'anthropic' && origin !== 'openai' && origin !== 'gemini') return undefined;
  const stateful =
    block.signature !== undefined || block.redactedData !== undefined || block.encryptedContent !== undefined;
  return stateful ? origin : undefined;
}

/** One canonical block's opaque state as an envelope; undefined when it carries none. */
export function sealBlock(block: ReasoningBlock, model?: string): string | undefined {
  const family = reasoningFamily(block);
  if (!family) return undefined;
  return sealReasoning(model ? { family, model, blocks: [block] } : { family, blocks: [block] });
}

/** A Gemini function call's `thoughtSignature` as an envelope. */
export function sealCallSignature(callId: string, signature: string, model?: string): string {
  const sealed: SealedReasoning = { family: 'gemini', blocks: [], calls: { [callId]: signature } };
  if (model) sealed.model = model;
  return sealReasoning(sealed);
}

/** Add `next` to the state gathered so far (one family per answer; another family's replaces it). */
export function mergeSealed(gathered: SealedReasoning | undefined, next: SealedReasoning): SealedReasoning {
  if (!gathered || gathered.family !== next.family) return next;
  const merged: SealedReasoning = { family: gathered.family, blocks: [...gathered.blocks, ...next.blocks] };
  const model = next.model ?? gathered.model;
  if (model) merged.model = model;
  if (gathered.calls || next.calls) merged.calls = { ...gathered.calls, ...next.calls };
  return merged;
}
