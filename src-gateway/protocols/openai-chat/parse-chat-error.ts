type Json = Record<string, unknown>;

const maxLength = 500;

function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function truncate(value: string): string {
  return value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
}

/**
 * A human-readable message, and the vendor's code and type when present, from an
 * upstream error body. Knows the OpenAI shape `{error:{message,type,code}}` and the
 * common variants (`{error:"…"}`, `{message}`, FastAPI `{detail}`, a one-element
 * array as Gemini's compat layer sends); any other text is passed on, truncated.
 */
export function parseChatError(
  status: number,
  bodyText: string,
): { message: string; code?: string; type?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed)) parsed = parsed[0];
  const body = asObject(parsed);
  if (body === undefined) {
    const trimmed = bodyText.trim();
    return { message: trimmed === '' ? `Upstream returned HTTP ${status}` : truncate(trimmed) };
  }
  const error = asObject(body.error) ?? body;
  const detail = asObject(body.detail);
  const message =
    text(error.message) ??
    text(body.error) ??
    text(body.message) ??
    text(body.detail) ??
    text(detail?.message) ??
    truncate(bodyText.trim());
  const result: { message: string; code?: string; type?: string } = { message: truncate(message) };
  const code = text(error.code) ?? text(detail?.code);
  if (code !== undefined) result.code = code;
  const type = text(error.type) ?? text(error.status);
  if (type !== undefined) result.type = type;
  return result;
}
