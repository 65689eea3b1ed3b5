/**
 * XML documents with positions and namespaces, for Curity configuration files. fast-xml-parser
 * reads the text (its captureMetaData gives each element's start offset) and its validator finds
 * well-formedness errors with a line and column; this module turns the result into a small tree
 * of elements whose names are resolved against the namespace declarations in scope, so a file that
 * binds a namespace to another prefix reads the same.
 *
 * Hostile input stays cheap: a DOCTYPE or ENTITY declaration is refused before anything is parsed
 * (nothing is ever expanded), and element count and nesting depth are bounded, because the
 * parser's cost grows faster than the input (reference: the biggest Curity export in the corpus
 * has under 1,000 elements and 13 levels).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { XmlDocument, XmlElement } from './xml-tree.js';

export type { XmlDocument, XmlElement } from './xml-tree.js';

/** Far above any Curity configuration, far below what makes the parser slow. */
export const XML_LIMITS = { maxElements: 20_000, maxDepth: 64 } as const;

export type XmlParseResult =
  | { ok: true; doc: XmlDocument }
  /** `refused`: well-formed, perhaps, but not read (a DTD, or beyond the limits). */
  | { ok: false; message: string; offset: number; refused?: boolean }
  | { ok: false; message: string; line: number; column: number };

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

const parser = new XMLParser({
  preserveOrder: true,
  captureMetaData: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // No entity is expanded by the parser: the five predefined ones and character references are
  // decoded here, and documents that declare entities are refused before parsing.
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  maxNestedTags: XML_LIMITS.maxDepth,
});

/** Parses strictly; never throws. */
export function parseXmlDocument(text: string): XmlParseResult {
  const dtd = /<!(DOCTYPE|ENTITY)\b/i.exec(text);
  if (dtd) {
    return {
      ok: false,
      offset: dtd.index,
      refused: true,
      message: `a <!${dtd[1].toUpperCase()}> declaration: mcpauth reads no DTD and expands no entity, and Curity configuration files have none`,
    };
  }
  const tags = /<[A-Za-z_:]/g;
  for (let count = 0; tags.exec(text) !== null; ) {
    if (++count > XML_LIMITS.maxElements) {
      return { ok: false, offset: tags.lastIndex - 2, refused: true, message: `more than ${XML_LIMITS.maxElements} elements, far more than any Curity configuration: not read` };
    }
  }

  let tree: unknown;
  let parseError: string | undefined;
  try {
    // Parsed before validating: the parser stops at the depth limit at once, the validator would not.
    tree = parser.parse(text);
  } catch (error) {
    parseError = (error as Error).message;
    if (/nested tags/i.test(parseError)) return { ok: false, offset: 0, refused: true, message: `elements nested deeper than ${XML_LIMITS.maxDepth} levels, far more than any Curity configuration: not read` };
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    // The validator reports an element left open as "Invalid '[…]' found" at 1:1; say which one.
    const open = Array.isArray(tree) && /^Invalid '\[/.test(valid.err.msg) ? innermostUnclosed(tree as OrderedNode[]) : undefined;
    if (open) return { ok: false, offset: open.offset, message: `<${open.name}> is never closed` };
    return { ok: false, line: valid.err.line, column: valid.err.col, message: sentence(valid.err.msg) };
  }
  if (parseError !== undefined || !Array.isArray(tree)) return { ok: false, offset: 0, message: `cannot be read as XML (${parseError ?? 'no element'})` };

  // What the validator lets through: a second root element, or text beside the root.
  const top = tree as OrderedNode[];
  const roots = top.filter((node) => elementName(node) !== undefined);
  const rootNode = roots[0];
  if (!rootNode) return { ok: false, offset: 0, message: 'no root element' };
  if (roots.length > 1) return { ok: false, offset: roots[1][META]?.startIndex ?? 0, message: `a second root element <${elementName(roots[1])}>: an XML document has one` };
  const stray = strayAfter(text, rootNode[META]?.endIndex ?? text.length);
  if (stray !== undefined) return { ok: false, offset: stray, message: 'text after the root element' };
  return { ok: true, doc: { kind: 'xml', text, root: buildElement(rootNode, text, undefined, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), `/${elementName(rootNode)}`) } };
}

