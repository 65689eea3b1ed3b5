/**
 * Puts one server entry into an existing claude_desktop_config.json (or takes one out) and changes
 * nothing else: every other byte of the file stays where it was. The edit is a single splice of
 * the text at positions found by jsonc-parser; only the entry itself is serialised, in the file's
 * own style (tabs or N spaces, CRLF or LF, one-line files stay one line).
 * jsonc-parser's `modify` is not used because it re-formats the neighbouring entries.
 */
import type { Node } from 'jsonc-parser';
import { FailureError } from '../errors.js';
import { duplicateKeyAlong, parseStrictJson } from '../json/strict.js';

export const SERVERS_KEY = 'mcpServers';

export function mergeServerEntry(existing: string, name: string, entry: unknown): string {
  if (existing.trim() === '') return `${JSON.stringify({ [SERVERS_KEY]: { [name]: entry } }, null, 2)}\n`;
  const { tree, style, value } = parseForEdit(existing, name);
  if (holdsNothing(value)) {
    // `{}` or `{"mcpServers": {}}` has no style worth keeping: write the app's own layout.
    const fresh = JSON.stringify({ [SERVERS_KEY]: { [name]: entry } }, null, style.unit || 2).split('\n').join(style.eol);
    return /\n\s*$/.test(existing) ? fresh + style.eol : fresh;
  }
  const servers = propertyOf(tree, SERVERS_KEY);
  if (!servers) return insertProperty(existing, tree, SERVERS_KEY, { [name]: entry }, style);
  const current = propertyOf(servers.value, name);
  if (current) return splice(existing, current.value.offset, current.value.length, serialise(entry, indentOfLine(existing, current.key.offset), style));
  return insertProperty(existing, servers.value, name, entry, style);
}

export function removeServerEntry(existing: string, name: string): string {
  if (existing.trim() === '') return existing;
  const { tree } = parseForEdit(existing, name);
  const servers = propertyOf(tree, SERVERS_KEY);
  if (!servers || !propertyOf(servers.value, name)) return existing;
  const properties = servers.value.children ?? [];
  const index = properties.findIndex((p) => p.children?.[0]?.value === name);
  if (properties.length === 1) {
    // The last entry: leave an empty object, as `"mcpServers": {}`.
    return splice(existing, servers.value.offset, servers.value.length, '{}');
  }
  if (index > 0) {
    // From the end of the previous entry (its comma included) to the end of this one.
    const previousEnd = end(properties[index - 1]);
    return splice(existing, previousEnd, end(properties[index]) - previousEnd, '');
  }
  // The first of several: from its key to the start of the next key.
  return splice(existing, properties[0].offset, properties[1].offset - properties[0].offset, '');
}

interface Style {
  /** One indentation step: a tab or some spaces; '' for a file written on one line. */
  unit: string;
  eol: string;
  /** ": " or ":" — how the file separates keys from values. */
  colon: string;
}

function holdsNothing(value: unknown): boolean {
  const keys = Object.keys(value as object);
  if (keys.length === 0) return true;
  const servers = (value as Record<string, unknown>)[SERVERS_KEY];
  return keys.length === 1 && keys[0] === SERVERS_KEY && Object.keys(servers as object).length === 0;
}

function parseForEdit(text: string, name: string): { tree: Node; style: Style; value: unknown } {
  const parsed = parseStrictJson(text);
  if (!parsed.ok) {
    throw new FailureError(`it is not valid JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.message}; fix it first, nothing was changed`);
  }
  if (parsed.tree.type !== 'object') throw new FailureError('its top level is not a JSON object; nothing was changed');
  const servers = propertyOf(parsed.tree, SERVERS_KEY);
  if (servers && servers.value.type !== 'object') throw new FailureError(`its "${SERVERS_KEY}" is not an object; nothing was changed`);
  const duplicate = duplicateKeyAlong(parsed.tree, text, [SERVERS_KEY]);
  if (duplicate && (duplicate.key === SERVERS_KEY || duplicate.key === name)) {
    throw new FailureError(
      `it has the key "${duplicate.key}" twice (line ${duplicate.first.line} and line ${duplicate.second.line}); Claude Desktop uses only the last one. Merge them first, nothing was changed`,
    );
  }
  return { tree: parsed.tree, style: detectStyle(text), value: parsed.value };
}

/** Indentation, line endings and key separator as the file already uses them. */
export function detectStyle(text: string): Style {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const colon = /"\s*:\s/.test(text) || !/"\s*:/.test(text) ? ': ' : ':';
  if (!/[\r\n]/.test(text.trim())) return { unit: '', eol, colon };
  const indented = /\n([ \t]+)\S/.exec(text);
  if (indented?.[1].startsWith('\t')) return { unit: '\t', eol, colon };
  return { unit: ' '.repeat(Math.min(indented ? indented[1].length : 2, 8)), eol, colon };
}

function propertyOf(object: Node | undefined, key: string): { key: Node; value: Node } | undefined {
  if (!object || object.type !== 'object') return undefined;
  // The last one wins, as in JSON.parse (duplicates of the keys we edit are refused above).
  const property = [...(object.children ?? [])].reverse().find((p) => p.children?.[0]?.value === key);
  const [keyNode, value] = property?.children ?? [];
  return keyNode && value ? { key: keyNode, value } : undefined;
}

/** Adds `"key": value` as the last property of `object`, laid out like its siblings. */
function insertProperty(text: string, object: Node, key: string, value: unknown, style: Style): string {
  const properties = object.children ?? [];
  const closeBrace = object.offset + object.length - 1;
  const multiLine = style.unit !== '' && /[\r\n]/.test(text.slice(object.offset, closeBrace));
  if (properties.length > 0) {
    const last = properties[properties.length - 1];
    const indent = multiLine ? indentOfLine(text, last.offset) : '';
    const separator = multiLine ? `,${style.eol}${indent}` : ',';
    const member = `${JSON.stringify(key)}${style.colon}${serialise(value, indent, multiLine ? style : { ...style, unit: '' })}`;
    return splice(text, end(last), 0, separator + member);
  }
  // An empty object: `{}` or `{ }` or `{\n}` becomes a block holding the one property.
  if (style.unit === '') return splice(text, object.offset, object.length, `{${JSON.stringify(key)}${style.colon}${serialise(value, '', style)}}`);
  const outer = indentOfLine(text, object.offset);
  const inner = outer + style.unit;
  const block = `{${style.eol}${inner}${JSON.stringify(key)}${style.colon}${serialise(value, inner, style)}${style.eol}${outer}}`;
  return splice(text, object.offset, object.length, block);
}

/** JSON for `value` whose first line continues a line indented by `indent`. */
function serialise(value: unknown, indent: string, style: Style): string {
  if (style.unit === '') return JSON.stringify(value);
  return JSON.stringify(value, null, style.unit).split('\n').join(style.eol + indent);
}

/** The whitespace at the start of the line holding `offset`. */
function indentOfLine(text: string, offset: number): string {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

function end(node: Node): number {
  return node.offset + node.length;
}

function splice(text: string, offset: number, length: number, insert: string): string {
  return text.slice(0, offset) + insert + text.slice(offset + length);
}
