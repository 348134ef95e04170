import type { StopReason } from '../../canonical/types.ts';

/** Chat `finish_reason` values a chat client understands. */
export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

/**
 * Upstream `finish_reason` to a canonical stop reason. Unknown vendor values
 * (`eos`, `insufficient_system_resource`, ...) count as a normal end.
 * Callers still override with `tool_use` when tool calls were seen (protocols.md 0-11).
 */
export function mapChatFinishReason(reason: string | null | undefined): StopReason {
  switch (reason) {
    case 'length':
    case 'max_tokens':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'content_filter';
    case 'model_context_window_exceeded':
      return 'context_window_exceeded';
    default:
      return 'end_turn';
  }
}

/** Canonical stop reason to the chat `finish_reason` (protocols.md 2.5). */
export function toChatFinishReason(reason: StopReason): ChatFinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}
