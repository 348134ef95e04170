import type { Settings } from '../../src-shared/schemas/settings.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { CatalogRepository } from '../storage/repositories/catalog-repository.ts';
import type { BundledCatalog } from './bundled-catalog.ts';
import type { CatalogEntry, CatalogStatus } from './catalog-entry.ts';
import {
  createCatalogIndex,
  type CatalogIndex,
  type CatalogPage,
  type CatalogQuery,
} from './catalog-index.ts';
import { downloadCatalog, type CatalogFetch } from './download-catalog.ts';
import { parseCatalog } from './parse-catalog.ts';

export interface CatalogServiceOptions {
  repository: CatalogRepository;
  /** Read at every refresh, so a changed `catalog.url` applies without a restart. */
  getSettings(): Promise<Settings['catalog']>;
  fetch: CatalogFetch;
  /** The price list shipped with the app, used until a download succeeds. None: empty until then. */
  bundled?: BundledCatalog;
  /** Fetch from here instead of settings `catalog.url` (tests, or a mirror fixed by the deployment). */
  url?: string;
  clock: Clock;
  logger: Logger;
  /** Refresh in the background (daily). Off unless the composition root turns it on, so tests stay offline. */
  autoRefresh?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  /** How old the cache may get before the background check refreshes it. Default 24 h. */
  maxAgeMs?: number;
  /** How often the background check runs. Default 1 h. */
  checkIntervalMs?: number;
  /** Delay of the first background check after `start()`. Default 5 s. */
  startDelayMs?: number;
}

export interface CatalogRefreshResult {
  outcome: 'updated' | 'not-modified' | 'failed';
  error?: string;
  status: CatalogStatus;
}

/** The model catalog: searched in memory, cached raw in SQLite, refreshed in the background. */
export interface CatalogService {
  status(): Promise<CatalogStatus>;
  search(query: CatalogQuery): Promise<CatalogPage>;
  get(id: string): Promise<CatalogEntry | undefined>;
  /** Fetch now (conditional on the cache); concurrent calls share one download. Never throws. */
  refresh(): Promise<CatalogRefreshResult>;
  start(): void;
  stop(): void;
}

const hour = 3_600_000;

/**
 * Never blocks start-up or a request on the network: searches use whatever is
 * cached (loaded lazily from SQLite on first use); a refresh replaces the
 * in-memory index only after the new download parsed, and a failure keeps the old one.
 */
