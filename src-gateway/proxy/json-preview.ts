import { jsonPieces } from './json-pieces.ts';

/**
 * `JSON.stringify(body)` cut to `limit` UTF-16 units (marked `…[truncated]`), as the request log
 * keeps a captured body: an agent-size body is serialized only up to the limit, not whole.
 */
export function jsonPreview(body: Record<string, unknown>, limit: number): string {
  let text = '';
  for (const piece of jsonPieces(body)) {
    text += piece;
    if (text.length > limit) return `${text.slice(0, limit)}…[truncated]`;
  }
  return text;
}
