import { hostnameOf, isLoopbackName } from './allowed-hosts.ts';

/**
 * Whether a web page of `origin` may call this server from a browser. Allowed: the server's own
 * origin (the console), pages served from this machine's loopback addresses on any port (the
 * console's dev server), and the configured `cors.allowedOrigins`; `*` there allows every page.
 * Same-origin is judged on the host alone, since TLS may end at a proxy in front.
 */
export function originAllowed(
  allowedOrigins: readonly string[],
  origin: string,
  hostHeader: string | undefined,
): boolean {
  if (allowedOrigins.includes('*')) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // `null` (sandboxed frames, file: pages) and anything malformed belong to no one we know.
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (hostHeader !== undefined && url.host === hostHeader.toLowerCase()) return true;
  if (isLoopbackName(hostnameOf(url.host))) return true;
  return allowedOrigins.some((allowed) => sameOrigin(allowed, url));
}

function sameOrigin(allowed: string, url: URL): boolean {
  try {
    return new URL(allowed).origin === url.origin;
  } catch {
    return false;
  }
}
