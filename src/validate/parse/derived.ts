/**
 * Values the rules derive from a parsed file (its desktop entries, how each runs mcp-remote, a
 * Curity view), computed once and kept on the object they come from, so they are collected with
 * it. Not a WeakMap: V8 keeps the young keys of a long-lived WeakMap alive through minor
 * collections, so with thousands of files every document was promoted to the old generation and
 * peak memory grew with the number of files even though nothing was kept.
 */
export function derived<O extends object, V>(owner: O, key: symbol, compute: (owner: O) => V): V {
  if (Object.hasOwn(owner, key)) return (owner as Record<symbol, V>)[key];
  const value = compute(owner);
  // Not enumerable: invisible to JSON.stringify, Object.keys and the tests' deep equality.
  Object.defineProperty(owner, key, { value, enumerable: false, configurable: false, writable: false });
  return value;
}
