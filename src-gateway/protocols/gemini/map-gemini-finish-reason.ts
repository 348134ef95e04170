import type { StopReason } from '../../canonical/types.ts';

/** Result of mapping a Gemini `finishReason`: a stop reason, or a failure to surface as an error. */
export type GeminiFinish =
  { kind: 'stop'; reason: StopReason } | { kind: 'error'; code: string; message: string };

const contentFilterReasons = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'LANGUAGE',
]);

/**
 * Map a Gemini `finishReason` (protocols.md 2.5). A tool call wins over
 * whatever Gemini said: it reports `STOP` beside function calls (0-11).
 * `MALFORMED_FUNCTION_CALL` and `UNEXPECTED_TOOL_CALL` mean the turn is unusable.
 */
export function mapGeminiFinishReason(finishReason: string | undefined, hasToolCalls: boolean): GeminiFinish {
  if (finishReason === 'MALFORMED_FUNCTION_CALL' || finishReason === 'UNEXPECTED_TOOL_CALL') {
    return {
      kind: 'error',
      code: finishReason.toLowerCase(),
      message: `Gemini ended the turn with ${finishReason}`,
    };
  }
  if (hasToolCalls) return { kind: 'stop', reason: 'tool_use' };
  if (finishReason === 'MAX_TOKENS') return { kind: 'stop', reason: 'max_tokens' };
  if (finishReason !== undefined && contentFilterReasons.has(finishReason)) {
    return { kind: 'stop', reason: 'content_filter' };
  }
  return { kind: 'stop', reason: 'end_turn' };
}
