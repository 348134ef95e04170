import type { ReasoningBlock } from '../canonical/types.ts';
import type { SealedReasoning } from './reasoning-envelope.ts';

/**
 * Collects the opaque state of one answer as it streams: reasoning text since
 * the last seal, then a seal event (a signature, redacted data, encrypted
 * content, a Gemini call signature) completes a block. Inbound encoders of a
 * protocol that cannot hold a family's state natively wrap what it returns.
 */
export interface ReasoningSealer {
  /** Reasoning text arrived (it belongs to the block the next seal completes). */
  text(text: string): void;
  /** A seal arrived: the completed block (with the text gathered since the last one), or undefined. */
  seal(event: SealEvent): SealedReasoning | undefined;
  /** Text gathered since the last seal. */
  readonly pendingText: string;
  /** The upstream model, when the stream named it. */
  model: string | undefined;
}

export type SealEvent =
  | { type: 'reasoning_signature'; signature: string; origin?: ReasoningBlock['origin'] }
  | { type: 'reasoning_redacted'; data: string }
  | { type: 'reasoning_encrypted'; itemId?: string; encryptedContent: string }
  | { type: 'call_signature'; callId: string; signature: string };

export function createReasoningSealer(): ReasoningSealer {
  let text = '';
  const sealer: ReasoningSealer = {
    model: undefined,
    get pendingText() {
      return text;
    },
    text(piece) {
      text += piece;
    },
    seal(event) {
      let sealed: SealedReasoning | undefined;
      const model = sealer.model;
      switch (event.type) {
        case 'reasoning_signature': {
          const origin = event.origin;
          if (origin !== 'anthropic' && origin !== 'gemini' && origin !== 'openai') return undefined;
          sealed = {
            family: origin,
            blocks: [{ type: 'reasoning', text, origin, signature: event.signature }],
          };
          break;
        }
        case 'reasoning_redacted':
          sealed = {
            family: 'anthropic',
            blocks: [{ type: 'reasoning', text: '', origin: 'anthropic', redactedData: event.data }],
          };
          // Redacted thinking is a block of its own; text gathered before it stays for the next seal.
          if (model) sealed.model = model;
          return sealed;
        case 'reasoning_encrypted': {
          const block: ReasoningBlock = {
            type: 'reasoning',
            text,
            origin: 'openai',
            encryptedContent: event.encryptedContent,
          };
          if (event.itemId) block.itemId = event.itemId;
          sealed = { family: 'openai', blocks: [block] };
          break;
        }
        case 'call_signature':
          sealed = { family: 'gemini', blocks: [], calls: { [event.callId]: event.signature } };
          if (model) sealed.model = model;
          return sealed;
      }
      text = '';
      if (model) sealed.model = model;
      return sealed;
    },
  };
  return sealer;
}
