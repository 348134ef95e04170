import type { CatalogEntry } from './catalog-entry.ts';
import type { CatalogService } from './create-catalog-service.ts';

/**
 * The catalog entry for a vendor's model id, if any: first the vendor's own
 * entry (`groq/<id>`, or an entry of that provider whose last segment is the id),
 * then an entry keyed by the bare id (OpenAI, Anthropic and relays of them).
 */
export async function matchCatalogEntry(
  catalog: CatalogService,
  upstreamId: string,
  catalogProvider: string | undefined,
): Promise<CatalogEntry | undefined> {
  const id = upstreamId.replace(/^models\//, '');
  if (catalogProvider) {
    const prefixed = await catalog.get(`${catalogProvider}/${id}`);
    if (prefixed) return prefixed;
    const bare = await catalog.get(id);
    if (bare?.provider === catalogProvider) return bare;
    const { data } = await catalog.search({ query: id, provider: catalogProvider, pageSize: 1 });
    const best = data[0];
    const lastSegment = best?.id.slice(best.id.lastIndexOf('/') + 1).toLowerCase();
    if (best && lastSegment === id.toLowerCase()) return best;
  }
  return catalog.get(id);
}
