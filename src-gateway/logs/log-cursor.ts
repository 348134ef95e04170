import type { LogCursor } from '../storage/repositories/usage-repository.ts';

/** A page position as an opaque string for clients (`nextCursor`). */
export function encodeLogCursor(cursor: LogCursor): string {
  return Buffer.from(`${cursor.startedAt}.${cursor.rowId}`).toString('base64url');
}

/** Undefined for anything that is not a cursor this gateway wrote. */
export function decodeLogCursor(text: string): LogCursor | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  return match ? { startedAt: Number(match[1]), rowId: Number(match[2]) } : undefined;
}
