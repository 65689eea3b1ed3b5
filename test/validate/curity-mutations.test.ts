/**
 * Real configurations broken one way at a time, in memory: each mistake people make in Curity XML
 * must be reported with its catalog id at the line of the mistake. The bases are mcpauth's own
 * whole configuration (test/fixtures/validate/curity/server-config.xml, always) and every
 * configuration exported from a running server in ../shared/corpus/curity-xml/ (skipped, with a
 * message, when that folder is absent).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { curityView, type CurityClient } from '../../src/rules/curity-config.js';
import { KNOWN_CAPABILITIES } from '../../src/rules/curity-references.js';
import { childNamed, childrenNamed, valueOf, type XmlDocument, type XmlElement } from '../../src/validate/parse/xml-tree.js';
import { parseXmlDocument } from '../../src/validate/parse/xml.js';
import type { Severity } from '../../src/validate/types.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { FIXTURES, validateText } from './helpers.js';

const CORPUS = path.join(REPO_ROOT, '..', 'shared', 'corpus', 'curity-xml');
const corpusPresent = existsSync(path.join(CORPUS, 'PROVENANCE.md'));
if (!corpusPresent) console.warn(`skipping the mutations of real Curity configurations: ${CORPUS} not found (it is in the shared folder beside the repository)`);

interface Mutation {
  text: string;
  /** The 1-based line the finding must be on. */
  line: number;
}

type Mutate = (text: string, doc: XmlDocument) => Mutation | undefined;

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const lineEnd = (text: string, offset: number) => {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
};
const indentOf = (text: string, offset: number) => /^[ \t]*/.exec(text.slice(lineStart(text, offset)))![0];

/** Replaces the text of a leaf element (up to its closing tag). */
function setValue(text: string, element: XmlElement, value: string): Mutation {
  const end = text.indexOf('<', element.textOffset);
  return { text: text.slice(0, element.textOffset) + value + text.slice(end), line: lineAt(text, element.textOffset) };
}

/** Inserts a line after the line of `element`'s start tag, indented like it (plus `extra`). */
function insertAfter(text: string, element: XmlElement, xml: string, extra = ''): Mutation {
  const end = lineEnd(text, element.offset);
  return { text: `${text.slice(0, end)}\n${indentOf(text, element.offset)}${extra}${xml}${text.slice(end)}`, line: lineAt(text, element.offset) + 1 };
}

const clients = (doc: XmlDocument) => curityView(doc).clients.filter((c) => !c.patch && c.id);
const firstClient = (doc: XmlDocument, test: (c: CurityClient) => boolean) => clients(doc).find(test);
const secretOf = (c: CurityClient) => c.verifiers.find((v) => v.local === 'secret' && /^\$5\$/.test(valueOf(v)));
const oneLine = (text: string, e: XmlElement) => !text.slice(e.offset, lineEnd(text, e.offset)).includes('\n') && text.slice(e.offset, lineEnd(text, e.offset)).includes(`</${e.name}>`);

const SHA512 = '$6$rounds=5000$usesomesillystri$D4IrlXatmP7rx3P3InaxBeoomnAihCKRVQP22JZ6EY47Wc6BkroIuUUBOov1i.S5KPgErtP/EN5mcO.ChWQW21';

