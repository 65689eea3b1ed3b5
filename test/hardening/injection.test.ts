/**
 * Issue 11: injection-proof generation. Every value a user supplies (names, URLs, scopes,
 * audiences, paths, client ids, descriptions, ids of Curity objects) is tried with arbitrary and
 * hostile strings. Either the deployment model refuses the value (a usage error, exit 2), or every
 * generated artifact (JSON, XML, JavaScript, YAML) parses back to exactly the value given, and the
 * compiled DCR procedure is the same program (only its literals differ) that decides as the policy.
 */
import { parse as parseJs, type Node as JsNode } from 'acorn';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import type { Deployment } from '../../src/deployment/model.js';
import { resolveDeployment, type DeploymentLayer } from '../../src/deployment/resolve.js';
import { UsageError } from '../../src/errors.js';
import type { Artifact } from '../../src/generators/artifact.js';
import { generateCimd } from '../../src/generators/cimd.js';
import { generateDcrPolicy } from '../../src/generators/dcr-policy.js';
import { generateDeploymentFile } from '../../src/generators/deployment-file.js';
import { generateDesktopConfig } from '../../src/generators/desktop-config.js';
import { generateStaticClient } from '../../src/generators/static-client.js';
import { staticClientSettings } from '../../src/deployment/static-client.js';
import { compilePolicy } from '../../src/policy/compile.js';
import { evaluate } from '../../src/policy/evaluate.js';
import { policyFromDeployment } from '../../src/policy/from-deployment.js';
import type { DcrPolicy } from '../../src/policy/model.js';
import { runProcedure } from '../helpers/procedure.js';
import { at, CLIENT_PATH, EPHEMERAL_PATH, parseXml, text, texts, type XmlNode } from '../helpers/xml.js';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';
import { hostileString } from '../helpers/hostile.js';

/** A scope token as the model allows it: printable ASCII without space, quote or backslash (so "<", "&", "'" and "]" are in). */
const scopeToken = fc.oneof(fc.stringMatching(/^[\x21\x23-\x5B\x5D-\x7E]{1,10}$/), fc.constantFrom('<x>', '&amp;', ']]>', "'", '</script>', '${x}', '#{x}'));
const anyString = fc.oneof(hostileString, fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }));
const inUrl = (base: string) => fc.tuple(anyString, fc.constantFrom('/', '/?q=', '/a#')).map(([s, sep]) => `${base}${sep}${s}`);

