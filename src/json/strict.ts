/**
 * Strict JSON, as Claude Desktop reads its config (JSON.parse): no comments, no trailing commas,
 * one value. Errors carry a 1-based line and column so users can jump to them.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { jsonNestingProblem, MAX_JSON_DEPTH } from './limits.js';

export interface Position {
  line: number;
  column: number;
}

export type StrictJsonResult =
  | { ok: true; value: unknown; tree: Node }
  /** `limit`: the text was not parsed because it passes one of mcpauth's limits (json/limits.ts). */
  | { ok: false; message: string; offset: number; line: number; column: number; limit?: 'depth' };

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

export function parseStrictJson(text: string, maxDepth = MAX_JSON_DEPTH): StrictJsonResult {
  // Before any parser: they recurse per level, and thousands of levels overflow the stack.
  const nesting = jsonNestingProblem(text, maxDepth);
  if (nesting) {
    return { ok: false, message: `arrays and objects nested more than ${maxDepth} levels deep (mcpauth's limit); not read`, offset: nesting.offset, ...offsetToPosition(text, nesting.offset), limit: 'depth' };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (text.charCodeAt(0) === 0xfeff) return failure(text, 0, 'a byte-order mark (BOM) before the JSON');
  if (text.trim() === '') return failure(text, 0, 'the file is empty');
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    const code = first ? printParseErrorCode(first.error) : 'ValueExpected';
    return explainedFailure(text, first?.offset ?? 0, code);
  }
  try {
    // The tree parser is lenient in corners (for example control characters in strings); JSON.parse is the judge.
    return { ok: true, value: JSON.parse(text), tree };
  } catch (error) {
    const at = /position (\d+)/.exec(String((error as Error).message));
    return failure(text, at ? Number(at[1]) : 0, withoutInput(String((error as Error).message)));
  }
}

/**
 * Points at the cause rather than where the parser noticed it: a trailing comma is reported at
 * the comma (the parser stops at the "}" after it), a truncated file at its last character.
 */
function explainedFailure(text: string, offset: number, code: string): StrictJsonResult {
  const runsToEnd = code.startsWith('UnexpectedEndOf') && !/[\r\n]/.test(text.slice(offset).trimEnd());
  if (offset >= text.trimEnd().length || runsToEnd) {
    return failure(text, Math.max(0, text.trimEnd().length - 1), 'the file ends before the JSON does (truncated?)');
  }
  if (code === 'PropertyNameExpected' || code === 'ValueExpected') {
    const before = text.slice(0, offset).trimEnd();
    const closer = text[offset];
    if (before.endsWith(',') && (closer === '}' || closer === ']')) {
      return failure(text, before.length - 1, `trailing comma before "${closer}" (not allowed in JSON)`);
    }
  }
  return failure(text, offset, READABLE[code] ?? code);
}

/**
 * The first key that appears twice in one object, checked on the objects along `path`
 * (JSON.parse keeps the last one silently, so an edit of the first would be invisible).
 */
export function duplicateKeyAlong(tree: Node, text: string, path: readonly string[]): { key: string; first: Position; second: Position } | undefined {
  let node: Node | undefined = tree;
  for (let depth = 0; node && node.type === 'object'; depth++) {
    const seen = new Map<string, Node>();
    for (const property of node.children ?? []) {
      const keyNode = property.children?.[0];
      if (!keyNode) continue;
      const key = String(keyNode.value);
      const earlier = seen.get(key);
      if (earlier) return { key, first: offsetToPosition(text, earlier.offset), second: offsetToPosition(text, keyNode.offset) };
      seen.set(key, keyNode);
    }
    if (depth >= path.length) return undefined;
    node = (node.children ?? []).find((p) => p.children?.[0]?.value === path[depth])?.children?.[1];
  }
  return undefined;
}

/** For Artifact.validate: why `text` is not strict JSON, with its position, or undefined. */
export function strictJsonProblem(text: string): string | undefined {
  const parsed = parseStrictJson(text);
  return parsed.ok ? undefined : `not valid JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.message}`;
}

/**
 * JSON.parse's message without the piece of the input it may quote ('Unexpected token 'S', "S3cr…"
 * is not valid JSON'): the input can be a secret (client info JSON), and messages are printed.
 */
function withoutInput(message: string): string {
  const cleaned = message.replace(/^.*?: /, '').replace(/,\s*(\.\.\.)?".*"(\.\.\.)?\s*is not valid JSON$/s, '').replace(/\s*"[^"]*"\s*is not valid JSON$/s, '');
  return cleaned.trim() === '' ? 'not valid JSON' : cleaned;
}

function failure(text: string, offset: number, message: string): StrictJsonResult & { ok: false } {
  return { ok: false, message, offset, ...offsetToPosition(text, offset) };
}
