/**
 * Error messages reach the public status page, so anything that could be a
 * secret or an address is cut out before a run is stored: URLs (provider base
 * URLs), IP addresses and host:port pairs, bearer tokens, key-like strings and
 * long opaque tokens. Messages are also capped in length.
 */
const replacements: Array<[RegExp, string]> = [
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)]+/gi, '[url]'],
  [/\bBearer\s+\S+/gi, 'Bearer [redacted]'],
  [/\b(?:sk|pk|rk|ak|key|api|token|secret)[-_][A-Za-z0-9_\-*.]{6,}/gi, '[redacted]'],
  [/\bAIza[A-Za-z0-9_-]{10,}/g, '[redacted]'],
  // IPv6 (three or more colons, so clock times like 10:00:00 stay).
  [/\[?(?:[0-9a-f]{0,4}:){3,8}[0-9a-f]{1,4}\]?(?::\d{1,5})?/gi, '[address]'],
  [/\[?::1\]?(?::\d{1,5})?/g, '[address]'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g, '[address]'],
  [/\b(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})(?::\d{1,5})\b/gi, '[address]'],
  [/\b[A-Za-z0-9_\-+/=]{32,}/g, '[redacted]'],
];

export const publicMessageMaxLength = 300;

export function redactPublicMessage(message: string): string {
  let text = message;
  for (const [pattern, replacement] of replacements) text = text.replace(pattern, replacement);
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > publicMessageMaxLength ? `${text.slice(0, publicMessageMaxLength - 1)}…` : text;
}
