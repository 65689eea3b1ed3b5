/**
 * Diffs of a Claude Desktop config show lines of the user's other servers, whose `env` often holds
 * API keys and tokens. What mcpauth prints (never what it writes) hides values that look secret:
 * a string value under a key naming a token, secret, password, key or credential, and the part
 * after "Bearer ".
 */
import { hideValues } from '../secrets/credentials.js';

const SECRET_KEY = /("[^"\n]*(?:token|secret|passw(?:or)?d|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth)[^"\n]*"\s*:\s*)"(?:[^"\\\n]|\\.)*"/gi;
const BEARER = /(Bearer\s+)[^\s"\\]+/g;

/**
 * `values`: the literal credentials the files hold (secrets/credentials.ts), hidden wherever they
 * appear (a URL query, the argument after --api-key, JSON inside an argument); the patterns catch
 * what looks secret by its name.
 */
export function redactSecrets(text: string, values: readonly string[] = []): string {
  return hideValues(text, values).replace(SECRET_KEY, '$1"<redacted>"').replace(BEARER, '$1<redacted>');
}
