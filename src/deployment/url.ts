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
