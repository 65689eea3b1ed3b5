/**
 * Which kind of file this is, from its content first and its name second
 * (reference/rules.md "File types and detection"). `--type` bypasses all of it.
 */
import type { FileType } from './types.js';

const DCR_POLICY_KIND = 'mcpauth/dcr-policy';
const DEPLOYMENT_KIND = 'mcpauth/deployment';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** From the parsed content (strict, or lenient for a broken file). */
export function detectFromContent(value: unknown): FileType | undefined {
  if (!isObject(value)) return undefined;
  if (value.kind === DCR_POLICY_KIND) return 'dcr-policy';
  if (value.kind === DEPLOYMENT_KIND) return 'deployment';
  if ('mcpServers' in value) return 'desktop-config';
  if (typeof value.client_id === 'string' && /^https:\/\//i.test(value.client_id)) return 'cimd';
  if ('redirect_uris' in value) return 'client_id' in value ? 'dcr-response' : 'dcr-request';
  return undefined;
}

/**
 * From the file name: Claude Desktop's own name (a config may hold only app preferences), and the
 * `<name>.client-metadata.json` file mcpauth writes for the @file form of static client metadata.
 */
export function detectFromName(file: string): FileType | undefined {
  const base = file.split(/[\\/]/).pop() ?? file;
  if (/claude_desktop_config.*\.json$/i.test(base)) return 'desktop-config';
  if (/client[-_]metadata.*\.json$/i.test(base)) return 'client-metadata';
  return undefined;
}

export function detectType(file: string, value: unknown): FileType | undefined {
  return detectFromContent(value) ?? detectFromName(file);
}

export function looksLikeXml(text: string): boolean {
  return /^\uFEFF?\s*</.test(text);
}

export const TAIL_F_CONFIG_NS = 'http://tail-f.com/ns/config/1.0';
export const RESTCONF_NS = 'urn:ietf:params:xml:ns:yang:ietf-restconf';

/**
 * The type of an XML file, from its root element alone (read without parsing, so that a broken or
 * hostile file is still recognised): a Curity configuration is `config` in the tail-f ConfD
 * namespace (configuration files, backups, merge fragments), or `data` in the RESTCONF namespace
 * (the same tree as Curity's RESTCONF API and some of Curity's examples write it).
 */
export function detectXmlType(text: string): FileType | undefined {
  const root = xmlRoot(text);
  if (!root) return undefined;
  if (root.local === 'config' && root.namespace === TAIL_F_CONFIG_NS) return 'curity-xml';
  if (root.local === 'data' && root.namespace === RESTCONF_NS) return 'curity-xml';
  return undefined;
}

/** The root element's local name and namespace, after the prolog (declaration, comments, PIs, DOCTYPE). */
export function xmlRoot(text: string): { local: string; namespace?: string } | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('<?', i)) i = skipPast(text, i, '?>');
    else if (text.startsWith('<!--', i)) i = skipPast(text, i, '-->');
    else if (text.startsWith('<!', i)) i = skipDeclaration(text, i);
    else break;
    if (i < 0) return undefined;
  }
  const tag = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/.exec(text.slice(i, i + 4096));
  if (!tag) return undefined;
  const [prefix, local] = tag[1].includes(':') ? tag[1].split(':') : ['', tag[1]];
  const declared = new Map<string, string>();
  for (const attr of tag[2].matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    if (attr[1] === 'xmlns') declared.set('', attr[2] ?? attr[3]);
    else if (attr[1].startsWith('xmlns:')) declared.set(attr[1].slice(6), attr[2] ?? attr[3]);
  }
  return { local, namespace: declared.get(prefix) };
}

function skipPast(text: string, from: number, end: string): number {
  const at = text.indexOf(end, from);
  return at === -1 ? -1 : at + end.length;
}

/** Past a `<!DOCTYPE …>` with its internal subset, whose brackets and quotes may hold `>`. */
function skipDeclaration(text: string, from: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = from + 2; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return i + 1;
  }
  return -1;
}
