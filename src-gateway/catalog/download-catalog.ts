/** The least of a fetch Response the download needs (global fetch and undici's both fit). */
export interface CatalogResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
}

/** Injectable HTTP GET (tests pass a fetch bound to a local server or a fake). */
export type CatalogFetch = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<CatalogResponse>;

export interface CatalogValidators {
  etag?: string;
  lastModified?: string;
}

export type CatalogDownload =
  | ({ status: 'not-modified' } & CatalogValidators)
  | ({ status: 'downloaded'; text: string } & CatalogValidators);

export interface DownloadCatalogOptions {
  url: string;
  /** From the cached copy; sent as If-None-Match / If-Modified-Since. */
  validators?: CatalogValidators;
  fetch: CatalogFetch;
  timeoutMs: number;
  maxBytes: number;
}

/** A download that failed (status, timeout, size); the cache stays as it was. */
export class CatalogDownloadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CatalogDownloadError';
  }
}

function validatorsOf(response: CatalogResponse): CatalogValidators {
  const etag = response.headers.get('etag') ?? undefined;
  const lastModified = response.headers.get('last-modified') ?? undefined;
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

async function readBounded(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new CatalogDownloadError(`The catalog is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * One conditional GET of the catalog, bounded in time (the whole download) and
 * size (checked against Content-Length first, then while reading).
 */
export async function downloadCatalog(options: DownloadCatalogOptions): Promise<CatalogDownload> {
  if (!/^https?:\/\//i.test(options.url)) throw new CatalogDownloadError('The catalog URL must be http(s)');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
  if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await options.fetch(options.url, { headers, signal });
    if (response.status === 304) {
      await response.body?.cancel().catch(() => undefined);
      return { status: 'not-modified', ...validatorsOf(response) };
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw new CatalogDownloadError(`The catalog source answered HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new CatalogDownloadError(`The catalog is larger than ${options.maxBytes} bytes`);
    }
    const text = response.body ? await readBounded(response.body, options.maxBytes) : '';
    return { status: 'downloaded', text, ...validatorsOf(response) };
  } catch (error) {
    if (error instanceof CatalogDownloadError) throw error;
    if (signal.aborted) {
      throw new CatalogDownloadError(`The catalog download took longer than ${options.timeoutMs} ms`);
    }
    // fetch's own message is just "fetch failed"; the cause says why (ENOTFOUND: offline).
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message;
    throw new CatalogDownloadError(
      `The catalog download failed: ${(error as Error).message}${why ? ` (${why})` : ''}`,
      {
        cause: error,
      },
    );
  }
}
