/**
 * JSON documents with positions. Files are parsed strictly, as JSON.parse (and so Claude Desktop)
 * parses them, through src/json/strict.ts; the jsonc-parser tree it returns maps every value back
 * to its offset, so findings can name a line and column.
 */
import { getNodePath, parseTree, type Node } from 'jsonc-parser';
import { parseStrictJson } from '../../json/strict.js';
import { fromPointer, toPointer } from './pointer.js';
import { derived } from './derived.js';

export interface JsonDocument {
  readonly kind: 'json';
  readonly text: string;
  readonly tree: Node;
  readonly value: unknown;
}

export type JsonParseResult =
  | { ok: true; doc: JsonDocument }
  | {
      ok: false;
      message: string;
      offset: number;
      /** What a forgiving parser makes of the text: enough to guess the file type of a broken file. */
      lenientValue: unknown;
      /** Not parsed: the text passes one of mcpauth's limits (json/limits.ts). */
      limit?: 'depth';
    };

export function parseJsonDocument(text: string): JsonParseResult {
  let strict: ReturnType<typeof parseStrictJson>;
  try {
    strict = parseStrictJson(text);
  } catch (error) {
    // jsonc-parser recurses per nesting level: absurdly deep input ends here, not in a stack trace.
    const message = error instanceof RangeError ? 'nesting too deep to read' : `cannot be parsed (${(error as Error).message})`;
    return { ok: false, message, offset: 0, lenientValue: undefined };
  }
  if (strict.ok) return { ok: true, doc: { kind: 'json', text, tree: strict.tree, value: strict.value } };
  if (strict.limit) return { ok: false, message: strict.message, offset: strict.offset, lenientValue: undefined, limit: strict.limit };
  return { ok: false, message: strict.message, offset: strict.offset, lenientValue: lenientParse(text) };
}

/**
 * What a run keeps of a file for the checks across files, which need positions only for a
 * finding: the text, the value unless `keepValue` is false (a desktop config is kept as facts
 * instead, see rules/run-facts.ts), and not the position tree (most of a parsed file's memory),
 * parsed again from the text if something asks for it.
 */
export function keptForRun(doc: JsonDocument, keepValue: boolean): JsonDocument {
  return new KeptJsonDocument(doc.text, keepValue ? doc.value : undefined);
}

/** A class, not an object literal with a getter: V8 stores such literals as hash tables, ~400 bytes more per file kept. */
class KeptJsonDocument implements JsonDocument {
  readonly kind = 'json';
  private parsedTree: Node | undefined;

  constructor(
    readonly text: string,
    readonly value: unknown,
  ) {}

  get tree(): Node {
    if (!this.parsedTree) {
      const parsed = parseStrictJson(this.text);
      if (!parsed.ok) throw new Error('a document that parsed once no longer parses');
      this.parsedTree = parsed.tree;
    }
    return this.parsedTree;
  }
}

function lenientParse(text: string): unknown {
  try {
    const tree = parseTree(text.replace(/^\uFEFF/, ''), [], { allowTrailingComma: true, disallowComments: false });
    return tree ? valueOfNode(tree) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The value of a (possibly partial) tree, built as JSON.parse builds values: every key becomes an
 * own property, so "__proto__" is a key like any other and changes no prototype
 * (jsonc-parser's own `parse` assigns keys, which sets the prototype of the object it builds).
 */
function valueOfNode(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key) continue;
        Object.defineProperty(out, String(key.value), { value: value ? valueOfNode(value) : undefined, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(valueOfNode);
    default:
      return node.value;
  }
}

/** The node a pointer names; with a duplicated key, the last one (the one JSON.parse keeps). */
export function nodeAt(tree: Node, pointer: string): Node | undefined {
  let node: Node | undefined = tree;
  for (const segment of fromPointer(pointer)) {
    if (!node) return undefined;
    node = childOf(node, segment);
  }
  return node;
}

/** Per large object, its values by key (the last of a duplicated key), so that placing many findings stays linear. */
const VALUES_BY_KEY = Symbol('values by key');

function childOf(node: Node, segment: string): Node | undefined {
  if (node.type === 'object') {
    const properties = node.children ?? [];
    if (properties.length > 16) {
      const byKey = derived(node, VALUES_BY_KEY, () => {
        const map = new Map<string, Node | undefined>();
        for (const property of properties) {
          const [key, value] = property.children ?? [];
          if (key) map.set(String(key.value), value);
        }
        return map;
      });
      return byKey.get(segment);
    }
    for (let i = properties.length - 1; i >= 0; i--) {
      const [key, value] = properties[i].children ?? [];
      if (key?.value === segment) return value;
    }
    return undefined;
  }
  if (node.type === 'array' && /^(0|[1-9]\d*)$/.test(segment)) return node.children?.[Number(segment)];
  return undefined;
}

/** The pointer of a node of the tree. */
export function pointerOf(node: Node): string {
  return toPointer(getNodePath(node));
}

/** The key node of a value that is a property's value, if it is one. */
export function keyNodeOf(node: Node): Node | undefined {
  return node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
}

export type Anchor = 'key' | 'value' | 'auto';

/**
 * Where a finding about `pointer` should point: the value, or the key that holds it. "auto" points
 * at the key of an object or array (the line a reader looks for) and at the value of anything else.
 * A pointer to something absent falls back to the nearest ancestor that exists.
 */
export function offsetFor(doc: JsonDocument, pointer: string, anchor: Anchor = 'auto'): number {
  let segments = fromPointer(pointer);
  let node = nodeAt(doc.tree, toPointer(segments));
  while (!node && segments.length > 0) {
    segments = segments.slice(0, -1);
    node = nodeAt(doc.tree, toPointer(segments));
  }
  if (!node) return 0;
  return offsetOfNode(node, anchor);
}

export function offsetOfNode(node: Node, anchor: Anchor = 'auto'): number {
  const key = keyNodeOf(node);
  const wantKey = anchor === 'key' || (anchor === 'auto' && (node.type === 'object' || node.type === 'array'));
  return wantKey && key ? key.offset : node.offset;
}

export interface DuplicateKey {
  name: string;
  /** The pointer of the object that holds the key twice. */
  objectPointer: string;
  /** Offset of the later (winning) occurrence. */
  offset: number;
  /** Offset of the first occurrence. */
  firstOffset: number;
  /** The key node of the later occurrence. */
  keyNode: Node;
}

/** Every key that appears more than once in the same object, anywhere in the document. */
export function duplicateKeys(tree: Node): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Node[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'object') {
      const seen = new Map<string, number>();
      for (const property of node.children ?? []) {
        const key = property.children?.[0];
        if (!key) continue;
        const name = String(key.value);
        const first = seen.get(name);
        if (first !== undefined) found.push({ name, objectPointer: pointerOf(node), offset: key.offset, firstOffset: first, keyNode: key });
        else seen.set(name, key.offset);
      }
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** Maps offsets to 1-based lines and columns (columns count UTF-16 code units, as SARIF's default). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low] + 1 };
  }
}
