import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';

/** The cached catalog download without its body (cheap to read for status and revalidation). */
export const catalogCacheMetaSchema = z.object({
  url: z.string(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  entryCount: z.number().int(),
  fetchedAt: z.string(),
  checkedAt: z.string(),
});
export type CatalogCacheMeta = z.infer<typeof catalogCacheMetaSchema>;

/** One cached download of the model catalog, raw JSON kept as received. */
export interface CatalogRepository {
  getMeta(): Promise<CatalogCacheMeta | undefined>;
  getBody(): Promise<string | undefined>;
  /** Replace the cache with a new download. */
  save(meta: CatalogCacheMeta, body: string): Promise<void>;
  /** The source confirmed the cache (304): record when, and any new validators. */
  markChecked(checkedAt: string, validators: { etag?: string; lastModified?: string }): Promise<void>;
}

export function createSqliteCatalogRepository(db: BetterSqlite3.Database): CatalogRepository {
  const selectMeta = db.prepare(
    'SELECT url, etag, last_modified AS lastModified, entry_count AS entryCount, fetched_at AS fetchedAt, checked_at AS checkedAt FROM catalog_cache WHERE id = 1',
  );
  const selectBody = db.prepare('SELECT body FROM catalog_cache WHERE id = 1').pluck();
  const upsert = db.prepare(
    `INSERT INTO catalog_cache (id, url, body, etag, last_modified, entry_count, fetched_at, checked_at)
     VALUES (1, @url, @body, @etag, @lastModified, @entryCount, @fetchedAt, @checkedAt)
     ON CONFLICT (id) DO UPDATE SET url = excluded.url, body = excluded.body, etag = excluded.etag,
       last_modified = excluded.last_modified, entry_count = excluded.entry_count,
       fetched_at = excluded.fetched_at, checked_at = excluded.checked_at`,
  );
  const touch = db.prepare(
    'UPDATE catalog_cache SET checked_at = @checkedAt, etag = COALESCE(@etag, etag), last_modified = COALESCE(@lastModified, last_modified) WHERE id = 1',
  );
  return {
    async getMeta() {
      const row = selectMeta.get() as Record<string, unknown> | undefined;
      if (row === undefined) return undefined;
      const present = Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null));
      return catalogCacheMetaSchema.parse(present);
    },
    async getBody() {
      return selectBody.get() as string | undefined;
    },
    async save(meta, body) {
      upsert.run({ etag: null, lastModified: null, ...meta, body });
    },
    async markChecked(checkedAt, validators) {
      touch.run({ checkedAt, etag: validators.etag ?? null, lastModified: validators.lastModified ?? null });
    },
  };
}
