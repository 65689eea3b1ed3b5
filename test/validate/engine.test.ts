/** The engine around the rules: embedded metadata, severities that vary, detection, robustness, hooks. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../../src/rules/registry.js';
import type { Rule } from '../../src/rules/rule.js';
import { runValidation } from '../../src/validate/engine.js';
import { collectInputs } from '../../src/validate/inputs.js';
import { tempDir } from '../helpers/cli.js';
import { ids, makeReferencedFiles, options, positionOf, validateText } from './helpers.js';

const URL = 'https://mcp.example.com/mcp';
const config = (args: string[], env?: Record<string, string>) => `${JSON.stringify({ mcpServers: { demo: { command: 'npx', args, ...(env ? { env } : {}) } } }, null, 2)}\n`;

let tmp: string;
beforeAll(async () => {
  tmp = await makeReferencedFiles();
});

describe('static client metadata inside a desktop config', () => {
  test('inline metadata is checked as client-metadata, with findings on the argument', async () => {
    const text = config(['-y', 'mcp-remote@0.15.1', URL, '--static-oauth-client-metadata', JSON.stringify({ client_name: 'Claude', scopes: ['stocks/read'] })]);
    const { findings } = await validateText(text, 'claude_desktop_config.json');
    expect(ids(findings).sort()).toEqual(['mcp-remote/metadata-fields', 'mcp-remote/missing-scope']);
    const argAt = positionOf(text, text.indexOf('"{\\"client_name'));
    for (const f of findings) {
      expect([f.line, f.column]).toEqual(argAt);
      expect(f.pointer).toBe('/mcpServers/demo/args/4');
      expect(f.message).toMatch(/^static client metadata of "demo": /);
    }
    expect(findings.find((f) => f.ruleId === 'mcp-remote/metadata-fields')!.message).toMatch(/did you mean "scope"/);
  });

  test('a scope that is an array is a metadata-fields warning', async () => {
    const text = config(['-y', 'mcp-remote@0.15.1', URL, '--static-oauth-client-metadata', JSON.stringify({ client_name: 'Claude', scope: ['stocks/read'] })]);
    const { findings } = await validateText(text, 'claude_desktop_config.json');
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['mcp-remote/metadata-fields', 'warning']]);
    expect(findings[0].message).toMatch(/scope must be a string/);
  });

  test('@file on this computer is read and checked; its problems point at the argument', async () => {
    const file = path.join(tmp, 'no-scope.json');
    writeFileSync(file, JSON.stringify({ client_name: 'Claude', redirect_uris: ['http://localhost:1/cb'] }));
    const { findings } = await validateText(config(['-y', 'mcp-remote@0.15.1', URL, '--static-oauth-client-metadata', `@${file}`]), 'claude_desktop_config.json');
    expect(ids(findings).sort()).toEqual(['mcp-remote/metadata-redirect-uris', 'mcp-remote/missing-scope']);
    expect(findings[0].message).toContain(file);
  });

  test('@file that does not exist is an error here, and not judged with --offline or for another computer', async () => {
    const text = config(['-y', 'mcp-remote@0.15.1', URL, '--static-oauth-client-metadata', `@${path.join(tmp, 'absent.json')}`]);
    const here = await validateText(text, 'claude_desktop_config.json');
    expect(ids(here.findings)).toEqual(['mcp-remote/metadata-json']);
    expect(here.findings[0].message).toMatch(/does not exist/);
    expect((await validateText(text, 'claude_desktop_config.json', { offline: true })).findings).toEqual([]);
  });

  test('a Windows @file path checked for this (POSIX) computer says which --platform it may need', async () => {
    const text = config(['-y', 'mcp-remote@0.15.1', URL, '--static-oauth-client-metadata', '@C:\\ProgramData\\mcpauth\\demo.json']);
    const { findings } = await validateText(text, 'claude_desktop_config.json', { platform: 'linux' });
    expect(findings[0].message).toMatch(/--platform win32/);
    expect((await validateText(text, 'claude_desktop_config.json', { platform: 'win32' })).findings).toEqual([]);
  });
});

describe('rules with two severities', () => {
  test('http with --allow-http is a warning on a public host and fine on a private one', async () => {
    const pub = await validateText(config(['-y', 'mcp-remote@0.15.1', 'http://mcp.example.com/mcp', '--allow-http']), 'c.json');
    expect(pub.findings.map((f) => [f.ruleId, f.severity])).toEqual([['mcp-remote/https-required', 'warning']]);
    const lan = await validateText(config(['-y', 'mcp-remote@0.15.1', 'http://10.0.0.5:8080/mcp', '--allow-http']), 'c.json');
    expect(lan.findings).toEqual([]);
  });

  test('a CA certificate that expires within 30 days is a warning', async () => {
    const { findings } = await validateText(config(['-y', 'mcp-remote@0.15.1', URL], { NODE_EXTRA_CA_CERTS: path.join(tmp, 'soon.pem') }), 'c.json');
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['desktop/ca-cert-expired', 'warning']]);
  });

  test('a file that holds no certificate is a ca-cert-file error', async () => {
    const { findings } = await validateText(config(['-y', 'mcp-remote@0.15.1', URL], { NODE_EXTRA_CA_CERTS: path.join(tmp, 'garbage.pem') }), 'c.json');
    expect(ids(findings)).toEqual(['desktop/ca-cert-file']);
    expect(findings[0].message).toMatch(/no PEM certificate/);
  });

  test('https on a loopback redirect URI is a warning; a private-use scheme is an error', async () => {
    const request = (uri: string) => JSON.stringify({ redirect_uris: [uri], token_endpoint_auth_method: 'none', client_name: 'x', scope: 'a' });
    expect((await validateText(request('https://127.0.0.1/cb'))).findings.map((f) => f.severity)).toEqual(['warning']);
    expect((await validateText(request('cursor://anysphere.cursor-retrieval/oauth'))).findings.map((f) => [f.ruleId, f.severity])).toEqual([['dcr/redirect-uri', 'error']]);
    expect((await validateText(request('javascript:alert(1)'))).findings[0].message).toMatch(/dangerous scheme/);
  });

  test('a CIMD client_id with a query is a warning, a policy host that is an IP a warning', async () => {
    const cimd = { client_id: 'https://app.example.com/client.json?v=2', client_name: 'x', redirect_uris: ['http://127.0.0.1/cb'], token_endpoint_auth_method: 'none' };
    expect((await validateText(JSON.stringify(cimd))).findings.map((f) => [f.ruleId, f.severity])).toEqual([['cimd/client-id-url', 'warning']]);
    const policy = (await import('../fixtures/validate/rules/policy/schema.pass.json', { with: { type: 'json' } })).default;
    const withIp = { ...policy, redirectUris: { allowLoopbackHttp: true, httpsHosts: ['203.0.113.7'] } };
    expect((await validateText(JSON.stringify(withIp))).findings.map((f) => [f.ruleId, f.severity])).toEqual([['policy/redirect-rule', 'warning']]);
  });
});

describe('one problem, one finding', () => {
  test('a remote entry is remote-entry only, not also command-required', async () => {
    const { findings } = await validateText(JSON.stringify({ mcpServers: { r: { url: URL } } }), 'c.json');
    expect(ids(findings)).toEqual(['desktop/remote-entry']);
  });

  test('a forbidden grant type in a policy is policy/grant-types, not also policy/schema', async () => {
    const policy = JSON.parse(JSON.stringify(await import('../fixtures/validate/rules/policy/schema.pass.json', { with: { type: 'json' } }).then((m) => m.default)));
    policy.grantTypes = ['password'];
    const { findings } = await validateText(JSON.stringify(policy));
    expect(ids(findings)).toEqual(['policy/grant-types']);
  });

  test('a policy without requireProofKey is policy/pkce only, whether or not the schema requires the field', async () => {
    const policy = JSON.parse(JSON.stringify((await import('../fixtures/validate/rules/policy/schema.pass.json', { with: { type: 'json' } })).default));
    delete policy.client.requireProofKey;
    const { findings } = await validateText(JSON.stringify(policy, null, 2));
    expect(ids(findings)).toEqual(['policy/pkce']);
    expect(findings[0].message).toMatch(/not set/);
  });

  test('a ~ in NODE_EXTRA_CA_CERTS is ca-cert-path only, not also unexpanded-variable', async () => {
    const { findings } = await validateText(config(['-y', 'mcp-remote@0.15.1', URL], { NODE_EXTRA_CA_CERTS: '~/certs/ca.pem' }), 'c.json');
    expect(ids(findings)).toEqual(['desktop/ca-cert-path']);
  });
});

describe('type detection', () => {
  test('by content, by name, and by name for a file that does not parse', async () => {
    expect((await validateText('{"mcpServers": {}}', 'x.json')).files[0].type).toBe('desktop-config');
    expect((await validateText('{"preferences": {}}', 'claude_desktop_config.json')).files[0].type).toBe('desktop-config');
    expect((await validateText('{"client_name": "x", "scope": "a"}', 'demo.client-metadata.json')).files[0].type).toBe('client-metadata');
    const broken = await validateText('{\n  "mcpServers": {},\n}\n', 'settings.json');
    expect(broken.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['desktop/json-syntax', 2, 19]]);
  });

  test('--type overrides detection', async () => {
    const { files, findings } = await validateText('{"mcpServers": {}}', 'x.json', { type: 'client-metadata' });
    expect(files[0].type).toBe('client-metadata');
    expect(ids(findings)).toContain('mcp-remote/metadata-fields');
  });

  test('XML other than a Curity configuration named on the command line is reported, not parsed as JSON', async () => {
    const { findings } = await validateText('<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0"/>', 'pom.xml');
    expect(ids(findings)).toEqual(['core/unknown-type']);
    expect(findings[0].message).toMatch(/XML, but not a Curity configuration/);
  });

  test('a Curity configuration is curity-xml: <config> in the tail-f namespace, whatever its prefix, or RESTCONF <data>', async () => {
    for (const text of [
      '<config xmlns="http://tail-f.com/ns/config/1.0"/>',
      '<?xml version="1.0"?>\n<!-- exported -->\n<c:config xmlns:c="http://tail-f.com/ns/config/1.0"></c:config>',
      '<data xmlns="urn:ietf:params:xml:ns:yang:ietf-restconf"><profiles xmlns="https://curity.se/ns/conf/base"/></data>',
    ]) {
      const { files, findings } = await validateText(text, 'x.xml');
      expect({ text, type: files[0].type, findings }).toEqual({ text, type: 'curity-xml', findings: [] });
    }
    expect((await validateText('<config xmlns="urn:other"/>', 'x.xml')).findings.map((f) => f.ruleId)).toEqual(['core/unknown-type']);
  });

  test('in a folder, files of no known type are skipped, not errors; .xml files are picked up', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'package.json'), '{"name": "x"}');
    writeFileSync(path.join(dir, 'pom.xml'), '<project/>');
    writeFileSync(path.join(dir, 'notes.txt'), 'not looked at');
    writeFileSync(path.join(dir, 'claude_desktop_config.json'), '{"mcpServers": {}}');
    writeFileSync(path.join(dir, 'curity.xml'), '<config xmlns="http://tail-f.com/ns/config/1.0"/>');
    const result = await runValidation(await collectInputs([dir], dir), options({ cwd: dir }));
    expect(result.summary).toMatchObject({ files: 2, skipped: 2, errors: 0 });
    expect(result.files.filter((f) => !f.skipped).map((f) => f.type).sort()).toEqual(['curity-xml', 'desktop-config']);
  });
});

describe('robustness: findings, never exceptions', () => {
  test.each([
    ['empty file', ''],
    ['a byte-order mark', '\uFEFF{"mcpServers": {}}'],
    ['binary garbage', '\u0000\u0001\u0002\u00ff{'],
    ['deep nesting', '['.repeat(100_000)],
    ['a number', '42'],
    ['two documents', '{"mcpServers": {}}{"mcpServers": {}}'],
  ])('%s in a desktop config', async (_name, text) => {
    const { findings } = await validateText(text, 'claude_desktop_config.json');
    expect(ids(findings).length).toBeGreaterThan(0);
    expect(findings.every((f) => f.line >= 1 && f.column >= 1)).toBe(true);
  });

  test('odd shapes inside a config do not crash any rule', async () => {
    const text = JSON.stringify({
      mcpServers: {
        a: { command: 42, args: 'not-an-array', env: [] },
        b: { command: 'npx', args: [null, 1, {}, '--header'], env: { X: null } },
        c: { command: 'npx', args: ['mcp-remote', '--static-oauth-client-metadata'] },
        d: { command: 'npx', args: ['-y', 'mcp-remote', 'https://x.example/mcp', '--header', '--static-oauth-client-info', '[]', '--resource', ''] },
        e: null,
        '': { command: '' },
      },
    });
    const { findings } = await validateText(text, 'claude_desktop_config.json', { platform: 'win32' });
    expect(ids(findings)).not.toContain('core/rule-failed');
    expect(findings.length).toBeGreaterThan(3);
  });

  test('a path that does not exist is core/unreadable', async () => {
    const dir = tempDir();
    const result = await runValidation(await collectInputs(['missing.json'], dir), options({ cwd: dir }));
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line, f.column])).toEqual([['core/unreadable', 'missing.json', 1, 1]]);
    expect(result.summary.unreadable).toBe(true);
  });

  test('a rule that throws becomes a core/rule-failed finding and the other rules still run', async () => {
    const broken: Rule = { id: 'test/broken', severity: 'error', appliesTo: ['desktop-config'], description: 'throws', check: () => { throw new Error('boom'); } };
    (RULES as Rule[]).push(broken);
    try {
      const { findings } = await validateText(JSON.stringify({ mcpServers: { r: { url: URL } } }), 'c.json');
      expect(ids(findings).sort()).toEqual(['core/rule-failed', 'desktop/remote-entry']);
      expect(findings.find((f) => f.ruleId === 'core/rule-failed')!.message).toMatch(/test\/broken.*boom/);
    } finally {
      (RULES as Rule[]).pop();
    }
  });
});

test('run-level rules (the hook for cross-file checks) see every document and report on one', async () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'out'));
  writeFileSync(path.join(dir, 'out', 'claude_desktop_config.json'), '{\n  "mcpServers": {}\n}\n');
  writeFileSync(path.join(dir, 'out', 'c.client-metadata.json'), '{"client_name": "x", "scope": "a"}');
  const cross: Rule = {
    id: 'core/rule-failed', // any registered id will do for the test
    severity: 'warning',
    appliesTo: [],
    description: 'test',
    checkRun(ctx) {
      const desktop = ctx.documents.find((d) => d.type === 'desktop-config')!;
      ctx.report(desktop, '/mcpServers', `saw ${ctx.documents.map((d) => d.type).sort().join(' + ')}`);
    },
  };
  (RULES as Rule[]).push(cross);
  try {
    const result = await runValidation(await collectInputs(['out'], dir), options({ cwd: dir }));
    expect(result.findings.map((f) => [f.file, f.line, f.column, f.message])).toEqual([[path.join('out', 'claude_desktop_config.json'), 2, 3, 'saw client-metadata + desktop-config']]);
  } finally {
    (RULES as Rule[]).pop();
  }
});
