import { reasoningDetailsFormat } from '../reasoning-envelope.ts';

/**
 * An entry of `reasoning_details` (OpenRouter's convention, which chat clients such as
 * the AI SDK, Cline and Roo echo back on the next turn): here always the gateway's
 * envelope around another family's reasoning state (reasoning-envelope.ts).
 */
export interface ChatReasoningDetail {
  type: 'reasoning.encrypted';
  data: string;
  format: typeof reasoningDetailsFormat;
  index: number;
}

/** Envelopes as `reasoning_details` entries. */
export function reasoningDetails(envelopes: string[]): ChatReasoningDetail[] {
  return envelopes.map((data, index) => ({
    type: 'reasoning.encrypted',
    data,
    format: reasoningDetailsFormat,
    index,
  }));
}
