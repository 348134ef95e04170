const maxMessageLength = 500;

const truncate = (text: string): string =>
  text.length > maxMessageLength ? `${text.slice(0, maxMessageLength)}…` : text;

/**
 * Message, code and type from an upstream error body. Understands the OpenAI shape
 * `{error:{message,type,code}}`, the Codex backend's `{detail}` and a bare `{message}`;
 * anything else (HTML from a proxy, plain text) is passed on truncated.
 */
export function parseResponsesError(
  status: number,
  bodyText: string,
): { message: string; code?: string; type?: string } {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    const text = bodyText.trim();
    return { message: text === '' ? `Upstream returned HTTP ${status}` : truncate(text) };
  }
  const record = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const nested = record['error'];
  const error = nested !== null && typeof nested === 'object' ? (nested as Record<string, unknown>) : record;
  const message =
    (typeof error['message'] === 'string' && error['message']) ||
    (typeof nested === 'string' && nested) ||
    (typeof record['detail'] === 'string' && record['detail']) ||
    truncate(bodyText.trim()) ||
    `Upstream returned HTTP ${status}`;
  const out: { message: string; code?: string; type?: string } = { message: truncate(message) };
  const code = error['code'];
  if (typeof code === 'string' || typeof code === 'number') out.code = String(code);
  if (typeof error['type'] === 'string') out.type = error['type'];
  return out;
}
