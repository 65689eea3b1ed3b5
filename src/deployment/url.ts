/** URL facts shared by the generators, the wizard and the rules (mcp-remote's own checks, §1.2 step 18-19). */

export const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/** Placeholders copied from READMEs: `https://<your-server>/mcp`, `{host}`, `XXXX`, `your-…`. */
export function urlPlaceholder(url: string): string | undefined {
  if (/[<>{}]/.test(url)) return 'holds a <placeholder> or {placeholder}';
  if (/XXX|your-|YOUR[-_]/i.test(url)) return 'holds a placeholder (your-…, XXX)';
  return undefined;
}

/**
 * Why mcp-remote would refuse this server URL, or undefined. mcp-remote accepts `https`, and `http`
 * only for exactly `localhost` or `127.0.0.1` (anything else needs --allow-http, which we never emit).
 */
export function serverUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not an absolute URL';
  }
  const placeholder = urlPlaceholder(url);
  if (placeholder) return placeholder;
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && (parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1')) return undefined;
  if (parsed.protocol === 'http:') return 'uses http on a host that is not localhost or 127.0.0.1 (mcp-remote requires https there)';
  return `uses the scheme "${parsed.protocol.replace(/:$/, '')}" (https is required)`;
}

/** The default resource identifier: the URL as the WHATWG parser normalises it (an origin gains "/"). */
export function defaultResource(url: string): string {
  return new URL(url).href;
}

export interface UrlJudgement {
  /** Why the URL cannot be used. */
  problem?: string;
  /** Something the user should know, though the URL works. */
  note?: string;
}

/**
 * A Client ID Metadata Document URL (reference/oauth-dcr.md CIM-003…007): https, a path other
 * than "/", no fragment, user or dot segments. It is the client_id, compared byte for byte, so it
 * must already be in the form URL parsers normalise it to.
 */
export function clientMetadataUrlJudgement(url: string): UrlJudgement {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: 'is not an absolute URL' };
  }
  const placeholder = urlPlaceholder(url);
  if (placeholder) return { problem: placeholder };
  if (parsed.protocol !== 'https:') return { problem: 'must use https (a CIMD client id is an https URL)' };
  if (parsed.username || parsed.password) return { problem: 'must not hold a user name or password' };
  if (parsed.hash || url.includes('#')) return { problem: 'must not have a #fragment' };
  if (/\/\.{1,2}(?=\/|\?|$)/.test(url.replace(/^https:\/\/[^/]*/i, ''))) return { problem: 'must not hold "." or ".." path segments' };
  if (parsed.pathname === '/') return { problem: 'needs a path other than "/", such as https://clients.example.com/claude-desktop.json' };
  if (parsed.href !== url) {
    return { problem: `is not written in its normal form ${parsed.href}; use that form, because the client_id must equal the URL byte for byte wherever it is compared` };
  }
  if (parsed.search) return { note: `the Client ID Metadata Document URL ${url} has a query string, which CIMD advises against` };
  if (isLoopbackHost(parsed.hostname) || /^\d+\.\d+\.\d+\.\d+$/.test(parsed.hostname) || parsed.hostname.startsWith('[')) {
    return { note: `the Client ID Metadata Document URL ${url} names an IP address or loopback host; authorization servers refuse those (Curity only with "Localhost Allowed")` };
  }
  return {};
}