/** fast-xml-parser's ordered form: `{ name: children, ":@": attributes }`, `{ "#text": "…" }`. */
type OrderedNode = Record<string, unknown> & { [META]?: { startIndex?: number; endIndex?: number } };

/** The first character after the root element that is not blank, a comment or a processing instruction. */
function strayAfter(text: string, from: number): number | undefined {
  let i = from;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) return undefined;
    const end = text.startsWith('<!--', i) ? text.indexOf('-->', i) + 3 : text.startsWith('<?', i) ? text.indexOf('?>', i) + 2 : -1;
    if (end <= 2) return i;
    i = end;
  }
}

/** The deepest element the parser saw opened and never closed (it has no end index). */
function innermostUnclosed(nodes: OrderedNode[]): { name: string; offset: number } | undefined {
  for (const node of nodes) {
    const name = elementName(node);
    if (name === undefined || node[META]?.endIndex !== undefined) continue;
    return innermostUnclosed((node[name] ?? []) as OrderedNode[]) ?? { name, offset: node[META]?.startIndex ?? 0 };
  }
  return undefined;
}

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text' && key !== '#cdata');
}

function buildElement(node: OrderedNode, source: string, parent: XmlElement | undefined, parentScope: ReadonlyMap<string, string>, path: string): XmlElement {
  const name = elementName(node)!;
  const rawAttributes = (node[':@'] ?? {}) as Record<string, unknown>;
  const attributes: Record<string, string> = {};
  let scope = parentScope;
  for (const [key, value] of Object.entries(rawAttributes)) {
    const decoded = decodeText(String(value));
    attributes[key] = decoded;
    if (key === 'xmlns' || key.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      (scope as Map<string, string>).set(key === 'xmlns' ? '' : key.slice(6), decoded);
    }
  }
  const colon = name.indexOf(':');
  const prefix = colon === -1 ? '' : name.slice(0, colon);
  const local = colon === -1 ? name : name.slice(colon + 1);
  const bound = scope.get(prefix);
  const offset = node[META]?.startIndex ?? 0;
  const startTagEnd = endOfStartTag(source, offset);

  const content = (node[name] ?? []) as OrderedNode[];
  let text = '';
  for (const child of content) {
    if (typeof child['#text'] === 'string') text += child['#text'];
    else if (Array.isArray(child['#cdata'])) text += (child['#cdata'] as OrderedNode[]).map((c) => String(c['#text'] ?? '')).join('');
  }
  const firstText = content[0] && typeof content[0]['#text'] === 'string' ? (content[0]['#text'] as string) : '';
  const element: XmlElement & { children: XmlElement[] } = {
    kind: 'element',
    name,
    prefix,
    local,
    namespace: bound === '' ? undefined : bound,
    attributes,
    children: [],
    text: decodeText(text),
    offset,
    textOffset: startTagEnd + (firstText.length - firstText.trimStart().length),
    parent,
    scope,
    path,
  };
  const elements = content.filter((child) => elementName(child) !== undefined);
  const totals = new Map<string, number>();
  for (const child of elements) totals.set(elementName(child)!, (totals.get(elementName(child)!) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const child of elements) {
    const childName = elementName(child)!;
    const index = (seen.get(childName) ?? 0) + 1;
    seen.set(childName, index);
    const step = totals.get(childName)! > 1 ? `${childName}[${index}]` : childName;
    element.children.push(buildElement(child, source, element, scope, `${path}/${step}`));
  }
  return element;
}

/** The offset just after the `>` of the start tag at `offset` (quotes in attribute values respected). */
function endOfStartTag(source: string, offset: number): number {
  let quote: string | undefined;
  for (let i = offset + 1; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return source.length;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The five predefined entities and character references; anything else stays as written. */
export function decodeText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

function sentence(message: string): string {
  const trimmed = message.trim().replace(/\.$/, '');
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}
