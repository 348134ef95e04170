import { catalogMaxPageSize } from '../../src-shared/schemas/catalog.ts';
import type { CapabilityName, CatalogEntry } from './catalog-entry.ts';

export interface CatalogQuery {
  /** Matched against the id and its last `/` segment, case-insensitively. */
  query?: string;
  /** `litellm_provider`, exact (case-insensitive). */
  provider?: string;
  /** Every capability listed must be supported. */
  capabilities?: readonly CapabilityName[];
  /** e.g. `chat`, `embedding`. */
  mode?: string;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface CatalogPage {
  data: CatalogEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CatalogIndex {
  readonly entries: readonly CatalogEntry[];
  get(id: string): CatalogEntry | undefined;
  search(query: CatalogQuery): CatalogPage;
}

interface Indexed {
  entry: CatalogEntry;
  id: string;
  /** The part after the last `/`: `groq/llama-3.1-8b-instant` is found as `llama-3.1-8b-instant`. */
  name: string;
  provider: string;
}

export const defaultPageSize = 50;
export const maxPageSize = catalogMaxPageSize;

/** 0 exact, 1 prefix, 2 substring, undefined no match. */
function rank(item: Indexed, query: string): number | undefined {
  if (item.id === query || item.name === query) return 0;
  if (item.id.startsWith(query) || item.name.startsWith(query)) return 1;
  if (item.id.includes(query)) return 2;
  return undefined;
}

/**
 * The parsed catalog held in memory for search: lower-cased keys computed
 * once, so a search is one pass over a few thousand entries (well under a millisecond).
 */
export function createCatalogIndex(entries: readonly CatalogEntry[]): CatalogIndex {
  const items: Indexed[] = entries.map((entry) => {
    const id = entry.id.toLowerCase();
    return { entry, id, name: id.slice(id.lastIndexOf('/') + 1), provider: entry.provider.toLowerCase() };
  });
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  return {
    entries,
    get: (id) => byId.get(id),
    search(query) {
      const text = query.query?.trim().toLowerCase() ?? '';
      const provider = query.provider?.trim().toLowerCase();
      const mode = query.mode?.trim().toLowerCase();
      const capabilities = query.capabilities ?? [];
      const matches: Array<{ item: Indexed; rank: number }> = [];
      for (const item of items) {
        if (provider && item.provider !== provider) continue;
        if (mode && item.entry.mode?.toLowerCase() !== mode) continue;
        if (!capabilities.every((capability) => item.entry.capabilities[capability] === true)) continue;
        const itemRank = text === '' ? 0 : rank(item, text);
        if (itemRank !== undefined) matches.push({ item, rank: itemRank });
      }
      matches.sort(
        (left, right) =>
          left.rank - right.rank ||
          left.item.id.length - right.item.id.length ||
          (left.item.id < right.item.id ? -1 : left.item.id > right.item.id ? 1 : 0),
      );
      const pageSize = Math.min(Math.max(1, Math.floor(query.pageSize ?? defaultPageSize)), maxPageSize);
      const page = Math.max(1, Math.floor(query.page ?? 1));
      const start = (page - 1) * pageSize;
      return {
        data: matches.slice(start, start + pageSize).map((match) => match.item.entry),
        total: matches.length,
        page,
        pageSize,
      };
    },
  };
}
