import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';

/** The built management UI (`vite.renderer.config.ts` writes it to `dist-renderer/` at the repository root). */
export const defaultRendererDirectory = fileURLToPath(new URL('../../dist-renderer/', import.meta.url));

/**
 * The management UI's Content-Security-Policy: its own origin only, no inline script, no remote
 * origin, never framed. `style-src` allows inline styles because Naive UI (css-render) injects its
 * component styles as `<style>` elements at run time; scripts stay strictly `'self'`. `img-src`
 * allows `data:` for generated images (QR codes, chart exports).
 */
export const rendererContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that belong to the APIs and the status page: never answered with the app. */
const reservedPrefixes = ['/api', '/v1', '/status', '/public', '/metrics', '/healthz'];

function isReserved(requestPath: string): boolean {
  return reservedPrefixes.some((prefix) => requestPath === prefix || requestPath.startsWith(`${prefix}/`));
}

function setSecurityHeaders(response: Response): void {
  response.setHeader('Content-Security-Policy', rendererContentSecurityPolicy);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
}

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LLM Gateway</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>The management UI is not built</h1>
<p>Build it with <code>npx vite build --config vite.renderer.config.ts</code> (<code>npm start</code> does
on first start). The admin API is at <a href="/api/openapi.json">/api</a>.</p></body></html>`;

/**
 * The management UI on the main (loopback) listener: its static files, and `index.html` for `/`
 * and for any other GET that asks for HTML outside the APIs (the app's client-side routes, so a
 * reload of `/providers` works). Every answer carries a strict CSP. The LAN listener never mounts
 * this router (create-lan-app.ts), so nothing admin-related is reachable there.
 */
export function createRendererRouter(options: { directory?: string } = {}): Router {
  const directory = options.directory ?? defaultRendererDirectory;
  const indexFile = path.join(directory, 'index.html');
  const router = express.Router();
  const assets = express.static(directory, {
    index: false,
    fallthrough: true,
    setHeaders(response, file) {
      setSecurityHeaders(response);
      // Vite names assets by their content hash: a new build has new names.
      const hashed = path.relative(directory, file).startsWith(`assets${path.sep}`);
      response.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  router.use(function serveAsset(request: Request, response: Response, next: NextFunction) {
    if (isReserved(request.path) || request.path === '/index.html') next();
    else assets(request, response, next);
  });
  router.get('/{*rest}', function serveApp(request: Request, response: Response, next: NextFunction) {
    const wantsHtml = request.path === '/' || (request.headers.accept ?? '').includes('text/html');
    if (isReserved(request.path) || !wantsHtml) {
      next();
      return;
    }
    setSecurityHeaders(response);
    response.setHeader('Cache-Control', 'no-cache');
    if (existsSync(indexFile)) response.sendFile(indexFile);
    else response.type('html').send(notBuiltPage);
  });
  return router;
}
