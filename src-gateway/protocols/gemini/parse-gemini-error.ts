import { geminiErrorBodySchema } from './gemini-response-schema.ts';

/** The longest piece of a non-JSON error body quoted in a message. */
const maxQuotedLength = 500;

/**
 * Read a Gemini error body, `{"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED"}}`
 * (also wrapped in a one-element array, as the non-SSE stream endpoint answers).
 * Anything else (an HTML proxy page, plain text) becomes the message as it is.
 */
export function parseGeminiError(
  status: number,
  bodyText: string,
): { message: string; code?: string; type?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    const text = bodyText.trim();
    return {
      message: text === '' ? `Gemini upstream answered HTTP ${status}` : text.slice(0, maxQuotedLength),
    };
  }
  const candidate = Array.isArray(parsed) ? parsed[0] : parsed;
  const error =
    candidate !== null && typeof candidate === 'object'
      ? geminiErrorBodySchema.safeParse((candidate as { error?: unknown }).error)
      : undefined;
  if (!error?.success)
    return {
      message: bodyText.trim().slice(0, maxQuotedLength) || `Gemini upstream answered HTTP ${status}`,
    };
  const result: { message: string; code?: string; type?: string } = {
    message: error.data.message ?? `Gemini upstream answered HTTP ${status}`,
  };
  if (error.data.status !== undefined) {
    result.code = error.data.status;
    result.type = error.data.status;
  }
  return result;
}