export function createCatalogService(options: CatalogServiceOptions): CatalogService {
  const { repository, clock, logger } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const maxAgeMs = options.maxAgeMs ?? 24 * hour;
  const autoRefresh = options.autoRefresh ?? false;
  let loading: Promise<CatalogIndex> | undefined;
  /** Which copy `loading` holds. */
  let source: CatalogStatus['source'] = 'none';
  let refreshing: Promise<CatalogRefreshResult> | undefined;
  let lastError: string | undefined;
  let timers: NodeJS.Timeout[] = [];
  const now = () => new Date(clock.now()).toISOString();
  const sourceUrl = async () => options.url ?? (await options.getSettings()).url;

  function index(): Promise<CatalogIndex> {
    loading ??= (async () => {
      const body = await repository.getBody();
      if (body !== undefined) {
        try {
          const entries = parseCatalog(body);
          source = 'fetched';
          return createCatalogIndex(entries);
        } catch (error) {
          lastError = `The cached catalog is unreadable: ${(error as Error).message}`;
        }
      }
      return loadBundled();
    })();
    return loading;
  }

  function loadBundled(): CatalogIndex {
    if (!options.bundled) return createCatalogIndex([]);
    try {
      const entries = parseCatalog(options.bundled.read());
      source = 'bundled';
      return createCatalogIndex(entries);
    } catch (error) {
      // A packaging fault, not a user's: say so in the status and run with an empty catalog.
      lastError = `The bundled catalog is unreadable: ${(error as Error).message}`;
      logger.error({ err: error }, 'the bundled catalog snapshot is unreadable');
      return createCatalogIndex([]);
    }
  }

  async function status(): Promise<CatalogStatus> {
    const [settings, meta, loaded] = await Promise.all([
      options.getSettings(),
      repository.getMeta(),
      index(),
    ]);
    return {
      url: options.url ?? settings.url,
      entryCount: loaded.entries.length,
      source,
      ...(source === 'fetched' && meta ? { fetchedAt: meta.fetchedAt } : {}),
      ...(source === 'bundled' && options.bundled ? { fetchedAt: options.bundled.takenAt } : {}),
      ...(meta ? { updatedAt: meta.fetchedAt, checkedAt: meta.checkedAt } : {}),
      ...(lastError ? { lastError } : {}),
      refreshing: refreshing !== undefined,
      autoRefresh: autoRefresh && settings.autoRefresh,
    };
  }

  async function download(): Promise<CatalogRefreshResult['outcome']> {
    const url = await sourceUrl();
    const meta = await repository.getMeta();
    // Validators only describe the cached copy of the same URL.
    const validators =
      meta && meta.url === url ? { etag: meta.etag, lastModified: meta.lastModified } : undefined;
    const result = await downloadCatalog({ url, validators, fetch: options.fetch, timeoutMs, maxBytes });
    if (result.status === 'not-modified') {
      if (!meta) throw new Error('The catalog source answered 304 but nothing is cached');
      await repository.markChecked(now(), result);
      return 'not-modified';
    }
    const entries = parseCatalog(result.text);
    const at = now();
    await repository.save(
      {
        url,
        etag: result.etag,
        lastModified: result.lastModified,
        entryCount: entries.length,
        fetchedAt: at,
        checkedAt: at,
      },
      result.text,
    );
    loading = Promise.resolve(createCatalogIndex(entries));
    source = 'fetched';
    return 'updated';
  }

  function refresh(): Promise<CatalogRefreshResult> {
    refreshing ??= (async () => {
      let outcome: CatalogRefreshResult['outcome'];
      let error: string | undefined;
      try {
        outcome = await download();
        lastError = undefined;
      } catch (failure) {
        outcome = 'failed';
        error = lastError = (failure as Error).message;
        // Offline is an expected condition: one line saying what is used instead; the stack only at debug.
        logger.debug({ err: failure }, 'catalog refresh failed');
        await index();
        logger.warn(
          `Could not refresh the model catalog (${error}); using the ${describeSource()} until the next try.`,
        );
      }
      refreshing = undefined;
      return { outcome, ...(error ? { error } : {}), status: await status() };
    })();
    return refreshing;
  }

  function describeSource(): string {
    if (source === 'fetched') return 'copy downloaded earlier';
    if (source === 'bundled' && options.bundled)
      return `snapshot bundled with the app (${options.bundled.takenAt.slice(0, 10)})`;
    return 'empty catalog';
  }

  async function refreshIfStale(): Promise<void> {
    const settings = await options.getSettings();
    if (!settings.autoRefresh) return;
    const meta = await repository.getMeta();
    const stale =
      !meta || meta.url !== (await sourceUrl()) || clock.now() - Date.parse(meta.checkedAt) >= maxAgeMs;
    if (stale) await refresh();
  }

  const check = () => {
    refreshIfStale().catch((error: unknown) => logger.error({ err: error }, 'catalog check failed'));
  };

  return {
    status,
    async search(query) {
      return (await index()).search(query);
    },
    async get(id) {
      return (await index()).get(id);
    },
    refresh,
    start() {
      if (!autoRefresh || timers.length > 0) return;
      timers = [
        setTimeout(check, options.startDelayMs ?? 5000),
        setInterval(check, options.checkIntervalMs ?? hour),
      ];
      for (const timer of timers) timer.unref();
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers = [];
    },
  };
}
