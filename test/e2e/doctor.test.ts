/**
 * `mcpauth doctor` against the local deployment: every check passes on a healthy one, and each
 * injected fault is named on its own line — wrong CA, no protected-resource metadata, no S256,
 * the scope missing from scopes_supported, an issuer that does not match. Doctor only reads:
 * the authorization server sees no registration and no token request.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runCli, runCliAsync, tempDir, type RunResult } from '../helpers/cli.js';
import { startLocalDeployment, type DeploymentOptions, type LocalDeployment } from './local/deployment.js';
import { startStaticSite } from './local/static-site.js';

interface JsonReport {
  ok: boolean;
  registration: string;
  summary: { pass: number; fail: number; skip: number };
  checks: { id: string; status: 'pass' | 'fail' | 'skip'; reason: string }[];
}

let outputs = 0;

/** The config `mcpauth generate desktop-config` writes for the deployment. */
function generateConfig(d: LocalDeployment, extraArgs: string[]): string {
  const out = path.join(d.dir, `claude_desktop_config-${++outputs}.json`);
  const r = runCli(['generate', 'desktop-config', '--server-url', d.mcp.url, '--issuer', d.as.issuer, '--scope', d.scope, '--out', out, ...extraArgs], { cwd: d.dir });
  expect(r.code).toBe(0);
  return out;
}

function doctor(config: string, extraArgs: string[] = []): Promise<RunResult> {
  return runCliAsync(['doctor', '--config', config, ...extraArgs]);
}

async function doctorJson(config: string, extraArgs: string[] = []): Promise<{ code: number; report: JsonReport }> {
  const r = await doctor(config, ['--format', 'json', ...extraArgs]);
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport };
}