/** Per field: answers with its value made from an arbitrary string, and a hostile value the model must accept. */
const FIELDS: Record<string, [fc.Arbitrary<DeploymentLayer>, DeploymentLayer]> = {
  'server.url': [inUrl('https://mcp.example.com').map((url) => ({ server: { url } })), { server: { url: "https://mcp.example.com/'&amp;]]%3E?q=\"x\"" } }],
  'server.resource': [inUrl('https://mcp.example.com').map((resource) => ({ server: { resource } })), { server: { resource: 'https://mcp.example.com/</script>\'"&' } }],
  'server.scopes': [
    fc.array(fc.oneof(scopeToken, anyString), { minLength: 1, maxLength: 3 }).map((scopes) => ({ server: { scopes }, dcrPolicy: { allowedScopes: scopes } })),
    { server: { scopes: ['<x>', ']]>'] }, dcrPolicy: { allowedScopes: ['<x>', ']]>'] } },
  ],
  'authorizationServer.issuer': [inUrl('https://login.example.com').map((issuer) => ({ authorizationServer: { issuer } })), { authorizationServer: { issuer: 'https://login.example.com/a?b=<c>&d=]]>' } }],
  'authorizationServer.profileId': [anyString.map((profileId) => ({ authorizationServer: { profileId } })), { authorizationServer: { profileId: '</id>&"x"\'😀' } }],
  'desktop.clientName': [anyString.map((clientName) => ({ desktop: { clientName } })), { desktop: { clientName: 'C </script> "x" \\ 😀 ]]>' } }],
  'desktop.serverName': [anyString.map((serverName) => ({ desktop: { serverName } })), { desktop: { serverName: 'a.b-c_d' } }],
  'desktop.caCert': [anyString.map((s) => ({ desktop: { caCert: `/certs/${s}.pem` } })), { desktop: { caCert: '/c/"q"\\\u2028\'&.pem' } }],
  'desktop.metadataFile': [anyString.map((s) => ({ desktop: { metadataFile: `/etc/mcpauth/${s}.json` } })), { desktop: { metadataFile: '/etc/"m"&\'é.json' } }],
  'desktop.clientMetadataUrl': [
    inUrl('https://clients.example.com').map((url) => ({ desktop: { registration: 'cimd', clientMetadataUrl: URL.canParse(url) ? new URL(url).href : url } })),
    { desktop: { registration: 'cimd', clientMetadataUrl: "https://clients.example.com/a'b&c=%3C" } },
  ],
  'staticClient.clientId': [anyString.map((clientId) => ({ staticClient: { clientId } })), { staticClient: { clientId: '<id>&"\'x' } }],
  'staticClient.clientName': [anyString.map((clientName) => ({ staticClient: { clientName } })), { staticClient: { clientName: 'A & B <c> ]]> \u2028 𝄞' } }],
  'staticClient.description': [anyString.map((description) => ({ staticClient: { description } })), { staticClient: { description: '</description><secret>x</secret>' } }],
  'staticClient.redirectUris': [fc.array(inUrl('https://claude.ai'), { minLength: 1, maxLength: 2 }).map((redirectUris) => ({ staticClient: { redirectUris } })), { staticClient: { redirectUris: ["https://claude.ai/cb?a=<b>&c='d'"] } }],
  'staticClient.audiences': [fc.array(anyString, { minLength: 1, maxLength: 2 }).map((audiences) => ({ staticClient: { audiences } })), { staticClient: { audiences: ['<aud>', '"q"&\'', '😀'] } }],
  'staticClient.scopes': [fc.array(fc.oneof(scopeToken, anyString), { minLength: 1, maxLength: 2 }).map((scopes) => ({ staticClient: { scopes } })), { staticClient: { scopes: ['</scope>', '&lt;'] } }],
  'staticClient.authenticators': [fc.array(anyString, { minLength: 1, maxLength: 2 }).map((authenticators) => ({ staticClient: { authenticators } })), { staticClient: { authenticators: ['e&mail', '<x>'] } }],
  'dcrPolicy.allowedScopes': [
    fc.array(fc.oneof(scopeToken, anyString), { minLength: 1, maxLength: 2 }).map((extra) => ({ dcrPolicy: { allowedScopes: ['stocks/read', ...extra] } })),
    { dcrPolicy: { allowedScopes: ['stocks/read', "</script>'", '*/'] } },
  ],
  'dcrPolicy.httpsHosts': [
    fc.array(fc.oneof(anyString, fc.constantFrom('claude.ai', 'xn--bcher-kva.example', 'a-b.example')), { maxLength: 2 }).map((httpsHosts) => ({ dcrPolicy: { httpsHosts } })),
    { dcrPolicy: { httpsHosts: ['xn--bcher-kva.example'] } },
  ],
  'dcrPolicy.registrationPath': [anyString.map((s) => ({ dcrPolicy: { registrationPath: `/${s}` } })), { dcrPolicy: { registrationPath: "/reg&x='1'$(y)" } }],
  'dcrPolicy.clientDataSource': [anyString.map((clientDataSource) => ({ dcrPolicy: { clientDataSource } })), { dcrPolicy: { clientDataSource: "ds</client-data-source>&'x'" } }],
  'dcrPolicy.gatewayUpstream': [inUrl('https://gateway.example.com').map((gatewayUpstream) => ({ dcrPolicy: { gatewayUpstream } })), { dcrPolicy: { gatewayUpstream: 'http://idsvr:8443/"q"?a=<b>#:x' } }],
};

const withPlatform = (layer: DeploymentLayer, platform: string): DeploymentLayer => ({ ...layer, desktop: { platform, ...layer.desktop } });

const SECRET = { value: 'not-used-here', hash: `$5$abcdefgh$${'A'.repeat(43)}`, writeFile: true };

