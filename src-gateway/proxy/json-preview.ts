import { jsonPieces } from './json-pieces.ts';

/** A captured text as the request log keeps it: cut to `limit` UTF-16 units, marked `…[truncated]`. */
export function truncateCapture(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…[truncated]`;
}

/**
 * `truncateCapture(JSON.stringify(body), limit)`, as the request log keeps a captured body: an
 * agent-size body is serialized only up to the limit, not whole.
 */
export function jsonPreview(body: Record<string, unknown>, limit: number): string {
  let text = '';
  for (const piece of jsonPieces(body)) {
    text += piece;
    if (text.length > limit) return truncateCapture(text, limit);
  }
  return text;
}
