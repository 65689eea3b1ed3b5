/**
 * The cross/ rules: files of one run that disagree. Files named together on the command line, a
 * generated mcpauth-out/ folder edited by hand, and the cases that must stay quiet (another
 * server's entry in the same desktop config, a Windows @file read from its twin in the run).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runValidation } from '../../src/validate/engine.js';
import { collectInputs } from '../../src/validate/inputs.js';
import type { Finding } from '../../src/validate/types.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { options } from './helpers.js';

const URL = 'https://mcp.example.com/mcp';

function desktop(args: string[], extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ mcpServers: { stocks: { command: 'npx', args: ['-y', 'mcp-remote@0.15.1', ...args] }, ...extra } }, null, 2)}\n`;
}

function policy(audience: string, allowed = ['stocks/read']): string {
  return `${JSON.stringify(
    {
      kind: 'mcpauth/dcr-policy',
      version: 1,
      scopes: { allowed, onUnknown: 'drop', onMissing: 'reject' },
      redirectUris: { allowLoopbackHttp: true, httpsHosts: ['claude.ai'] },
      grantTypes: ['authorization_code', 'refresh_token'],
      tokenEndpointAuthMethods: ['none'],
      client: { requireProofKey: true, accessTokenTtl: 900, refreshTokenTtl: 0, audiences: [audience], nameFromClientName: true, requiresConsent: true },
      gateway: { stripClientUri: true },
    },
    null,
    2,
  )}\n`;
}

function staticClient(audience: string, scopes = ['stocks/read']): string {
  const scopeLines = scopes.map((s) => `                <scope>${s}</scope>`).join('\n');
  return `<config xmlns="http://tail-f.com/ns/config/1.0">
  <profiles xmlns="https://curity.se/ns/conf/base">
    <profile>
      <id>token-service</id>
      <type xmlns:as="https://curity.se/ns/conf/profile/oauth">as:oauth-service</type>
      <settings>
        <authorization-server xmlns="https://curity.se/ns/conf/profile/oauth">
          <client-store>
            <config-backed>
              <client>
                <id>claude-desktop</id>
                <no-authentication>true</no-authentication>
                <redirect-uris>http://localhost:3334/oauth/callback</redirect-uris>
                <proof-key>
                  <require-proof-key>true</require-proof-key>
                </proof-key>
                <refresh-token-ttl>disabled</refresh-token-ttl>
                <audience>${audience}</audience>
${scopeLines}
                <capabilities>
                  <code/>
                </capabilities>
              </client>
            </config-backed>
          </client-store>
        </authorization-server>
      </settings>
    </profile>
  </profiles>
</config>
`;
}

const metadata = (scope: string) => JSON.stringify({ client_name: 'Claude (stocks)', scope });
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const cross = (findings: Finding[]) => findings.filter((f) => f.ruleId.startsWith('cross/')).map((f) => [f.ruleId, f.file, f.line]);

function write(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
}

async function validateDir(dir: string, args = ['.']): Promise<Finding[]> {
  return (await runValidation(await collectInputs(args, dir), options({ cwd: dir }))).findings;
}

describe('a desktop config, a DCR policy and a static client that disagree', () => {
  test('on the audience string (a trailing slash), from the CLI with the files named together', () => {
    const dir = tempDir();
    const files = {
      'claude_desktop_config.json': desktop([URL, '--static-oauth-client-metadata', metadata('stocks/read')]),
      'dcr-policy.json': policy(`${URL}/`),
      'curity-static-client.xml': staticClient(URL),
    };
    write(dir, files);
    const r = runCli(['validate', 'claude_desktop_config.json', 'dcr-policy.json', 'curity-static-client.xml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(r.stdout) as { findings: Finding[] };
    expect(cross(findings)).toEqual([
      ['cross/audience-resource', 'claude_desktop_config.json', lineOf(files['claude_desktop_config.json'], URL)],
      ['cross/audience-resource', 'curity-static-client.xml', lineOf(files['curity-static-client.xml'], '<audience>')],
    ]);
    const xml = findings.find((f) => f.file === 'curity-static-client.xml')!;
    expect(xml.message).toContain(`"${URL}/"`);
    expect(xml.message).toMatch(/dcr-policy\.json/);
    expect(xml.message).toMatch(/trailing slash/);
    // Each file alone is fine: the disagreement is only seen together.
    for (const file of Object.keys(files)) {
      const alone = JSON.parse(runCli(['validate', file, '--format', 'json'], { cwd: dir }).stdout) as { findings: Finding[] };
      expect(cross(alone.findings)).toEqual([]);
    }
  });

  test('on the scope: the metadata asks for one the policy does not allow', async () => {
    const dir = tempDir();
    const config = desktop([URL, '--static-oauth-client-metadata', metadata('stocks/read stocks/write')]);
    write(dir, { 'claude_desktop_config.json': config, 'dcr-policy.json': policy(URL), 'curity-static-client.xml': staticClient(URL) });
    const findings = await validateDir(dir);
    expect(cross(findings)).toEqual([['cross/scope-allowed', 'claude_desktop_config.json', lineOf(config, '--static-oauth-client-metadata') + 1]]);
    expect(findings.find((f) => f.ruleId === 'cross/scope-allowed')!.message).toMatch(/"stocks\/write".*dcr-policy\.json.*drops/);
  });

  test('an origin-only resource without its slash never matches what mcp-remote sends', async () => {
    const dir = tempDir();
    const origin = 'https://mcp.example.com';
    const text = policy(origin);
    write(dir, { 'claude_desktop_config.json': desktop([origin, '--static-oauth-client-metadata', metadata('stocks/read')]), 'dcr-policy.json': text });
    const findings = await validateDir(dir);
    expect(cross(findings)).toEqual([['cross/audience-resource', 'dcr-policy.json', lineOf(text, `"${origin}"`)]]);
    expect(findings.find((f) => f.ruleId === 'cross/audience-resource')!.message).toContain(`"${origin}/"`);
  });

  test('another server in the same desktop config is not judged against this deployment', async () => {
    const dir = tempDir();
    const other = { command: 'npx', args: ['-y', 'mcp-remote@0.15.1', 'https://other.example.org/mcp', '--static-oauth-client-metadata', metadata('repo')] };
    write(dir, {
      'claude_desktop_config.json': desktop([URL, '--static-oauth-client-metadata', metadata('stocks/read')], { github: other }),
      'dcr-policy.json': policy(URL),
      'curity-static-client.xml': staticClient(URL),
    });
    expect(cross(await validateDir(dir))).toEqual([]);
  });
});

describe('a generated mcpauth-out/ edited by hand', () => {
  function generate(args: string[]): string {
    const dir = tempDir();
    const r = runCli(['generate', 'all', '--out-dir', 'mcpauth-out', '--platform', 'linux', ...args], { cwd: dir });
    expect(r.code).toBe(0);
    return dir;
  }
  const out = (dir: string, name: string) => path.join(dir, 'mcpauth-out', name);
  const edit = (dir: string, name: string, change: (text: string) => string) => writeFileSync(out(dir, name), change(readFileSync(out(dir, name), 'utf8')));

  test('static registration: another callback port, another client id', async () => {
    const dir = generate(['--registration', 'static', '--callback-port', '3334']);
    expect(cross(await validateDir(dir, ['mcpauth-out']))).toEqual([]);
    edit(dir, 'claude_desktop_config.json', (t) => t.replace('"3334"', '"3335"'));
    const config = readFileSync(out(dir, 'claude_desktop_config.json'), 'utf8');
    expect(cross(await validateDir(dir, ['mcpauth-out']))).toEqual([['cross/callback-port', path.join('mcpauth-out', 'claude_desktop_config.json'), lineOf(config, '"3335"')]]);
    edit(dir, 'claude_desktop_config.json', (t) => t.replace('"3335"', '"3334"').replace('claude-client', 'claude-cliemt'));
    const ids = (await validateDir(dir, ['mcpauth-out'])).filter((f) => f.ruleId.startsWith('cross/')).map((f) => f.ruleId);
    expect(ids).toEqual(['cross/static-client-id', 'cross/static-client-id']); // not in the XML, and not deployment.json's
    // Back to the right id; now the static client no longer allows the scope the metadata asks for.
    edit(dir, 'claude_desktop_config.json', (t) => t.replace('claude-cliemt', 'claude-client'));
    edit(dir, 'curity-static-client.xml', (t) => t.replace('<scope>stocks/read</scope>', '<scope>stocks/list</scope>'));
    const findings = await validateDir(dir, ['mcpauth-out']);
    expect(cross(findings).map(([id, file]) => [id, file])).toEqual([['cross/scope-allowed', path.join('mcpauth-out', 'claude_desktop_config.json')]]);
    expect(findings.find((f) => f.ruleId === 'cross/scope-allowed')!.message).toMatch(/Curity client "claude-client"/);
  });

  test('CIMD registration: the document published at another URL', async () => {
    const dir = generate(['--registration', 'cimd', '--client-metadata-url', 'https://app.example.com/oauth/claude.json']);
    expect(cross(await validateDir(dir, ['mcpauth-out']))).toEqual([]);
    edit(dir, 'client-id-metadata-document.json', (t) => t.replace('/oauth/claude.json', '/claude.json'));
    const findings = await validateDir(dir, ['mcpauth-out']);
    expect(cross(findings).map(([id, file]) => [id, file])).toEqual([['cross/cimd-url', path.join('mcpauth-out', 'claude_desktop_config.json')]]);
  });

  test('DCR registration: deployment.json and the policy name different resources; the web client lost a scope', async () => {
    const dir = generate([]);
    expect(cross(await validateDir(dir, ['mcpauth-out']))).toEqual([]);
    edit(dir, 'dcr-policy.json', (t) => t.replace('"https://mcp.demo.example/"', '"https://mcp.demo.example/mcp"'));
    edit(dir, 'curity-static-client.xml', (t) => t.replace('<scope>phone</scope>', ''));
    const findings = await validateDir(dir, ['mcpauth-out']);
    expect(cross(findings).map(([id, file]) => [id, file])).toEqual([
      ['cross/web-scopes', path.join('mcpauth-out', 'curity-static-client.xml')],
      ['cross/audience-resource', path.join('mcpauth-out', 'dcr-policy.json')],
    ]);
    expect(findings.find((f) => f.ruleId === 'cross/web-scopes')!.severity).toBe('warning');
  });

  test('a Windows target: the @file metadata is read from its twin in the run', async () => {
    const dir = tempDir();
    expect(runCli(['generate', 'all', '--out-dir', 'mcpauth-out', '--platform', 'win32', '--ca-cert', 'C:\\certs\\ca.crt'], { cwd: dir }).code).toBe(0);
    const run = async () => (await runValidation(await collectInputs(['mcpauth-out'], dir), options({ cwd: dir, platform: 'win32' }))).findings;
    expect(cross(await run())).toEqual([]);
    edit(dir, 'curity-demo.client-metadata.json', (t) => t.replace('stocks/read', 'stocks/admin'));
    const found = (await run()).filter((f) => f.ruleId === 'cross/scope-allowed');
    // Refused twice: by the policy, and by Curity's DCR settings generated from it.
    expect(found.map((f) => [f.file, /dcr-policy\.json/.test(f.message), /curity-dcr\.xml/.test(f.message)])).toEqual([
      [path.join('mcpauth-out', 'claude_desktop_config.json'), true, false],
      [path.join('mcpauth-out', 'claude_desktop_config.json'), false, true],
    ]);
  });
});