function check(report: JsonReport, id: string) {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${JSON.stringify(report)}`);
  return found;
}

function failing(report: JsonReport): string[] {
  return report.checks.filter((c) => c.status === 'fail').map((c) => c.id);
}

/** Runs `body` against a deployment started with `options`, and always stops it. */
async function withDeployment(options: DeploymentOptions, body: (d: LocalDeployment) => Promise<void>): Promise<void> {
  const d = await startLocalDeployment(options);
  try {
    await body(d);
  } finally {
    await d.stop();
  }
}

describe('a healthy deployment', () => {
  let d: LocalDeployment;
  beforeAll(async () => {
    d = await startLocalDeployment();
  });
  afterAll(async () => d?.stop());

  test('every check passes, one line each, exit 0; nothing is registered and nobody signs in', async () => {
    const config = generateConfig(d, ['--ca-cert', d.caFile]);
    const r = await doctor(config);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`Checking "curity-demo" (${d.mcp.url}) from ${config}`);
    for (const id of ['entry', 'tls', 'challenge', 'resource-metadata', 'resource', 'authorization-server', 'issuer', 'registration', 'pkce', 'scope']) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^PASS  ${id} +\\S`)));
    }
    expect(lines).toContainEqual(expect.stringMatching(/^SKIP  cimd +the entry does not use a Client ID Metadata Document$/));
    expect(r.stdout).toMatch(/TLS to localhost:\d+ is verified with the CA in NODE_EXTRA_CA_CERTS \(.*example\.ca\.crt\); without it the handshake fails \(.*\), so the entry needs it/);
    expect(r.stdout).toContain(`401 with WWW-Authenticate: Bearer resource_metadata="${d.mcp.metadataUrl}"`);
    expect(r.stdout).toContain(`resource ${d.mcp.url} is the server URL`);
    expect(r.stdout).toContain(`metadata for ${d.as.issuer} found at ${d.as.origin}/.well-known/oauth-authorization-server/oauth/v2/oauth-anonymous`);
    expect(r.stdout).toContain(`registration_endpoint ${d.as.issuer}/reg`);
    expect(r.stdout).toMatch(/"stocks\/read" \(from the entry's --static-oauth-client-metadata\) is in scopes_supported/);
    expect(lines.at(-2)).toBe('10 passed, 0 failed, 1 skipped');
    expect(d.as.registrations).toEqual([]);
    expect(d.as.tokenRequests).toEqual([]);
  }, 60_000);

  test('--format json: the same checks as data', async () => {
    const { code, report } = await doctorJson(generateConfig(d, ['--ca-cert', d.caFile]));
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, registration: 'dcr', summary: { pass: 10, fail: 0, skip: 1 } });
    expect(report.checks.map((c) => c.id)).toEqual(['entry', 'tls', 'challenge', 'resource-metadata', 'resource', 'authorization-server', 'issuer', 'registration', 'pkce', 'scope', 'cimd']);
  }, 60_000);

  test('wrong CA: TLS fails with the configured CA, and every online check says why', async () => {
    const { code, report } = await doctorJson(generateConfig(d, ['--ca-cert', d.otherCaFile]));
    expect(code).toBe(1);
    expect(check(report, 'tls').reason).toMatch(/^TLS to localhost:\d+ fails with the CA in NODE_EXTRA_CA_CERTS \(.*other\.ca\.crt\): .*not trusted.*; is that the CA that signed the server's certificate\?$/);
    expect(check(report, 'challenge')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/not trusted/) });
  }, 60_000);

  test('no CA in the entry: TLS fails and the line says to set NODE_EXTRA_CA_CERTS', async () => {
    const { code, report } = await doctorJson(generateConfig(d, []));
    expect(code).toBe(1);
    expect(check(report, 'tls')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/the entry has no NODE_EXTRA_CA_CERTS — set it to the CA certificate file/) });
  }, 60_000);

  test('a CA path that does not exist: Node would only warn, doctor fails the TLS check', async () => {
    const config = generateConfig(d, ['--ca-cert', d.caFile]);
    const json = JSON.parse(readFileSync(config, 'utf8'));
    json.mcpServers['curity-demo'].env.NODE_EXTRA_CA_CERTS = path.join(d.dir, 'missing.ca.crt');
    writeFileSync(config, JSON.stringify(json));
    const { report } = await doctorJson(config);
    expect(check(report, 'tls')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/missing\.ca\.crt, which does not exist; Node only prints a warning/) });
  }, 60_000);

  test('an entry scope beyond the server\'s: the sign-in would ask for a scope the registration did not get', async () => {
    const { code, report } = await doctorJson(generateConfig(d, ['--ca-cert', d.caFile, '--scope', 'openid']));
    expect(code).toBe(1);
    expect(failing(report)).toEqual(['scope']);
    expect(check(report, 'scope').reason).toBe(
      'mcp-remote registers the client with "stocks/read" (from the 401 challenge) but signs in asking for "stocks/read openid" (from the entry\'s --static-oauth-client-metadata); ' +
        'an authorization server that holds clients to their registered scopes refuses "openid" (invalid_scope): give the entry the server\'s scope',
    );
  }, 60_000);

  test('enterprise static mode: nothing to register, the registration line is skipped', async () => {
    const config = path.join(d.dir, 'static-out');
    expect(runCli(['generate', 'all', '--server-url', d.mcp.url, '--issuer', d.as.issuer, '--scope', d.scope, '--ca-cert', d.caFile, '--registration', 'static', '--out-dir', config], { cwd: d.dir }).code).toBe(0);
    const { code, report } = await doctorJson(path.join(config, 'claude_desktop_config.json'));
    expect(code).toBe(0);
    expect(report.registration).toBe('static');
    expect(check(report, 'registration')).toEqual({ id: 'registration', title: 'client registration', status: 'skip', reason: 'the entry brings a pre-registered client (claude-client), so nothing is registered' });
  }, 60_000);

  test('CIMD mode: the published document is fetched and its client_id compared; the AS does not offer CIMD', async () => {
    const site = await startStaticSite(d.tls);
    try {
      const documentUrl = `${site.origin}/clients/claude.json`;
      const out = path.join(d.dir, 'cimd-out');
      const args = ['generate', 'all', '--server-url', d.mcp.url, '--issuer', d.as.issuer, '--scope', d.scope, '--ca-cert', d.caFile, '--registration', 'cimd', '--client-metadata-url', documentUrl, '--out-dir', out];
      expect(runCli(args, { cwd: d.dir }).code).toBe(0);
      const document = readFileSync(path.join(out, 'client-id-metadata-document.json'), 'utf8');
      site.publish('/clients/claude.json', document);
      const config = path.join(out, 'claude_desktop_config.json');

      const healthy = await doctorJson(config);
      expect(check(healthy.report, 'cimd')).toMatchObject({ status: 'pass', reason: `${documentUrl} is served with a matching client_id` });
      // oidc-provider does not implement Client ID Metadata Documents, and doctor says so.
      expect(check(healthy.report, 'registration')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/does not set client_id_metadata_document_supported: true/) });

      site.publish('/clients/claude.json', JSON.stringify({ ...JSON.parse(document), client_id: `${documentUrl}?v=2` }));
      const wrongId = await doctorJson(config);
      expect(check(wrongId.report, 'cimd')).toMatchObject({ status: 'fail', reason: `${documentUrl} has client_id "${documentUrl}?v=2"; it must be the document's URL exactly` });
    } finally {
      await site.close();
    }
  }, 60_000);
});

