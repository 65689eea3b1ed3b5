/**
 * Credentials in the files mcpauth reads: how to recognise them (for desktop/secret-in-args) and
 * which literal values a document holds, so that nothing mcpauth prints (a diff, a finding) shows
 * them. Recognition is by position: an argument that carries a credential, an env variable with a
 * secret-sounding name, an OAuth field that is a secret by definition.
 */
const CREDENTIAL_HEADER = /^([A-Za-z0-9_-]*(?:authorization|token|api[-_]?key|secret|password|cookie)[A-Za-z0-9_-]*)\s*:\s*(.+)$/i;
const CREDENTIAL_FLAG = /^--?(?:token|access-token|api[-_]?key|secret|client-secret|password|auth-token)$/i;
const CREDENTIAL_QUERY = /[?&](?:api[_-]?key|apikey|access_token|token|key|secret|client_secret|password)=([^&#\s]{8,})/i;

/** A literal value, not a variable reference or a <placeholder> from a README. */
function isLiteralSecret(value: string): boolean {
  const v = value.trim();
  if (v.length < 8) return false;
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(v) || /\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(v)) return false;
  if (/[<>]/.test(v) || /^(your|my)[-_]/i.test(v)) return false;
  return true;
}

/** What kind of credential an argument holds, or undefined. Never returns the value itself. */
export function credentialIn(arg: string, previous: string | undefined): string | undefined {
  return findCredential(arg, previous)?.what;
}

/** The credential in an argument: what kind it is, and the part of the argument that is secret. */
function findCredential(arg: string, previous: string | undefined): { what: string; value: string } | undefined {
  const bearer = /\b(Bearer|Basic)\s+(\S+)/i.exec(arg);
  if (bearer && isLiteralSecret(bearer[2])) return { what: `a ${bearer[1]} credential`, value: bearer[2] };
  const header = CREDENTIAL_HEADER.exec(arg);
  const headerValue = header?.[2].replace(/^(Bearer|Basic)\s+/i, '');
  if (header && headerValue !== undefined && !/^https?$/i.test(header[1]) && isLiteralSecret(headerValue)) return { what: `a credential in the "${header[1]}" header`, value: headerValue.trim() };
  if (previous !== undefined && CREDENTIAL_FLAG.test(previous) && isLiteralSecret(arg)) return { what: `a credential after ${previous}`, value: arg };
  // mcp-remote 0.15.1 expands ${VAR} in --static-oauth-client-info: a reference is not a secret.
  const json = /"client_secret"\s*:\s*"((?!\$\{)[^"]+)"/.exec(arg) ?? /\bclient_secret=((?!\$\{)[^&\s]+)/.exec(arg);
  if (json) return { what: 'a client_secret', value: json[1] };
  const query = CREDENTIAL_QUERY.exec(arg);
  if (query && isLiteralSecret(query[1])) return { what: 'a credential in a URL query', value: query[1] };
  return undefined;
}

/** env names whose values are credentials (GITHUB_PERSONAL_ACCESS_TOKEN, API_KEY, DB_PASSWORD, AUTH_HEADER…). */
const SECRET_ENV_NAME = /token|secret|passw(?:or)?d|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth|cookie|session/i;
/** JSON members that hold a secret wherever they appear (RFC 6749, RFC 7591). */
const SECRET_FIELDS = new Set(['client_secret', 'registration_access_token', 'access_token', 'refresh_token', 'id_token', 'password', 'client_assertion']);
const MAX_DEPTH = 64;

/** The literal credentials in a parsed JSON document (a desktop config, client metadata, a registration response…). */
export function credentialValues(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((item) => walk(item, depth + 1));
      return;
    }
    for (const [key, member] of Object.entries(node)) {
      if (typeof member === 'string' && SECRET_FIELDS.has(key) && member !== '') found.add(member);
      if (key === 'env' && member !== null && typeof member === 'object' && !Array.isArray(member)) {
        for (const [name, v] of Object.entries(member)) if (typeof v === 'string' && SECRET_ENV_NAME.test(name) && isLiteralSecret(v)) found.add(v);
      }
      if (key === 'args' && Array.isArray(member)) {
        let previous: string | undefined;
        for (const arg of member) {
          if (typeof arg !== 'string') continue;
          const credential = findCredential(arg, previous);
          if (credential) found.add(credential.value);
          // JSON passed as an argument (--static-oauth-client-info) may hold client_secret.
          if (/^\s*\{/.test(arg)) walk(parseOrUndefined(arg), depth + 1);
          previous = arg;
        }
      }
      walk(member, depth + 1);
    }
  };
  walk(value, 0);
  return [...found];
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `text` with every occurrence of the values (as written, and as written inside a JSON string) replaced. */
export function hideValues(text: string, values: readonly string[], mask = '<redacted>'): string {
  const forms = new Set<string>();
  for (const value of values) {
    if (value.length < 4) continue; // too short to be a secret, too common to hide
    forms.add(value);
    forms.add(JSON.stringify(value).slice(1, -1));
  }
  let out = text;
  // Longest first: a whole argument before the token inside it.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join(mask);
  return out;
}