function artifactsOf(deployment: Deployment): Map<string, string> {
  const all: Artifact[] = [...generateDesktopConfig(deployment), ...generateStaticClient(deployment, SECRET), ...generateCimd(deployment), ...generateDcrPolicy(deployment), generateDeploymentFile(deployment)];
  return new Map(all.map((a) => [a.name, a.content]));
}

/** The shape of a program: every node type and key, with the values of literals left out. */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node === null || typeof node !== 'object') return node;
  const n = node as Record<string, unknown>;
  if (n.type === 'Literal') return { type: 'Literal', kind: n.regex ? 'regex' : typeof n.value };
  return Object.fromEntries(Object.entries(n).filter(([k]) => !['start', 'end', 'raw', 'loc', 'range'].includes(k)).map(([k, v]) => [k, shape(v)]));
}

/** The policy with every string replaced by a plain one: what its program must look like. */
function plain(policy: DcrPolicy): DcrPolicy {
  let n = 0;
  const walk = (v: unknown): unknown => (typeof v === 'string' ? `s${n++}` : Array.isArray(v) ? v.map(walk) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'kind' || k === 'onUnknown' || k === 'onMissing' || k === 'openidScopes' || k === 'grantTypes' || k === 'tokenEndpointAuthMethods' ? x : walk(x)])) : v);
  return walk(policy) as DcrPolicy;
}

const shapes = new Map<string, unknown>();
/** The program shape for policies of this structure (computed once per structure). */
function plainShape(policy: DcrPolicy): unknown {
  const key = JSON.stringify(plain(policy));
  if (!shapes.has(key)) shapes.set(key, shape(parseJs(compilePolicy(plain(policy)), { ecmaVersion: 5, sourceType: 'script' })));
  return shapes.get(key);
}

