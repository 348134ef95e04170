import type { StopReason } from '../../canonical/types.ts';

/** The `stop_reason` values Anthropic clients know (SDK 1.14 types). */
export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

/** Anthropic `stop_reason` -> canonical. Unknown or missing values read as a normal end of turn. */
export function mapAnthropicStopReason(reason: string | null | undefined): StopReason {
  switch (reason) {
    case 'max_tokens':
    case 'stop_sequence':
    case 'tool_use':
    case 'pause_turn':
      return reason;
    case 'refusal':
      return 'content_filter';
    case 'model_context_window_exceeded':
      return 'context_window_exceeded';
    default:
      return 'end_turn';
  }
}

/**
 * Canonical -> Anthropic `stop_reason`. When a tool call was emitted the answer is
 * `tool_use` whatever the upstream said (protocols.md 0-11), except for truncation:
 * a call cut off by `max_tokens` is incomplete, and Anthropic itself reports
 * `max_tokens` then, so the client does not run a half-written call.
 */
export function toAnthropicStopReason(reason: StopReason, sawToolCall: boolean): AnthropicStopReason {
  if (sawToolCall && reason !== 'max_tokens' && reason !== 'context_window_exceeded') return 'tool_use';
  switch (reason) {
    case 'content_filter':
      return 'refusal';
    case 'context_window_exceeded':
      return 'model_context_window_exceeded';
    default:
      return reason;
  }
}
