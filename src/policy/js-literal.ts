/**
 * JavaScript literals for generated code, made with JSON.stringify and then made inert anywhere a
 * script can end up: every character outside printable ASCII becomes a \uXXXX escape (U+2028 and
 * U+2029 end a line in an ES5 string literal), and so do "<" and ">" (a "</script>" or "<!--" in a
 * page that inlines the script). Objects are refused: a "__proto__" key in an object literal would
 * set the prototype instead of a property.
 */
export type LiteralValue = string | number | boolean | readonly (string | number | boolean)[];

export function jsLiteral(value: LiteralValue): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`jsLiteral: ${value} has no JSON form`);
  if (typeof value === 'object' && !Array.isArray(value)) throw new Error('jsLiteral: objects are not emitted');
  if (Array.isArray(value) && value.some((item) => typeof item === 'object' || (typeof item === 'number' && !Number.isFinite(item)))) {
    throw new Error('jsLiteral: arrays hold only strings, finite numbers and booleans');
  }
  return JSON.stringify(value).replace(/[^\x20-\x3b\x3d\x3f-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
