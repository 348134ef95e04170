/**
 * Replace every `instructions` value, at any depth, with `replacement`: what
 * the client itself sent (or null). Used on Responses answers from a relay
 * with isolation enabled, so a prompt injected upstream never reaches the
 * client (`response.created`, `response.completed`, non-stream bodies ...).
 * Returns a new value; the input is not mutated.
 */
export function scrubInstructions(value: unknown, replacement: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => scrubInstructions(item, replacement));
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] = key === 'instructions' ? replacement : scrubInstructions(child, replacement);
  }
  return copy;
}

/** The same for one SSE `data` payload; text that is not JSON or holds no `instructions` is returned as is. */
export function scrubInstructionsInJsonText(text: string, replacement: unknown): string {
  if (!text.includes('"instructions"')) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  return JSON.stringify(scrubInstructions(parsed, replacement));
}
