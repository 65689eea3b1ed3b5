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

/** A Curity configuration file or any other XML: checked by a later version of mcpauth. */
export function looksLikeXml(text: string): boolean {
  return /^\uFEFF?\s*</.test(text);
}
