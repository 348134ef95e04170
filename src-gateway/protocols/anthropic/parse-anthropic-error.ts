const maximumMessageLength = 500;

/**
 * Read an upstream error body. Anthropic's shape is `{"type":"error","error":{"type","message"}}`;
 * OpenAI-style `{"error":{"message","type","code"}}` (some compatible vendors) and
 * musistudio/llms' `{"type":"error","message":{…}}` are read too. Anything else, HTML
 * included, becomes its first 500 characters.
 */
export function parseAnthropicError(
  status: number,
  bodyText: string,
): { message: string; code?: string; type?: string } {
  let value: unknown;
  try {
    value = JSON.parse(bodyText);
  } catch {
    return { message: fallback(status, bodyText) };
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const inner = asRecord(record.error) ?? asRecord(record.message);
    if (inner && typeof inner.message === 'string') {
      const type = typeof inner.type === 'string' ? inner.type : undefined;
      const code = typeof inner.code === 'string' ? inner.code : type;
      return { message: truncate(inner.message), ...(code ? { code } : {}), ...(type ? { type } : {}) };
    }
    if (typeof record.message === 'string') return { message: truncate(record.message) };
    if (typeof record.error === 'string') return { message: truncate(record.error) };
  }
  return { message: fallback(status, bodyText) };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function truncate(text: string): string {
  return text.length > maximumMessageLength ? `${text.slice(0, maximumMessageLength)}…` : text;
}

function fallback(status: number, bodyText: string): string {
  const text = bodyText.trim();
  return text === '' ? `Upstream returned HTTP ${status}` : truncate(text);
}
