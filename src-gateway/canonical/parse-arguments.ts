/**
 * Tool-call arguments travel as JSON strings. Protocols that want an object
 * (Anthropic `input`, Gemini `args`) parse them; when parsing fails the raw
 * string is kept under `_raw` rather than lost (LiteLLM `parse_tool_call_arguments`).
 */
export function parseToolArguments(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
    return { _raw: text };
  } catch {
    return { _raw: text };
  }
}
