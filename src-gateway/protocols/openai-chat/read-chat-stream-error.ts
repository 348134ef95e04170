type Json = Record<string, unknown>;

/**
 * An in-band error in an upstream chat stream: `data: {"error":{...}}` (OpenAI,
 * OpenRouter with a numeric `code`), or an SSE `event: error`. Returns undefined
 * for an ordinary chunk.
 */
export function readChatStreamError(
  chunk: Json,
  eventName: string | undefined,
): { status: number; code: string; message: string } | undefined {
  const raw = chunk.error;
  if ((raw === undefined || raw === null) && eventName !== 'error') return undefined;
  const error: Json =
    raw !== null && typeof raw === 'object'
      ? (raw as Json)
      : typeof raw === 'string'
        ? { message: raw }
        : chunk;
  const numeric = [error.status, error.code, error.status_code].find(
    (value): value is number => typeof value === 'number' && value >= 400 && value <= 599,
  );
  const code =
    (typeof error.code === 'string' && error.code) ||
    (typeof error.type === 'string' && error.type) ||
    'upstream_error';
  const message =
    typeof error.message === 'string' && error.message !== '' ? error.message : 'Upstream stream error';
  return { status: numeric ?? 502, code, message };
}