describe('faults injected into the deployment', () => {
  test('no protected-resource metadata: named once, and the authorization server cannot be found', () =>
    withDeployment({ withoutResourceMetadata: true }, async (d) => {
      const { code, report } = await doctorJson(generateConfig(d, ['--ca-cert', d.caFile]));
      expect(code).toBe(1);
      expect(check(report, 'challenge')).toMatchObject({ status: 'pass', reason: expect.stringMatching(/names no resource_metadata; clients fall back to the well-known URL/) });
      expect(check(report, 'resource-metadata')).toMatchObject({
        status: 'fail',
        reason: expect.stringMatching(/^no protected-resource metadata: the 401 challenge names no resource_metadata and .*oauth-protected-resource\/mcp \(HTTP 404\), .*oauth-protected-resource \(HTTP 404\) did not answer with it/),
      });
      expect(check(report, 'resource').status).toBe('skip');
      expect(check(report, 'authorization-server')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/no protected-resource metadata, so a client looks at the MCP server's origin/) });
    }), 60_000);

  test('no S256: PKCE fails and names what mcp-remote would say', () =>
    withDeployment({ pkceMethods: ['plain'] }, async (d) => {
      const { code, report } = await doctorJson(generateConfig(d, ['--ca-cert', d.caFile]));
      expect(code).toBe(1);
      expect(failing(report)).toEqual(['pkce']);
      expect(check(report, 'pkce').reason).toBe('code_challenge_methods_supported is ["plain"], without S256; mcp-remote stops with "does not support code challenge method S256"');
    }), 60_000);

  test('scope missing from scopes_supported: the scope line fails, nothing else', () =>
    withDeployment({ hideScope: true }, async (d) => {
      const { code, report } = await doctorJson(generateConfig(d, ['--ca-cert', d.caFile]));
      expect(code).toBe(1);
      expect(failing(report)).toEqual(['scope']);
      expect(check(report, 'scope').reason).toMatch(/^"stocks\/read" \(from the entry's --static-oauth-client-metadata\) is not in the authorization server's scopes_supported \[.*\]$/);
    }), 60_000);

  test('issuer mismatch: the metadata found names another issuer', () =>
    withDeployment({ issuerMismatch: true }, async (d) => {
      const { code, report } = await doctorJson(generateConfig(d, ['--ca-cert', d.caFile]));
      expect(code).toBe(1);
      expect(failing(report)).toEqual(['issuer']);
      const advertised = d.as.issuer.replace('//127.0.0.1:', '//localhost:');
      expect(check(report, 'issuer').reason).toContain(`says issuer ${d.as.issuer}, but it was looked up for ${advertised}`);
    }), 60_000);

  test('--timeout: a server that never answers is reported after the timeout, not hung on', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const config = path.join(tempDir(), 'claude_desktop_config.json');
      writeFileSync(config, JSON.stringify({ mcpServers: { slow: { command: 'npx', args: ['-y', 'mcp-remote@0.15.1', `https://localhost:${port}/mcp`] } } }));
      const started = Date.now();
      const { code, report } = await doctorJson(config, ['--timeout', '1']);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(code).toBe(1);
      expect(check(report, 'tls')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/no answer within 1 s/) });
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  }, 60_000);
});
