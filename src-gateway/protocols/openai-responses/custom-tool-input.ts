/**
 * Codex freeform (`custom`) tools travel to non-Responses upstreams as a function with
 * one string parameter `input` (LiteLLM `custom_tools.py`). On the way back the call's
 * JSON arguments are unwrapped into the raw text the client expects.
 */

/** Names of the `custom` tools the client declared in its request body. */
export function customToolNames(clientBody: Record<string, unknown> | undefined): Set<string> {
  const names = new Set<string>();
  const tools = clientBody?.['tools'];
  if (!Array.isArray(tools)) return names;
  for (const tool of tools) {
    if (tool !== null && typeof tool === 'object') {
      const { type, name } = tool as Record<string, unknown>;
      if (type === 'custom' && typeof name === 'string') names.add(name);
    }
  }
  return names;
}

/** `{"input":"*** Begin Patch..."}` -> `*** Begin Patch...`; anything else is returned unchanged. */
export function unwrapCustomInput(argumentsText: string): string {
  try {
    const value: unknown = JSON.parse(argumentsText);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const input = (value as Record<string, unknown>)['input'];
      if (typeof input === 'string') return input;
    }
  } catch {
    // Not JSON: the upstream already sent raw text.
  }
  return argumentsText;
}
