/**
 * The XML reader behind curity-xml: positions, namespaces, entities, hostile input, and that the
 * parser is loaded only when a run has an XML file.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allElements, type XmlElement } from '../../src/validate/parse/xml-tree.js';
import { parseXmlDocument, XML_LIMITS } from '../../src/validate/parse/xml.js';
import { BIN, tempDir } from '../helpers/cli.js';
import { ids, positionOf, validateText } from './helpers.js';

function parse(text: string) {
  const result = parseXmlDocument(text);
  if (!result.ok) throw new Error(`did not parse: ${result.message}`);
  return result.doc;
}

const named = (root: XmlElement, local: string) => [...allElements(root)].filter((e) => e.local === local);

describe('positions', () => {
  test('every element knows where its start tag and its text are, with a BOM, CRLF, attributes holding ">" and entities', () => {
    const text = '\uFEFF<config xmlns="http://tail-f.com/ns/config/1.0">\r\n  <a note="x > y">  v &amp; w </a>\r\n  <b/><c><![CDATA[<raw>]]></c>\r\n</config>\r\n';
    const doc = parse(text);
    const [a] = named(doc.root, 'a');
    expect(positionOf(text, a.offset)).toEqual([2, 3]);
    expect(text.slice(a.textOffset, a.textOffset + 5)).toBe('v &am');
    expect(a.text.trim()).toBe('v & w');
    expect(a.attributes.note).toBe('x > y');
    expect(named(doc.root, 'c')[0].text).toBe('<raw>');
    expect(positionOf(text, named(doc.root, 'b')[0].offset)).toEqual([3, 3]);
  });

  test('location paths index repeated siblings', () => {
    const doc = parse('<config xmlns="http://tail-f.com/ns/config/1.0"><p><id>1</id></p><p><id>2</id></p><q/></config>');
    expect([...allElements(doc.root)].map((e) => e.path)).toEqual(['/config', '/config/p[1]', '/config/p[1]/id', '/config/p[2]', '/config/p[2]/id', '/config/q']);
  });

  test('a finding in XML carries the line, column and location path of its element', async () => {
    const text = '<config xmlns="http://tail-f.com/ns/config/1.0">\n  <profiles xmlns="https://curity.se/ns/conf/base">\n    <profile>\n      <id>token-service</id>\n      <type xmlns:as="https://curity.se/ns/conf/profile/oauth">as:oauth-service</type>\n      <settings>\n        <authorization-server xmlns="https://curity.se/ns/conf/profile/oauth">\n          <client-store><config-backed><client>\n            <id>c</id>\n            <scope>a  b</scope>\n          </client></config-backed></client-store>\n        </authorization-server>\n      </settings>\n    </profile>\n  </profiles>\n</config>\n';
    const { findings } = await validateText(text, 'fragment.xml');
    const finding = findings.find((f) => f.ruleId === 'curity/scope-one-value')!;
    expect([finding.line, finding.column]).toEqual(positionOf(text, text.indexOf('a  b')));
    expect(finding.pointer).toBe('/config/profiles/profile/settings/authorization-server/client-store/config-backed/client/scope');
  });
});

describe('namespaces', () => {
  test('prefixes are resolved, whatever their name; an undeclared one resolves to nothing', () => {
    const doc = parse('<c:config xmlns:c="http://tail-f.com/ns/config/1.0"><o:x xmlns:o="urn:oauth"><y/><o:z/></o:x><u:w/></c:config>');
    const byLocal = Object.fromEntries([...allElements(doc.root)].map((e) => [e.local, e.namespace]));
    expect(byLocal).toEqual({ config: 'http://tail-f.com/ns/config/1.0', x: 'urn:oauth', y: undefined, z: 'urn:oauth', w: undefined });
    expect(named(doc.root, 'x')[0].scope.get('o')).toBe('urn:oauth');
  });

  test('a configuration that binds the oauth namespace to another prefix is understood: same findings as with as:', async () => {
    const client = '<client><id>c</id><secret>plain</secret><redirect-uris>https://app.example.com/cb</redirect-uris><capabilities><code/></capabilities></client>';
    const usual = `<config xmlns="http://tail-f.com/ns/config/1.0"><profiles xmlns="https://curity.se/ns/conf/base"><profile><id>t</id><type xmlns:as="https://curity.se/ns/conf/profile/oauth">as:oauth-service</type><settings><authorization-server xmlns="https://curity.se/ns/conf/profile/oauth"><client-store><config-backed>${client}</config-backed></client-store></authorization-server></settings></profile></profiles></config>`;
    const prefixed = usual
      .replace('xmlns:as="https://curity.se/ns/conf/profile/oauth">as:oauth-service', 'xmlns:oauth="https://curity.se/ns/conf/profile/oauth">oauth:oauth-service')
      .replace(/<(\/?)(authorization-server|client-store|config-backed|client|id|secret|redirect-uris|capabilities|code)([ >/])/g, '<$1o:$2$3')
      .replace('<o:authorization-server xmlns="https://curity.se/ns/conf/profile/oauth"', '<o:authorization-server xmlns:o="https://curity.se/ns/conf/profile/oauth"')
      .replace('<profile><o:id>t</o:id>', '<profile><id>t</id>');
    const a = await validateText(usual, 'a.xml');
    const b = await validateText(prefixed, 'b.xml');
    expect(ids(a.findings).sort()).toEqual(['curity/secret-plaintext', 'curity/unresolved-reference']);
    expect(ids(b.findings).sort()).toEqual(ids(a.findings).sort());
  });
});

describe('hostile and broken input: a finding, quickly, never an exception', () => {
  const lolz = `<?xml version="1.0"?>
<!DOCTYPE config [
  <!ENTITY lol "lol">
${Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n')}
]>
<config xmlns="http://tail-f.com/ns/config/1.0">&lol9;</config>
`;

  test('a billion-laughs document is refused at its DOCTYPE in well under a second', async () => {
    const started = performance.now();
    const { findings } = await validateText(lolz, 'lolz.xml');
    expect(performance.now() - started).toBeLessThan(250);
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['curity/xml-syntax', 2, 1]]);
  });

  test('an external entity is never read', async () => {
    const { findings } = await validateText('<!DOCTYPE config [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<config xmlns="http://tail-f.com/ns/config/1.0">&x;</config>', 'xxe.xml');
    expect(findings.map((f) => f.ruleId)).toEqual(['curity/xml-syntax']);
    expect(findings[0].message).not.toMatch(/root:/);
  });

  test(`more than ${XML_LIMITS.maxElements} elements, or deeper than ${XML_LIMITS.maxDepth} levels, is not read, and that is quick`, async () => {
    const many = `<config xmlns="http://tail-f.com/ns/config/1.0">${'<a/>'.repeat(XML_LIMITS.maxElements + 1)}</config>`;
    const deep = `<config xmlns="http://tail-f.com/ns/config/1.0">${'<a>'.repeat(15_000)}${'</a>'.repeat(15_000)}</config>`;
    for (const [text, pattern] of [[many, /more than 20000 elements/], [deep, /nested deeper than 64/]] as const) {
      const started = performance.now();
      const { findings } = await validateText(text, 'big.xml');
      expect(performance.now() - started).toBeLessThan(1000);
      expect(findings.map((f) => f.ruleId)).toEqual(['curity/xml-syntax']);
      expect(findings[0].message).toMatch(pattern);
    }
  });

  test('an element never closed is named, at its start tag', async () => {
    const { findings } = await validateText('<config xmlns="http://tail-f.com/ns/config/1.0">\n  <profiles>\n', 'open.xml');
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([['curity/xml-syntax', 2, 3, '<profiles> is never closed: Curity cannot load the file']]);
  });

  test.each([
    ['a mismatched closing tag', '<config xmlns="http://tail-f.com/ns/config/1.0">\n  <a></b>\n</config>', 2],
    ['a repeated attribute', '<config xmlns="http://tail-f.com/ns/config/1.0">\n  <a x="1" x="2"/>\n</config>', 2],
    ['two roots', '<config xmlns="http://tail-f.com/ns/config/1.0"/>\n<config xmlns="http://tail-f.com/ns/config/1.0"/>', 2],
    ['text after the root', '<config xmlns="http://tail-f.com/ns/config/1.0"/>\ngarbage', 2],
  ])('%s is curity/xml-syntax at its line', async (_name, text, line) => {
    const { findings } = await validateText(text, 'broken.xml');
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([['curity/xml-syntax', line]]);
  });

  test('--type curity-xml on a file that is not XML is a syntax finding', async () => {
    const { findings } = await validateText('{"mcpServers": {}}', 'c.json', { type: 'curity-xml' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['curity/xml-syntax', 1, 1]]);
  });
});

test('the XML parser is loaded only by runs that have an XML file', () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'claude_desktop_config.json'), '{"mcpServers": {}}');
  writeFileSync(path.join(dir, 'curity.xml'), '<config xmlns="http://tail-f.com/ns/config/1.0"/>');
  writeFileSync(path.join(dir, 'hooks.mjs'), 'export async function resolve(s, c, next) { if (s.includes("fast-xml-parser")) process.stderr.write("LOADED fast-xml-parser\\n"); return next(s, c); }\n');
  writeFileSync(path.join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});\n`);
  const run = (file: string) => spawnSync(process.execPath, ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href, BIN, 'validate', file], { cwd: dir, encoding: 'utf8' });
  const json = run('claude_desktop_config.json');
  expect(json.status).toBe(0);
  expect(json.stderr).not.toMatch(/LOADED fast-xml-parser/);
  const xml = run('curity.xml');
  expect(xml.status).toBe(0);
  expect(xml.stderr).toMatch(/LOADED fast-xml-parser/);
});
