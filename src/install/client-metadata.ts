/**
 * The client metadata an mcp-remote entry sends when it registers: the JSON after
 * --static-oauth-client-metadata, given inline or as @file (reference §1.5). mcp-remote keeps its
 * registration in ~/.mcp-auth and does not register again when only the metadata changes (§1.7),
 * so an install that changes it must tell the user how to reset that state.
 */
import { isDeepStrictEqual } from 'node:util';

const METADATA_FLAG = '--static-oauth-client-metadata';

/** The @file path, when the entry passes its metadata as a file. */
export function metadataFileOf(entry: unknown): string | undefined {
  const value = metadataArgOf(entry);
  return value?.startsWith('@') ? value.slice(1) : undefined;
}

function metadataArgOf(entry: unknown): string | undefined {
  const args = (entry as { args?: unknown } | undefined)?.args;
  if (!Array.isArray(args)) return undefined;
  const at = args.indexOf(METADATA_FLAG);
  const value = at >= 0 ? args[at + 1] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The metadata object, reading an @file with `readFile` (undefined when it cannot be known). */
export function metadataOf(entry: unknown, readFile: (file: string) => string | undefined): unknown {
  const value = metadataArgOf(entry);
  if (value === undefined) return undefined;
  const text = value.startsWith('@') ? readFile(value.slice(1)) : value;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The server URL of an mcp-remote entry: the first argument after the mcp-remote package. */
export function serverUrlOf(entry: unknown): string | undefined {
  const args = (entry as { args?: unknown } | undefined)?.args;
  if (!Array.isArray(args)) return undefined;
  const at = args.findIndex((a) => typeof a === 'string' && /^mcp-remote(@|$)/.test(a));
  return at >= 0 && typeof args[at + 1] === 'string' ? args[at + 1] : undefined;
}

/** True when an existing entry for the same server registered with different metadata. */
export function metadataChanged(before: unknown, after: unknown, readBefore: (f: string) => string | undefined, readAfter: (f: string) => string | undefined): boolean {
  if (before === undefined) return false;
  const oldMeta = metadataOf(before, readBefore);
  const newMeta = metadataOf(after, readAfter);
  if (serverUrlOf(before) !== serverUrlOf(after)) return false; // another URL is another cache entry
  return !isDeepStrictEqual(oldMeta, newMeta);
}
