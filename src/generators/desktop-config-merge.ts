/**
 * Puts one server entry into an existing claude_desktop_config.json and changes nothing else:
 * other keys, their order, the file's indentation and line endings stay as they are, because the
 * edit is applied to the text (jsonc-parser) rather than by re-serialising the whole object.
 */
import { applyEdits, findNodeAtLocation, modify, type FormattingOptions } from 'jsonc-parser';
import { FailureError } from '../errors.js';
import { parseStrictJson } from '../json/strict.js';

export function mergeServerEntry(existing: string, name: string, entry: unknown): string {
  return editServers(existing, name, entry);
}

export function removeServerEntry(existing: string, name: string): string {
  return editServers(existing, name, undefined);
}

function editServers(existing: string, name: string, entry: unknown): string {
  if (existing.trim() === '') return `${JSON.stringify({ mcpServers: { [name]: entry } }, null, 2)}\n`;
  const parsed = parseStrictJson(existing);
  if (!parsed.ok) {
    throw new FailureError(`it is not valid JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.message}; fix it first, nothing was changed`);
  }
  if (parsed.tree.type !== 'object') throw new FailureError('its top level is not a JSON object; nothing was changed');
  const servers = findNodeAtLocation(parsed.tree, ['mcpServers']);
  if (servers && servers.type !== 'object') throw new FailureError('its "mcpServers" is not an object; nothing was changed');
  if (entry === undefined && !findNodeAtLocation(parsed.tree, ['mcpServers', name])) return existing;
  const edits = modify(existing, ['mcpServers', name], entry, { formattingOptions: detectFormatting(existing) });
  return applyEdits(existing, edits);
}

/** Indentation and line endings as the file already uses them (tabs, 4 spaces, CRLF …). */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /\n([ \t]+)\S/.exec(text);
  if (indented && indented[1].startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  const size = indented ? indented[1].length : 2;
  return { insertSpaces: true, tabSize: Math.min(size, 8), eol };
}
