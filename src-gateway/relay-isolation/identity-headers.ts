import type { IncomingHttpHeaders } from 'node:http';

/** Headers by which Codex CLI identifies itself and its conversation (protocols.md section 5). */
const identityNames = new Set([
  'originator',
  'version',
  'user-agent',
  'session_id',
  'session-id',
  'thread-id',
  'conversation_id',
  'x-openai-subagent',
]);

/** Whether a client header is a Codex identity header (`originator`, `x-codex-*`, `session_id`, ...). */
export function isIdentityHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return identityNames.has(lower) || lower.startsWith('x-codex-');
}

/**
 * The client's identity headers, to pass to an upstream that needs them (a
 * relay with isolation enabled gates on them). The gateway forwards them to
 * no other upstream.
 */
export function identityHeaders(clientHeaders: IncomingHttpHeaders): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(clientHeaders)) {
    if (value === undefined || !isIdentityHeader(name)) continue;
    picked[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return picked;
}
