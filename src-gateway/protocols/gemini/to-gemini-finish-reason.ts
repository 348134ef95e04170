import type { StopReason } from '../../canonical/types.ts';

/**
 * A canonical stop reason as a Gemini `finishReason` (protocols.md 3). Gemini
 * reports `STOP` beside function calls, so `tool_use` is `STOP` too; a stop
 * sequence is a normal `STOP` as well.
 */
export function toGeminiFinishReason(reason: StopReason): string {
  switch (reason) {
    case 'max_tokens':
    case 'context_window_exceeded':
      return 'MAX_TOKENS';
    case 'content_filter':
      return 'SAFETY';
    default:
      return 'STOP';
  }
}