/** The mistakes, with the rule that must report each and its severity. */
const MUTATIONS: Array<{ name: string; ruleId: string; severity: Severity; mutate: Mutate }> = [
  {
    name: 'a second authentication method',
    ruleId: 'curity/authentication-method',
    severity: 'error',
    mutate: (text, doc) => {
      const client = firstClient(doc, (c) => c.verifiers.length === 1 && oneLine(text, c.verifiers[0]));
      if (!client) return undefined;
      const other = client.verifiers[0].local === 'no-authentication' ? '<jwks-uri><uri>https://app.example.com/jwks</uri></jwks-uri>' : '<no-authentication>true</no-authentication>';
      return insertAfter(text, client.verifiers[0], other);
    },
  },
  {
    name: 'several scopes in one element',
    ruleId: 'curity/scope-one-value',
    severity: 'error',
    mutate: (text, doc) => {
      const scope = clients(doc).flatMap((c) => childrenNamed(c.element, 'scope'))[0];
      return scope && setValue(text, scope, `${valueOf(scope)} openid profile`);
    },
  },
  {
    name: 'a $6$ secret',
    ruleId: 'curity/secret-format',
    severity: 'error',
    mutate: (text, doc) => {
      const secret = clients(doc).map(secretOf).find((s) => s !== undefined);
      return secret && setValue(text, secret, SHA512);
    },
  },
  {
    name: 'a §5§ secret left by a template',
    ruleId: 'curity/secret-format',
    severity: 'error',
    mutate: (text, doc) => {
      const secret = clients(doc).map(secretOf).find((s) => s !== undefined);
      return secret && setValue(text, secret, valueOf(secret).replace(/\$/g, '§'));
    },
  },
  {
    name: 'an undefined scope',
    ruleId: 'curity/scope-undefined',
    severity: 'error',
    mutate: (text, doc) => {
      const scope = clients(doc).flatMap((c) => childrenNamed(c.element, 'scope'))[0];
      return scope && setValue(text, scope, 'mcpauth-no-such-scope');
    },
  },
  {
    name: 'a UI label as a capability',
    ruleId: 'curity/capability-name',
    severity: 'error',
    mutate: (text, doc) => {
      const client = firstClient(doc, (c) => c.capabilities !== undefined && c.capabilities.children.length > 0);
      return client && insertAfter(text, client.capabilities!, '<client_credentials/>', '  ');
    },
  },
  {
    name: 'a capability the profile does not enable',
    ruleId: 'curity/capability-not-enabled',
    severity: 'error',
    mutate: (text, doc) => {
      const client = firstClient(doc, (c) => c.capabilities !== undefined && c.capabilities.children.length > 0);
      const enabled = client && childNamed(client.profile.authorizationServer, 'client-capabilities');
      if (!client || !enabled) return undefined;
      const names = new Set(enabled.children.map((c) => c.local));
      const missing = [...KNOWN_CAPABILITIES].find((name) => name !== 'haapi' && !names.has(name) && !childNamed(client.capabilities, name));
      return missing ? insertAfter(text, client.capabilities!, `<${missing}/>`, '  ') : undefined;
    },
  },
  {
    name: 'a duplicate client id',
    ruleId: 'curity/duplicate-client-id',
    severity: 'error',
    mutate: (text, doc) => {
      const client = clients(doc)[0];
      if (!client?.idElement) return undefined;
      const start = lineStart(text, client.element.offset);
      const close = text.indexOf('</client>', client.element.offset);
      const end = lineEnd(text, close);
      const block = text.slice(start, end);
      const idLineInBlock = lineAt(text, client.idElement.offset) - lineAt(text, start);
      return { text: `${text.slice(0, end)}\n${block}${text.slice(end)}`, line: lineAt(text, end) + 1 + idLineInBlock };
    },
  },
  {
    name: 'an undeclared as: prefix in <type>',
    ruleId: 'curity/namespace',
    severity: 'error',
    mutate: (text, doc) => {
      const type = curityView(doc).profiles.find((p) => p.typeName === 'oauth-service')?.typeElement;
      if (!type || !/^as:/.test(valueOf(type))) return undefined;
      const tagEnd = text.indexOf('>', type.offset);
      const tag = text.slice(type.offset, tagEnd).replace(/\s+xmlns:as="[^"]*"/, '');
      return { text: text.slice(0, type.offset) + tag + text.slice(tagEnd), line: lineAt(text, type.offset) };
    },
  },
  {
    name: 'an unset #{PARAM}',
    ruleId: 'curity/placeholder',
    severity: 'warning',
    mutate: (text, doc) => {
      const uri = clients(doc).flatMap((c) => childrenNamed(c.element, 'redirect-uris'))[0] ?? clients(doc).flatMap((c) => childrenNamed(c.element, 'scope'))[0];
      return uri && setValue(text, uri, '#{MCPAUTH_TEST_REDIRECT_URI}');
    },
  },
];

async function expectReported(base: string, name: string, text: string): Promise<Set<string>> {
  const parsed = parseXmlDocument(text);
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  const applied = new Set<string>();
  const baseline = (await validateText(text, name)).findings;
  expect({ base, errors: baseline.filter((f) => f.severity === 'error') }).toEqual({ base, errors: [] });
  for (const mutation of MUTATIONS) {
    const mutated = mutation.mutate(text, parsed.doc);
    if (!mutated) continue;
    applied.add(mutation.name);
    const { findings } = await validateText(mutated.text, name);
    // A new finding: one the unbroken file does not have (some lines already hold a #{PARAM}).
    const before = new Set(baseline.map((f) => `${f.ruleId} ${f.line} ${f.message}`));
    const hit = findings.find((f) => f.ruleId === mutation.ruleId && f.line === mutated.line && !before.has(`${f.ruleId} ${f.line} ${f.message}`));
    expect({ base, mutation: mutation.name, found: hit !== undefined, severity: hit?.severity }).toEqual({ base, mutation: mutation.name, found: true, severity: mutation.severity });
    expect(findings.every((f) => f.ruleId !== 'core/rule-failed')).toBe(true);
  }
  return applied;
}

test('mcpauth\'s own whole configuration: every mistake, at its line', async () => {
  const file = path.join(FIXTURES, 'curity', 'server-config.xml');
  const text = readFileSync(file, 'utf8');
  expect((await validateText(text, 'server-config.xml')).findings).toEqual([]);
  const applied = await expectReported('server-config.xml', 'server-config.xml', text);
  expect([...applied].sort()).toEqual(MUTATIONS.map((m) => m.name).sort());
});

(corpusPresent ? test : test.skip)('configurations exported from running servers (the shared corpus): every mistake, at its line', async () => {
  const bases = readdirSync(CORPUS).filter((f) => f.includes('config-backup') && f.endsWith('.xml'));
  expect(bases.length).toBeGreaterThanOrEqual(19);
  const counts = new Map<string, number>();
  for (const base of bases) {
    for (const name of await expectReported(base, base, readFileSync(path.join(CORPUS, base), 'utf8'))) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  // Every mistake was tried on several real configurations.
  for (const mutation of MUTATIONS) expect([mutation.name, (counts.get(mutation.name) ?? 0) >= 5]).toEqual([mutation.name, true]);
});
