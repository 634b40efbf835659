import { isIP } from 'node:net';

/** Names that always mean this machine; a rebinding page cannot be served under them. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

export function isLoopbackName(hostname: string): boolean {
  return LOOPBACK_NAMES.has(hostname.toLowerCase());
}

/** The host name of a `Host` header or URL authority, without port and IPv6 brackets. */
export function hostnameOf(authority: string): string {
  const bracketed = /^\[([^\]]*)\]/.exec(authority);
  if (bracketed) return (bracketed[1] ?? '').toLowerCase();
  const colon = authority.indexOf(':');
  return (colon < 0 ? authority : authority.slice(0, colon)).toLowerCase();
}

export interface HostRules {
  /** The address the server listens on (`localhost`, `127.0.0.1`, `0.0.0.0`, a name…). */
  readonly bindHost: string;
  /** `allowedHosts`: exact names, `.example.com` for a domain and its subdomains, or `*`. */
  readonly allowedHosts?: readonly string[] | undefined;
  /** The URL peers reach this server at; its name is this server's own. */
  readonly advertiseUrl?: string | undefined;
}

/**
 * The `Host` check against DNS rebinding (as Jupyter and webpack-dev-server do): a page at
 * `evil.example` whose name is re-pointed at 127.0.0.1 reaches this server same-origin, but its
 * requests still say `Host: evil.example`. A server on loopback answers loopback names only; one
 * bound elsewhere also its own name and IP addresses (a page cannot be served under a bare IP
 * address it does not own); anything more is configured.
 */
export function hostAllowed(rules: HostRules, hostHeader: string | undefined): boolean {
  // HTTP/1.0 clients may omit Host; browsers never do, so no page can use that.
  if (hostHeader === undefined || hostHeader === '') return true;
  const name = hostnameOf(hostHeader);
  if (isLoopbackName(name)) return true;
  const own = [rules.bindHost, rules.advertiseUrl ? new URL(rules.advertiseUrl).hostname : ''];
  if (own.some((h) => hostnameOf(h) === name || h.toLowerCase() === name)) return true;
  if (!isLoopbackName(rules.bindHost) && isIP(name) !== 0) return true;
  return (rules.allowedHosts ?? []).some((entry) => {
    const pattern = entry.toLowerCase();
    if (pattern === '*') return true;
    if (pattern.startsWith('.')) return name === pattern.slice(1) || name.endsWith(pattern);
    return name === hostnameOf(pattern);
  });
}
