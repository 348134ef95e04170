import type { CacheControl, SystemText } from '../../canonical/types.ts';

/** The first line Claude Code puts into `system[0]`; it changes on every request (protocols.md 1.3, 5). */
const billingHeaderPrefix = 'x-anthropic-billing-header:';

interface SystemTextInput {
  text: string;
  cache_control?: { type: 'ephemeral'; ttl?: string } | null;
}

/**
 * Decode an Anthropic `system` (string or text blocks) into provenance-tagged system texts.
 * A leading billing-header line becomes its own `client-builtin` entry, so prompt rules and
 * relay isolation can tell it apart from what the user wrote.
 */
export function decodeAnthropicSystem(system: string | SystemTextInput[] | null | undefined): SystemText[] {
  if (system === null || system === undefined) return [];
  const blocks: SystemTextInput[] = typeof system === 'string' ? [{ text: system }] : system;
  const out: SystemText[] = [];
  blocks.forEach((block, position) => {
    const cacheControl = toCacheControl(block.cache_control);
    if (position === 0 && block.text.startsWith(billingHeaderPrefix)) {
      const lineEnd = block.text.indexOf('\n');
      const header = lineEnd === -1 ? block.text : block.text.slice(0, lineEnd);
      out.push({ text: header, provenance: 'client-builtin' });
      const rest = lineEnd === -1 ? '' : block.text.slice(lineEnd + 1);
      if (rest.trim() !== '') out.push(withCache({ text: rest, provenance: 'client' }, cacheControl));
      return;
    }
    out.push(withCache({ text: block.text, provenance: 'client' }, cacheControl));
  });
  return out;
}

export function toCacheControl(
  value: { type: 'ephemeral'; ttl?: string } | null | undefined,
): CacheControl | undefined {
  if (!value) return undefined;
  return value.ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: value.ttl };
}

function withCache(text: SystemText, cacheControl: CacheControl | undefined): SystemText {
  if (cacheControl) text.cacheControl = cacheControl;
  return text;
}
