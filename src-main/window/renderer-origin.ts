/**
 * The packaged renderer is served from a privileged custom scheme, not `file://`: its pages get a
 * real origin (`app://renderer`) that the sender check and the CSP can name, history-mode routes
 * work, and nothing else on disk is reachable from the window.
 */
export const rendererScheme = 'app';
export const rendererHost = 'renderer';
export const rendererOrigin = `${rendererScheme}://${rendererHost}`;

/**
 * `scheme://host[:port]` of a URL, or undefined. WHATWG's `URL.origin` is `"null"` for custom
 * schemes, so it is built by hand.
 */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return undefined;
  }
}

/**
 * The dev server a developer points the window at (`LLM_GATEWAY_RENDERER_URL`, e.g. Vite on
 * http://localhost:5173): honoured only in an unpackaged app and only on a loopback http(s) URL,
 * so a packaged app never loads remote content whatever its environment says.
 */
export function devServerOrigin(value: string | undefined, packaged: boolean): string | undefined {
  if (packaged || !value) return undefined;
  try {
    const url = new URL(value);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && loopback) return originOf(value);
  } catch {
    // Not a URL: ignored like an unset variable.
  }
  return undefined;
}
