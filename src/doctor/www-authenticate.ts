/**
 * The Bearer challenge of a `WWW-Authenticate` header (RFC 6750 §3, RFC 9728 §5.1): its
 * auth-params as a map. Returns undefined when no challenge uses the Bearer scheme.
 */
export function parseBearerChallenge(header: string | string[] | undefined): Map<string, string> | undefined {
  const text = Array.isArray(header) ? header.join(', ') : header;
  if (!text) return undefined;
  const start = /(?:^|,)\s*Bearer(?:\s+|$)/i.exec(text);
  if (!start) return undefined;
  const params = new Map<string, string>();
  const param = /\s*([A-Za-z0-9_!#$%&'*+.^`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/y;
  param.lastIndex = start.index + start[0].length;
  for (let m = param.exec(text); m; m = param.exec(text)) {
    // A token followed by a space (not "=") starts the next challenge.
    params.set(m[1].toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]);
  }
  return params;
}
