/**
 * Strict JSON, as Claude Desktop reads its config (JSON.parse): no comments, no trailing commas,
 * one value. Errors carry a 1-based line and column so users can jump to them.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export interface Position {
  line: number;
  column: number;
}

export type StrictJsonResult =
  | { ok: true; value: unknown; tree: Node }
  | { ok: false; message: string; offset: number; line: number; column: number };

const READABLE: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name expected (a trailing comma?)',
  ValueExpected: 'value expected (a trailing comma?)',
  ColonExpected: '":" expected',
  CommaExpected: '"," expected',
  CloseBraceExpected: '"}" expected',
  CloseBracketExpected: '"]" expected',
  EndOfFileExpected: 'end of file expected (more than one top-level value?)',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

export function offsetToPosition(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function parseStrictJson(text: string): StrictJsonResult {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (text.charCodeAt(0) === 0xfeff) return failure(text, 0, 'a byte-order mark (BOM) before the JSON');
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    const code = first ? printParseErrorCode(first.error) : 'ValueExpected';
    return failure(text, first?.offset ?? 0, READABLE[code] ?? code);
  }
  try {
    // The tree parser is lenient in corners (for example control characters in strings); JSON.parse is the judge.
    return { ok: true, value: JSON.parse(text), tree };
  } catch (error) {
    const at = /position (\d+)/.exec(String((error as Error).message));
    return failure(text, at ? Number(at[1]) : 0, String((error as Error).message).replace(/^.*?: /, ''));
  }
}

function failure(text: string, offset: number, message: string): StrictJsonResult {
  return { ok: false, message, offset, ...offsetToPosition(text, offset) };
}
