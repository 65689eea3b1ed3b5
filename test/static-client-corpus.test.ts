/**
 * The generated Curity XML, read the way Curity's own files are: every element path we emit
 * (names and nesting) occurs in the real configurations of ../shared/corpus/curity-xml/, and the
 * namespace declarations are the ones those files use. Skipped when that folder is absent (a
 * user's clone has no ../shared); the other tests do not depend on it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runCli, tempDir } from './helpers/cli.js';
import { at, elementPaths, parseXml, type XmlNode } from './helpers/xml.js';

const CORPUS = path.join(REPO_ROOT, '..', 'shared', 'corpus', 'curity-xml');
const haveCorpus = existsSync(CORPUS);
if (!haveCorpus) console.warn(`Skipping the Curity corpus comparison: ${CORPUS} is absent (it is only in the project's shared folder).`);
const corpusTest = haveCorpus ? test : test.skip;

/** Element paths and the namespace declarations seen at each, over every parsable corpus file. */
function corpusLayout(): { paths: Set<string>; xmlns: Map<string, Set<string>> } {
  const paths = new Set<string>();
  const xmlns = new Map<string, Set<string>>();
  for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.xml'))) {
    let doc: XmlNode;
    try {
      doc = parseXml(readFileSync(path.join(CORPUS, file), 'utf8'));
    } catch {
      continue; // the corpus holds a deliberately broken fragment
    }
    elementPaths(doc, '', paths);
    collectXmlns(doc, '', xmlns);
  }
  return { paths, xmlns };
}

function collectXmlns(node: XmlNode, prefix: string, out: Map<string, Set<string>>): void {
  for (const [name, value] of Object.entries(node)) {
    if (name.startsWith('@_') || name === '#text' || !Array.isArray(value)) continue;
    const p = prefix ? `${prefix}/${name}` : name;
    for (const child of value) {
      if (!child || typeof child !== 'object') continue;
      for (const [attr, v] of Object.entries(child)) {
        if (!attr.startsWith('@_xmlns')) continue;
        const key = `${p}@${attr.slice(2)}`;
        if (!out.has(key)) out.set(key, new Set());
        out.get(key)?.add(String(v));
      }
      collectXmlns(child as XmlNode, p, out);
    }
  }
}

/** Our XML with every optional element switched on, in the secret and the public form, and the ephemeral fragment. */
function generatedDocuments(): string[] {
  const dir = tempDir();
  const full = ['--static-client-name', 'Claude', '--description', 'Claude web', '--access-token-ttl', '900', '--refresh-token-ttl', '3600', '--require-pkce', '--consent'];
  const runs = [
    ['generate', 'all', '--out-dir', 'secret', ...full],
    ['generate', 'all', '--out-dir', 'public', '--registration', 'static', ...full],
    ['generate', 'all', '--out-dir', 'cimd', '--registration', 'cimd', '--client-metadata-url', 'https://clients.example.com/claude.json'],
  ];
  for (const args of runs) expect(runCli(args, { cwd: dir }).code).toBe(0);
  return [
    path.join(dir, 'secret', 'curity-static-client.xml'),
    path.join(dir, 'public', 'curity-static-client.xml'),
    path.join(dir, 'cimd', 'curity-ephemeral-client.xml'),
  ].map((f) => readFileSync(f, 'utf8'));
}

let corpus: ReturnType<typeof corpusLayout>;
let generated: string[];
beforeAll(() => {
  if (!haveCorpus) return;
  corpus = corpusLayout();
  generated = generatedDocuments();
});

corpusTest('every element path of the generated XML occurs in the real Curity configurations', () => {
  const { paths } = corpus;
  expect(paths.size).toBeGreaterThan(500);
  const ours = new Set<string>();
  for (const xml of generated) elementPaths(parseXml(xml), '', ours);
  expect(ours).toContain('config/profiles/profile/settings/authorization-server/client-store/config-backed/client/proof-key/require-proof-key');
  expect(ours).toContain('config/profiles/profile/settings/authorization-server/ephemeral-client/redirect-uri-validation/allow-loopback-redirect-uris');
  expect([...ours].filter((p) => !paths.has(p))).toEqual([]);
});

corpusTest('the namespace declarations are the ones the real configurations use', () => {
  const { xmlns } = corpus;
  const ours = new Map<string, Set<string>>();
  for (const xml of generated) collectXmlns(parseXml(xml), '', ours);
  expect([...ours.keys()].sort()).toEqual([
    'config/profiles/profile/settings/authorization-server@xmlns',
    'config/profiles/profile/type@xmlns:as',
    'config/profiles@xmlns',
    'config@xmlns',
  ]);
  for (const [where, values] of ours) {
    for (const value of values) expect({ where, value, seen: xmlns.get(where)?.has(value) }).toEqual({ where, value, seen: true });
  }
  // In the corpus, the `as` prefix is always bound to the OAuth profile namespace.
  expect([...(xmlns.get('config/profiles/profile/type@xmlns:as') ?? [])]).toEqual(['https://curity.se/ns/conf/profile/oauth']);
});

corpusTest('the client children follow the order Curity exports them in: id first, the verifier before the redirect URIs', () => {
  const [secretXml, publicXml] = generated;
  for (const xml of [secretXml, publicXml]) {
    const [client] = at(parseXml(xml), 'config/profiles/profile/settings/authorization-server/client-store/config-backed/client');
    const keys = Object.keys(client).filter((k) => k !== '#text');
    expect(keys[0]).toBe('id');
    expect(keys.indexOf('redirect-uris')).toBeGreaterThan(Math.max(keys.indexOf('secret'), keys.indexOf('no-authentication')));
    expect(keys.at(-1)).toBe('validate-port-on-loopback-interfaces');
  }
});
