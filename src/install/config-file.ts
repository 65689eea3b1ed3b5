/**
 * Reads a claude_desktop_config.json as Claude Desktop does (strict JSON, UTF-8, no BOM) and
 * refuses, with the line and column, anything it could not edit without losing a byte.
 */
import { FailureError, UsageError } from '../errors.js';
import { readBytesIfExists } from '../fsx/write-plan.js';
import { decodeUtf8Strict } from '../fsx/text.js';
import { SERVERS_KEY } from '../generators/desktop-config-merge.js';
import { duplicateKeyAlong, parseStrictJson } from '../json/strict.js';

export interface DesktopConfig {
  text: string;
  bytes: Buffer;
  /** The parsed top level ({} for an empty file). */
  value: Record<string, unknown>;
  /** The mcpServers object ({} when absent). */
  servers: Record<string, unknown>;
}

/** undefined when the file does not exist. */
export async function readDesktopConfig(file: string, what = 'it'): Promise<DesktopConfig | undefined> {
  const bytes = await readBytesIfExists(file);
  if (bytes === undefined) return undefined;
  return parseDesktopConfig(bytes, file, what);
}

export function parseDesktopConfig(bytes: Buffer, file: string, what = 'it'): DesktopConfig {
  const refuse = (why: string) =>
    new FailureError(`${file}: ${why}; Claude Desktop cannot read ${what} either. Nothing was changed: fix the file first (or put a backup back with "mcpauth restore")`);
  const decoded = decodeUtf8Strict(bytes);
  if (!decoded.ok) throw refuse(`not valid UTF-8 text at line ${decoded.line} (byte ${decoded.offset})`);
  const text = decoded.text;
  // An empty file holds nothing to keep: it is treated like a missing one.
  if (text.trim() === '') return { text, bytes, value: {}, servers: {} };
  const parsed = parseStrictJson(text);
  if (!parsed.ok && parsed.limit) throw new UsageError(`${file}:${parsed.line}:${parsed.column}: ${parsed.message}; nothing was changed`);
  if (!parsed.ok) throw refuse(`not valid JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.message}`);
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse('its top level is not a JSON object');
  const servers = (value as Record<string, unknown>)[SERVERS_KEY] ?? {};
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) throw refuse(`its "${SERVERS_KEY}" is not an object`);
  const duplicate = duplicateKeyAlong(parsed.tree, text, [SERVERS_KEY]);
  if (duplicate) {
    throw new FailureError(
      `${file}: the key "${duplicate.key}" appears twice, at line ${duplicate.first.line} and at line ${duplicate.second.line}, column ${duplicate.second.column}; ` +
        'Claude Desktop uses only the last one. Nothing was changed: merge them first',
    );
  }
  return { text, bytes, value: value as Record<string, unknown>, servers: servers as Record<string, unknown> };
}
