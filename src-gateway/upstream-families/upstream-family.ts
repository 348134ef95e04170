/** The header an upstream key travels in, lower-cased as upstream calls send it. */
export type KeyHeader = 'authorization' | 'x-api-key' | 'x-goog-api-key' | 'api-key';

/**
 * What an upstream family states about its endpoint, as data: where the
 * vendor's API lives, how the key is sent, the headers every request carries
 * and the path of each operation the gateway uses (below the base URL).
 */
export interface UpstreamFamily {
  /** The vendor's own base URL, as its official SDK takes it (the presets use it). */
  readonly defaultBaseUrl: string;
  /** The header the key travels in. */
  readonly keyHeader: KeyHeader;
  /** What precedes the key in that header (`Bearer `), or nothing. */
  readonly keyPrefix: string;
  /** Sent with every request (an API version); names lower-cased. A call's own headers may replace them. */
  readonly headers: Readonly<Record<string, string>>;
  /** Per operation: a path, or a function of its parts (API version, model). */
  readonly paths: Readonly<Record<string, string | ((...parts: string[]) => string)>>;
}
