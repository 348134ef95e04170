import { isIP } from 'node:net';

export interface HostCheckOptions {
  /** The address the gateway binds (`HOST`): a name there is a name the user reaches it by. */
  host?: string;
  /** Further names (`ALLOWED_HOSTS`); `.example.com` allows the name and its subdomains. */
  allowedHosts?: readonly string[];
}

/** `Host` header values already judged, so the hot path pays one map lookup per request. */
const memoLimit = 256;

/** The host name of a `Host` header value, lower-cased, without port, brackets or trailing dot. */
export function hostNameOf(header: string): string {
  let name = header.trim().toLowerCase();
  if (name.startsWith('[')) {
    const close = name.indexOf(']');
    return close === -1 ? name : name.slice(1, close);
  }
  const colon = name.indexOf(':');
  if (colon !== -1) name = name.slice(0, colon);
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/**
 * The DNS-rebinding guard: is a request's `Host` header one this gateway answers to?
 *
 * A page in the user's browser can point its own name at 127.0.0.1 and then talk to the
 * gateway as a same-origin page; the only trace is its name in `Host`. So names are allowed
 * only when they cannot be rebound (`localhost` and `*.localhost`, which browsers resolve to
 * loopback themselves, RFC 6761) or when the user listed them (`HOST`, `ALLOWED_HOSTS`).
 * Any IP literal is allowed: a browser only sends one when the page itself was loaded from
 * that address, so no rebinding is involved (and the LAN listener is reached by the
 * machine's LAN IP). A request without `Host` (HTTP/1.0) does not come from a browser.
 */
export function createHostCheck(options: HostCheckOptions = {}): (header: string | undefined) => boolean {
  const exact = new Set<string>();
  const suffixes: string[] = ['.localhost'];
  for (const entry of [options.host ?? '', ...(options.allowedHosts ?? [])]) {
    const name = hostNameOf(entry);
    if (name === '' || name === '0.0.0.0' || name === '::') continue;
    if (name.startsWith('.')) {
      suffixes.push(name);
      exact.add(name.slice(1));
    } else exact.add(name);
  }
  const judge = (header: string): boolean => {
    const name = hostNameOf(header);
    if (name === 'localhost' || exact.has(name) || isIP(name) !== 0) return true;
    return suffixes.some((suffix) => name.endsWith(suffix));
  };
  const memo = new Map<string, boolean>();
  return function isAllowedHost(header) {
    if (header === undefined || header === '') return true;
    let allowed = memo.get(header);
    if (allowed === undefined) {
      allowed = judge(header);
      if (memo.size >= memoLimit) memo.clear();
      memo.set(header, allowed);
    }
    return allowed;
  };
}
