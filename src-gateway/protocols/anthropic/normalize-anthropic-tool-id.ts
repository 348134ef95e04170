const allowed = /^[a-zA-Z0-9_-]+$/;

/**
 * Make a tool-call id acceptable to Anthropic (`^[a-zA-Z0-9_-]+$`). Valid ids pass
 * unchanged; others get invalid characters replaced plus a short hash of the original,
 * so two different ids never collide and the same id always maps the same way
 * (the tool_use and its tool_result are normalized independently).
 */
export function normalizeAnthropicToolId(id: string): string {
  if (allowed.test(id)) return id;
  let sanitized = '';
  for (const character of id) sanitized += /[a-zA-Z0-9_-]/.test(character) ? character : '_';
  return `${sanitized || 'toolu'}_${fnv1a(id)}`;
}

/** 32-bit FNV-1a, base 36: short, stable, dependency-free. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
