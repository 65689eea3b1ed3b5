/**
 * The last check before a config is written: compared as Claude Desktop will read them, the new
 * file must differ from the old one only in our entry. Every other top-level key and every other
 * server must be deep-equal and in the same order. A failure here is a bug in mcpauth, and it
 * stops the write.
 */
import { SERVERS_KEY } from '../generators/desktop-config-merge.js';
import { parseStrictJson } from '../json/strict.js';

/** `entry` undefined: the entry must be gone. Returns the first difference found, or undefined. */
export function mergeProblem(beforeText: string, afterText: string, name: string, entry: unknown): string | undefined {
  const before = beforeText.trim() === '' ? {} : (JSON.parse(beforeText) as Record<string, unknown>);
  const parsed = parseStrictJson(afterText);
  if (!parsed.ok) return `the result is not valid JSON (line ${parsed.line}, column ${parsed.column}: ${parsed.message})`;
  const after = parsed.value as Record<string, unknown>;

  const expectedKeys = Object.keys(before);
  if (!Object.hasOwn(before, SERVERS_KEY) && entry !== undefined) expectedKeys.push(SERVERS_KEY);
  if (!sameList(Object.keys(after), expectedKeys)) return `the top-level keys changed (${Object.keys(after).join(', ')})`;
  for (const key of expectedKeys) {
    if (key !== SERVERS_KEY && !sameJson(before[key], after[key])) return `the top-level "${key}" changed`;
  }

  const oldServers = (before[SERVERS_KEY] ?? {}) as Record<string, unknown>;
  const newServers = (after[SERVERS_KEY] ?? {}) as Record<string, unknown>;
  const others = Object.keys(oldServers).filter((n) => n !== name);
  // Own keys only: "constructor" or "toString" are server names like any other, not inherited members.
  const expectedNames = entry === undefined ? others : Object.hasOwn(oldServers, name) ? Object.keys(oldServers) : [...others, name];
  if (!sameList(Object.keys(newServers), expectedNames)) return `the server names or their order changed (${Object.keys(newServers).join(', ')})`;
  for (const other of others) {
    if (!sameJson(oldServers[other], newServers[other])) return `the server "${other}" changed`;
  }
  if (entry !== undefined && !sameJson(newServers[name], entry)) return `the entry "${name}" is not the one meant to be written`;
  return undefined;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Equal values with keys in the same order (JSON.stringify keeps the parse order). */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