function checkRoundTrip(deployment: Deployment, files = artifactsOf(deployment)): void {
  const { desktop, server, authorizationServer, dcrPolicy } = deployment;
  const client = staticClientSettings(deployment);

  // claude_desktop_config.json: JSON, with more JSON inside an argument.
  const entry = JSON.parse(files.get('claude_desktop_config.json')!).mcpServers[desktop.serverName];
  expect(entry.args[2]).toBe(server.url);
  const metadataArg: string = entry.args[entry.args.indexOf('--static-oauth-client-metadata') + 1];
  const metadata = metadataArg.startsWith('@') ? JSON.parse(files.get(metadataArg.slice(1).split(/[\\/]/).pop()!)!) : JSON.parse(metadataArg);
  if (metadataArg.startsWith('@')) expect(metadataArg).toBe(`@${desktop.metadataFile}`);
  expect(metadata).toEqual({ client_name: desktop.clientName, scope: server.scopes.join(' ') });
  if (desktop.caCert !== undefined) expect(entry.env).toEqual({ NODE_EXTRA_CA_CERTS: desktop.caCert });
  if (desktop.registration === 'cimd') expect(entry.args[entry.args.indexOf('--client-metadata-url') + 1]).toBe(desktop.clientMetadataUrl);

  // curity-static-client.xml
  const xml = parseXml(files.get('curity-static-client.xml')!);
  expect(text(at(xml, 'config/profiles/profile/id')[0])).toBe(authorizationServer.profileId);
  const [el] = at(xml, CLIENT_PATH);
  expect(text((el.id as XmlNode[])[0])).toBe(client.clientId);
  if (client.clientName !== undefined) expect(texts(el, 'client-name')).toEqual([client.clientName]);
  if (client.description !== undefined) expect(texts(el, 'description')).toEqual([client.description]);
  expect(texts(el, 'redirect-uris')).toEqual(client.redirectUris);
  expect(texts(el, 'audience')).toEqual(client.audiences);
  expect(texts(el, 'scope')).toEqual(client.scopes);
  expect(texts(at(el, 'user-authentication')[0], 'allowed-authenticators')).toEqual(client.authenticators);

  // CIMD: the document and the ephemeral-client fragment.
  if (desktop.registration === 'cimd') {
    const doc = JSON.parse(files.get('client-id-metadata-document.json')!);
    expect([doc.client_id, doc.client_name, doc.scope]).toEqual([desktop.clientMetadataUrl, desktop.clientName, server.scopes.join(' ')]);
    const [ephemeral] = at(parseXml(files.get('curity-ephemeral-client.xml')!), EPHEMERAL_PATH);
    expect(texts(at(ephemeral, 'scopes')[0], 'scope')).toEqual(server.scopes);
    expect(texts(at(ephemeral, 'authenticators')[0], 'authenticator')).toEqual(deployment.staticClient.authenticators);
  }

  // dcr-policy.json, curity-dcr.xml, the Kong route.
  const policy = policyFromDeployment(deployment);
  expect(JSON.parse(files.get('dcr-policy.json')!)).toEqual(policy);
  const dcrXml = parseXml(files.get('curity-dcr.xml')!);
  const [profile] = at(dcrXml, 'config/profiles/profile');
  expect(texts(profile, 'id')).toEqual([authorizationServer.profileId]);
  const dcr = at(profile, 'settings/authorization-server/dynamic-client-registration')[0];
  expect(texts(dcr, 'client-data-source')).toEqual([dcrPolicy.clientDataSource]);
  expect(texts(at(dcr, 'non-templatized/scopes')[0], 'scope')).toEqual(policy.scopes.allowed);
  const [endpoint] = at(profile, 'endpoints/endpoint');
  expect([texts(endpoint, 'id'), texts(endpoint, 'uri')]).toEqual([[`${authorizationServer.profileId}-dynamic-client-registration`], [dcrPolicy.registrationPath]]);
  const kong = files.get('kong-registration-route.yml');
  if (dcrPolicy.stripClientUri) {
    // YAML 1.2 (the yaml package) and 1.1 (libyaml, which Kong uses) read the same values.
    for (const version of ['1.2', '1.1'] as const) {
      const route = parseYaml(kong!, { version }).services[0];
      expect([route.url, route.routes[0].hosts, route.routes[0].paths]).toEqual([dcrPolicy.gatewayUpstream, [new URL(authorizationServer.issuer).hostname], [dcrPolicy.registrationPath]]);
    }
  }

  // The procedure: the same program as for a policy of plain strings, deciding as the evaluator.
  const code = files.get('mcp-client-registration-policy.js')!;
  expect(shape(parseJs(code, { ecmaVersion: 5, sourceType: 'script' }))).toEqual(plainShape(policy));
  for (const request of [
    { redirect_uris: ['http://localhost:3334/oauth/callback'], token_endpoint_auth_method: 'none', client_name: desktop.clientName, scope: server.scopes.join(' ') },
    { redirect_uris: [`https://${dcrPolicy.httpsHosts[0] ?? 'claude.ai'}/cb`, server.url], client_name: server.resource, scope: `${policy.scopes.allowed.join(' ')} ${server.resource}` },
  ]) {
    const body = JSON.stringify(request);
    expect(runProcedure(code, body)).toEqual(evaluate(policy, JSON.parse(body)));
  }

  // deployment.json: the answers, exactly.
  expect(JSON.parse(files.get('deployment.json')!)).toEqual(JSON.parse(JSON.stringify(deployment)));
}

test.each(Object.keys(FIELDS))('%s: refused with a usage error, or found exactly as given in every generated file', async (field) => {
  const [arbitrary, example] = FIELDS[field];
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, fc.constantFrom('darwin', 'win32'), async (layer, platform) => {
      let deployment: Deployment;
      try {
        ({ deployment } = await resolveDeployment([withPlatform(layer, platform)], { cwd: REPO_ROOT, env: {} }));
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        return;
      }
      accepted++;
      checkRoundTrip(deployment);
    }),
    // The hostile example is tried first on every run: each field has at least one round trip.
    { numRuns: 16, examples: [[example, 'darwin']] },
  );
  expect(accepted).toBeGreaterThan(0);
});

