/**
 * The element tree of an XML document (built by xml.ts) and the helpers rules use to walk it.
 * Kept apart from the parser so that rules can be loaded without loading fast-xml-parser.
 */

export interface XmlElement {
  readonly kind: 'element';
  /** The name as written, with its prefix (`as:type`, `client`). */
  readonly name: string;
  readonly prefix: string;
  readonly local: string;
  /** The namespace the name is in; undefined when its prefix is not declared (or no default namespace applies). */
  readonly namespace: string | undefined;
  /** Attributes as written, values with character references decoded. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (character data and CDATA, not its children's), untrimmed. */
  readonly text: string;
  /** Offset of the `<` that starts the element. */
  readonly offset: number;
  /** Offset of the first non-blank character of its text, or of the end of its start tag. */
  readonly textOffset: number;
  readonly parent: XmlElement | undefined;
  /** Prefix → namespace bindings in scope ("" is the default namespace): for QName values such as `as:oauth-service`. */
  readonly scope: ReadonlyMap<string, string>;
  /** Where the element is, as a location path: `/config/profiles/profile[2]/id`. */
  readonly path: string;
}

export interface XmlDocument {
  readonly kind: 'xml';
  readonly text: string;
  readonly root: XmlElement;
}

/** Navigation by local name, whatever the prefix (namespaces are checked by curity/namespace). */
export function childrenNamed(element: XmlElement | undefined, local: string): XmlElement[] {
  return element ? element.children.filter((child) => child.local === local) : [];
}

export function childNamed(element: XmlElement | undefined, local: string): XmlElement | undefined {
  return element?.children.find((child) => child.local === local);
}

/** The elements at a path of local names below `element` (`settings/authorization-server`). */
export function descendantsAt(element: XmlElement | undefined, path: string): XmlElement[] {
  let nodes = element ? [element] : [];
  for (const step of path.split('/')) nodes = nodes.flatMap((node) => childrenNamed(node, step));
  return nodes;
}

/** The trimmed text of an element (leaf values). */
export function valueOf(element: XmlElement | undefined): string {
  return element ? element.text.trim() : '';
}

/** Every element of the tree, depth first, in document order. */
export function* allElements(root: XmlElement): Generator<XmlElement> {
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const element = stack.pop()!;
    yield element;
    for (let i = element.children.length - 1; i >= 0; i--) stack.push(element.children[i]);
  }
}
