/**
 * Hostile text for property tests: what breaks quoting in JSON, XML, JavaScript, YAML and shells,
 * what ends a line where a parser does not expect it, and what is not text at all.
 */
import fc from 'fast-check';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Each one has broken a generator or a parser somewhere. */
export const HOSTILE_PIECES = [
  '"',
  "'",
  '`',
  '\\',
  '\\"',
  '<',
  '>',
  '&',
  '&amp;',
  '&lt;',
  ']]>',
  '<![CDATA[',
  '<!--',
  '-->',
  '</script>',
  '<script>alert(1)</script>',
  '*/',
  '/*',
  '//',
  '${a}',
  '#{a}',
  '$5$',
  '%APPDATA%',
  '{{x}}',
  '\u2028',
  '\u2029',
  '\u0000',
  '\u0007',
  '\u001b[2J',
  '\t',
  '\n',
  '\r\n',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\ufffe',
  '\ud800',
  '\udfff',
  '𝄞',
  '😀',
  'é',
  'e\u0301',
  'ß',
  'İ',
  '__proto__',
  'constructor',
  'prototype',
  ': ',
  '- ',
  '#',
  '!!js/function',
  '*anchor',
  '&anchor',
  '? ',
  '|',
  'null',
  'true',
  '0x1F',
  '1e999',
  ' ',
];

export const hostilePiece = fc.constantFrom(...HOSTILE_PIECES);

/** Strings built from hostile pieces and ordinary text, including whole Unicode. */
export const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.oneof(hostilePiece, fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: hostilePiece },
);

/** Every file with one of these extensions under `dir`, recursively, sorted. */
export function filesUnder(dir: string, extensions: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const full = path.join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (extensions.some((ext) => name.endsWith(ext))) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** A stack trace line, as Node prints them: "    at fn (file:line:col)". */
export const STACK_TRACE = /\n\s+at .+(:\d+:\d+|\(native\)|<anonymous>)/;
