/**
 * URI rules shared by the dcr/, cimd/, policy/ and mcp-remote/ families
 * (reference/oauth-dcr.md DCQ-004…009, CIM-004/005, POL-003).
 */
import { isLoopbackHost } from '../deployment/url.js';

export { isLoopbackHost };

const DANGEROUS_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:']);

/** Hosts that are not reachable from the internet: loopback, RFC 1918, link-local, local names. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (isLoopbackHost(hostname) || host === '::1' || host === '0.0.0.0') return true;
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (/^f[cd][0-9a-f]{2}:|^fe80:/.test(host)) return true;
  if (!host.includes('.')) return true;
  return /\.(local|internal|lan|localhost|home\.arpa|test)$/.test(host);
}

export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

export interface UriProblem {
  message: string;
  /** Problems that are advice rather than a sure failure. */
  severity?: 'warning';
}

/** Why a redirect URI is not acceptable for an MCP client (OAuth 2.1 §2.3, MCP "localhost or HTTPS"). */
export function redirectUriProblem(uri: string): UriProblem | undefined {
  const url = parseUrl(uri);
  if (!url) return { message: 'is not an absolute URI' };
  if (DANGEROUS_SCHEMES.has(url.protocol)) return { message: `uses the dangerous scheme "${url.protocol.slice(0, -1)}"` };
  if (url.hash !== '' || uri.includes('#')) return { message: 'has a fragment (#…), which redirect URIs must not have' };
  if (url.username !== '' || url.password !== '') return { message: 'holds a user name or password' };
  if (url.protocol === 'https:') {
    if (isLoopbackHost(url.hostname)) return { message: 'uses https on a loopback host; native clients listen with plain http there (RFC 8252 §7.3)', severity: 'warning' };
    return undefined;
  }
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return undefined;
    return { message: `uses http on "${url.hostname}"; only loopback hosts (localhost, 127.0.0.1, [::1]) may use http` };
  }
  return { message: `uses the private-use scheme "${url.protocol.slice(0, -1)}"; MCP accepts only https and loopback http redirect URIs` };
}

/** Why a URL cannot be a client_id of a Client ID Metadata Document (CIMD §3). */
export function clientIdUrlProblem(text: string): string | undefined {
  const url = parseUrl(text);
  if (!url) return 'is not an absolute URL';
  if (url.protocol !== 'https:') return 'must use https';
  if (url.hash !== '' || text.includes('#')) return 'must not have a fragment (#…)';
  if (url.username !== '' || url.password !== '') return 'must not hold a user name or password';
  const rawPath = text.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/[?#].*$/, '');
  if (/(^|\/)\.\.?(\/|$)/.test(rawPath)) return 'must not have "." or ".." path segments';
  if (rawPath === '' || rawPath === '/') return 'must have a path (such as /client.json), not just the host';
  return undefined;
}

/** The origin (scheme and host) of a URL, or undefined. */
export function originOf(text: string): string | undefined {
  const url = parseUrl(text);
  return url ? `${url.protocol}//${url.hostname.toLowerCase()}` : undefined;
}

export const SECRET_AUTH_METHODS = new Set(['client_secret_basic', 'client_secret_post', 'client_secret_jwt']);
