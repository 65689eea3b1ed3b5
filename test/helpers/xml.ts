/** Reads generated Curity XML back the way a strict reader would: values untouched, namespaces kept. */
import { XMLParser } from 'fast-xml-parser';

export type XmlNode = { [name: string]: XmlNode[] | string } & { '#text'?: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  // Every element as an array, so repeated and single elements read alike.
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
});

export function parseXml(text: string): XmlNode {
  return parser.parse(text) as XmlNode;
}

/** The elements at a slash-separated path, e.g. "config/profiles/profile". */
export function at(node: XmlNode, path: string): XmlNode[] {
  let nodes: XmlNode[] = [node];
  for (const step of path.split('/')) nodes = nodes.flatMap((n) => (Array.isArray(n[step]) ? (n[step] as XmlNode[]) : []));
  return nodes;
}

/** The text of a leaf element (elements hold an object with #text, or '' when empty). */
export function text(node: XmlNode | string | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node;
  return node['#text'] ?? '';
}

/** Texts of the repeated leaf `name` under `node`. */
export function texts(node: XmlNode, name: string): string[] {
  return ((node[name] as XmlNode[] | undefined) ?? []).map(text);
}

export const CLIENT_PATH = 'config/profiles/profile/settings/authorization-server/client-store/config-backed/client';
export const EPHEMERAL_PATH = 'config/profiles/profile/settings/authorization-server/ephemeral-client';

/** Every element path in a document ("config/profiles/…"), for comparing layouts. */
export function elementPaths(node: XmlNode, prefix = '', out = new Set<string>()): Set<string> {
  for (const [name, value] of Object.entries(node)) {
    if (name.startsWith('@_') || name === '#text' || !Array.isArray(value)) continue;
    const path = prefix ? `${prefix}/${name}` : name;
    out.add(path);
    for (const child of value) if (child && typeof child === 'object') elementPaths(child as XmlNode, path, out);
  }
  return out;
}
