import type { WebContents } from 'electron';
import { isSafeExternalUrl } from './is-safe-external-url.ts';
import { originOf } from './renderer-origin.ts';

/**
 * The window may not leave the app: navigation to another origin, redirects and `window.open` are
 * denied, webviews never attach. A link to an https page opens in the system browser instead
 * (after the scheme check); anything else goes nowhere.
 */
export function hardenWebContents(
  contents: WebContents,
  options: { trustedOrigins: readonly string[]; openExternal(url: string): void },
): void {
  const inApp = (url: string) => {
    const origin = originOf(url);
    return origin !== undefined && options.trustedOrigins.includes(origin);
  };
  const leave = (url: string) => {
    if (isSafeExternalUrl(url)) options.openExternal(url);
  };
  contents.setWindowOpenHandler(({ url }) => {
    leave(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (inApp(event.url)) return;
    event.preventDefault();
    leave(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!inApp(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
