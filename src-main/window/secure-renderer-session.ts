import { protocol, session } from 'electron';
import { contentSecurityPolicy } from './content-security-policy.ts';
import { createRendererProtocolHandler } from './create-renderer-protocol-handler.ts';
import { rendererScheme } from './renderer-origin.ts';

/**
 * After `ready`: serve the renderer build at `app://renderer` under the CSP, refuse every
 * permission but writing to the clipboard (the copy buttons), and give a dev server's pages the
 * same CSP.
 */
export function secureRendererSession(options: { rendererDirectory: string; devOrigin?: string }): void {
  const csp = contentSecurityPolicy(options.devOrigin);
  protocol.handle(
    rendererScheme,
    createRendererProtocolHandler({ directory: options.rendererDirectory, contentSecurityPolicy: csp }),
  );
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permission === 'clipboard-sanitized-write'),
  );
  session.defaultSession.setPermissionCheckHandler(
    (_contents, permission) => permission === 'clipboard-sanitized-write',
  );
  if (options.devOrigin)
    session.defaultSession.webRequest.onHeadersReceived(
      { urls: [`${options.devOrigin}/*`] },
      (details, callback) =>
        callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } }),
    );
}
