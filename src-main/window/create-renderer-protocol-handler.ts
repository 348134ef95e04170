import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { rendererHost } from './renderer-origin.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Shown when the app was started without a renderer build. */
const notBuiltPage =
  '<!doctype html><meta charset="utf-8"><title>LLM Gateway</title>' +
  '<p>The management UI is not built. Run <code>npm run build:renderer</code> (or <code>npm run dist</code>) and start again.</p>';

/**
 * Serves the renderer build (`directory`) at `app://renderer/…` for `protocol.handle`: files by
 * path, `index.html` for any other path without a file extension (history-mode routes), 404 for a
 * missing asset or a path that would climb out of the folder. Every answer carries the CSP.
 */
export function createRendererProtocolHandler(options: {
  directory: string;
  contentSecurityPolicy: string;
}): (request: Request) => Promise<Response> {
  const root = path.resolve(options.directory);
  const headers = (contentType: string) => ({
    'content-type': contentType,
    'content-security-policy': options.contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  });
  const notFound = () => new Response('Not found', { status: 404, headers: headers(contentTypes['.txt']!) });

  async function fileAt(relative: string): Promise<string | undefined> {
    const file = path.resolve(root, relative);
    if (file !== root && !file.startsWith(root + path.sep)) return undefined;
    const info = await stat(file).catch(() => undefined);
    return info?.isFile() ? file : undefined;
  }

  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== rendererHost || (request.method !== 'GET' && request.method !== 'HEAD'))
      return notFound();
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    } catch {
      return notFound();
    }
    // A NUL byte or a backslash has no business in a URL path of this app.
    if (/[\0\\]/.test(relative)) return notFound();
    let file = await fileAt(relative === '' ? 'index.html' : relative);
    if (!file && path.extname(relative) === '') {
      file = await fileAt('index.html');
      if (!file) return new Response(notBuiltPage, { status: 200, headers: headers(contentTypes['.html']!) });
    }
    if (!file) return notFound();
    const type = contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, { status: 200, headers: headers(type) });
  };
}
