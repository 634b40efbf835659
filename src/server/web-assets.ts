import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** Where `npm run build` (vite) writes the console, relative to src/ or dist/ alike. */
export const WEB_DIST = resolve(import.meta.dirname, '..', '..', 'web', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * The console runs only its own files (no inline script, no other origin), talks only to this
 * server, and may not be framed, so no page can click its Approve or Stop buttons through a
 * transparent frame. Styles set from script (React's `style`) go through CSSOM, which CSP allows.
 */
const CONSOLE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; " +
    "frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Stepwise</title>
<body><h1>Stepwise</h1>
<p>The AWS Step Functions API is served at <code>POST /</code> (JSON 1.0 protocol).</p>
<p>The web console has not been built: run <code>npm run build</code> and restart.</p></body>`;

/**
 * Serves the built console for GET/HEAD requests. The console routes with the URL hash, so only
 * real files exist; any other path that is not a file gets index.html (a bookmarked deep link
 * still opens the app). Returns false when the request is not for the console.
 */
export function createWebAssetsHandler(
  dir: string = WEB_DIST,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const root = resolve(dir);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = decodePath(req.url ?? '/');
    if (path === undefined) return false;
    const index = join(root, 'index.html');
    if (!existsSync(index)) {
      if (path !== '/' && path !== '/index.html') return false;
      res.writeHead(200, { ...CONSOLE_HEADERS, 'Content-Type': TYPES['.html'] }).end(NOT_BUILT);
      return true;
    }
    const file = normalize(join(root, path));
    // normalize() resolves `..`; anything that escapes the root is not ours to serve.
    const inside = file === root || file.startsWith(root + sep);
    const target = inside && isFile(file) ? file : index;
    const hashed = target.includes(`${sep}assets${sep}`);
    const body = readFileSync(target);
    res.writeHead(200, {
      ...CONSOLE_HEADERS,
      'Content-Type': TYPES[extname(target)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      // Vite puts a content hash in every asset name; index.html must always be re-read.
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}

function decodePath(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url, 'http://x').pathname);
  } catch {
    return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