test('hostile but legitimate values in every field at once are accepted, not refused', async () => {
  const layer: DeploymentLayer = {
    server: { url: "https://mcp.example.com/a?b='c'&d=%22e%22&f=]]%3E", scopes: ['<x>', "a'b", ']]>', '&amp;'] },
    authorizationServer: { profileId: 'token-service</profile>&"x"\'𝄞', issuer: 'https://login.example.com/' },
    desktop: { platform: 'darwin', clientName: 'Claude </script> "x" \\ 𝄞 ]]> &amp;', caCert: '/Users/o\'brien/"certs"/ca&1 é.pem' },
    staticClient: { clientName: 'A & B <c> ]]> \u2028', description: '</description><secret>x</secret>', audiences: ['<aud>', '"q"'], authenticators: ['e&mail'] },
    dcrPolicy: { allowedScopes: ['<x>', "a'b", ']]>', '&amp;'], clientDataSource: "ds</client-data-source>&'x'", registrationPath: "/oauth/v2/reg&x='1'", gatewayUpstream: 'http://idsvr:8443/"quoted"?a=<b>' },
  };
  const { deployment } = await resolveDeployment([layer], { cwd: REPO_ROOT, env: {} });
  checkRoundTrip(deployment);
});

describe('from the CLI', () => {
  const HOSTILE_FLAGS: Record<string, string> = {
    'client-name': 'Claude </script> "x" \\ 😀 ]]> &amp; \'y\'',
    'static-client-name': 'A & B <c> ]]> \u2028',
    description: '</description><secret>x</secret>',
    'profile-id': '</id>&"x"\'',
    audience: '<aud>&"q"',
    scope: "</scope>'&",
    'client-data-source': "ds</client-data-source>&'x'",
    'registration-path': "/reg&x='1'",
    'gateway-upstream': 'http://idsvr:8443/"q"?a=<b>',
  };

  test('generate all writes every file so that it reads back as the values given', () => {
    const dir = tempDir('mcpauth-inject-');
    const args = Object.entries(HOSTILE_FLAGS).flatMap(([flag, value]) => [`--${flag}`, value]);
    const r = runCli(['generate', 'all', '--out-dir', 'out', '--platform', 'darwin', ...args], { cwd: dir });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const out = path.join(dir, 'out');
    const files = new Map(readdirSync(out).map((name) => [name, readFileSync(path.join(out, name), 'utf8')]));
    const deployment = JSON.parse(files.get('deployment.json')!) as Deployment;
    expect([deployment.desktop.clientName, deployment.staticClient.clientName, deployment.staticClient.description, deployment.authorizationServer.profileId]).toEqual([
      HOSTILE_FLAGS['client-name'],
      HOSTILE_FLAGS['static-client-name'],
      HOSTILE_FLAGS.description,
      HOSTILE_FLAGS['profile-id'],
    ]);
    expect([deployment.staticClient.audiences, deployment.server.scopes, deployment.dcrPolicy.clientDataSource, deployment.dcrPolicy.registrationPath, deployment.dcrPolicy.gatewayUpstream]).toEqual([
      [HOSTILE_FLAGS.audience],
      [HOSTILE_FLAGS.scope],
      HOSTILE_FLAGS['client-data-source'],
      HOSTILE_FLAGS['registration-path'],
      HOSTILE_FLAGS['gateway-upstream'],
    ]);
    checkRoundTrip(deployment, files);
  });

  test('a value no file format can carry is refused with exit 2, naming the flag, and nothing is written', () => {
    const dir = tempDir('mcpauth-inject-');
    writeFileSync(path.join(dir, 'd.json'), JSON.stringify({ kind: 'mcpauth/deployment', version: 1, staticClient: { description: 'line\u0000break' } }));
    for (const args of [['--profile-id', 'token\tservice'], ['--description', 'two\nlines'], ['--from', 'd.json']]) {
      const r = runCli(['generate', 'all', '--out-dir', 'out', '--platform', 'darwin', ...args], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(/^mcpauth: (--profile-id \(authorizationServer\.profileId\)|--description \(staticClient\.description\)|d\.json: staticClient\.description:) must be one (value|line of text) without/);
      expect(existsSync(path.join(dir, 'out'))).toBe(false);
    }
  });
});
