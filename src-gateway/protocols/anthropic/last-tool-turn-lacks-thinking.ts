/** An Anthropic message as sent upstream, typed loosely (a pass-through body is the client's JSON). */
interface LooseMessage {
  role?: unknown;
  content?: unknown;
}

function blocks(message: LooseMessage): Array<{ type?: unknown }> {
  return Array.isArray(message.content) ? (message.content as Array<{ type?: unknown }>) : [];
}

/**
 * With thinking on, Anthropic requires the assistant turn of an ongoing tool loop
 * (the last one, answered by tool results) to start with a thinking block; a turn
 * that came from another family has none it could replay.
 */
export function lastToolTurnLacksThinking(messages: LooseMessage[]): boolean {
  const last = messages[messages.length - 1];
  const assistant = messages[messages.length - 2];
  if (!last || !assistant || last.role !== 'user' || assistant.role !== 'assistant') return false;
  if (!blocks(last).some((block) => block?.type === 'tool_result')) return false;
  if (!blocks(assistant).some((block) => block?.type === 'tool_use')) return false;
  const first = blocks(assistant)[0]?.type;
  return first !== 'thinking' && first !== 'redacted_thinking';
}
