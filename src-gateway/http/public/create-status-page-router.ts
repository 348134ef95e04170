import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import express, { type Router } from 'express';

/** The built status page (`vite.status.config.ts` writes it to `dist-status/` at the repository root). */
export const defaultStatusPageDirectory = fileURLToPath(new URL('../../../dist-status/', import.meta.url));

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Status</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>Status page not built</h1>
<p>Build it with <code>npx vite build --config vite.status.config.ts</code>. The data is at
<a href="/public/health/summary">/public/health/summary</a>.</p></body></html>`;

/**
 * The status page's Content-Security-Policy: it is shared on the LAN, so it runs nothing but its
 * own bundle, talks only to its own origin (the public health API), and is never framed.
 */
export const statusPageContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * `GET /status` (and its assets): the status page's slot. Serves the built
 * page when present, else a short "not built" note. The page itself is owned
 * by the status page feature; this router only mounts it.
 */
export function createStatusPageRouter(options: { directory?: string } = {}): Router {
  const directory = options.directory ?? defaultStatusPageDirectory;
  const router = express.Router();
  router.use('/status', (_request, response, next) => {
    response.setHeader('Content-Security-Policy', statusPageContentSecurityPolicy);
    response.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  router.use('/status', express.static(directory, { index: false, fallthrough: true }));
  router.get(['/status', '/status/{*rest}'], (_request, response) => {
    const indexFile = path.join(directory, 'index.html');
    response.setHeader('Cache-Control', 'no-cache');
    if (existsSync(indexFile)) response.sendFile(indexFile);
    else response.type('html').send(notBuiltPage);
  });
  return router;
}
