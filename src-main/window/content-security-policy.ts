/**
 * The window's Content-Security-Policy: only the app's own origin, no inline or eval'd script, no
 * remote origins, no frames, plugins or form posts. Naive UI injects its styles at run time, so
 * styles may be inline (`'unsafe-inline'` for style-src only). A dev server adds its own origin and
 * its hot-reload websocket.
 */
export function contentSecurityPolicy(devServer?: string): string {
  const self = devServer ? `'self' ${devServer}` : "'self'";
  const connect = devServer ? `${self} ${devServer.replace(/^http/, 'ws')}` : self;
  return [
    `default-src ${self}`,
    `script-src ${self}`,
    `style-src ${self} 'unsafe-inline'`,
    `img-src ${self} data:`,
    `font-src ${self} data:`,
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
