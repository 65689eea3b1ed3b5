/**
 * Issue 4: the default DCR policy, its TypeScript evaluator and the compiled Curity procedure.
 * The two documented registration requests (the Claude web backend's and mcp-remote 0.15.1's) are
 * fixed cases; the compiled procedure runs in a sandbox with a stub Curity context.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseJs } from 'acorn';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { resolveDeployment, type DeploymentLayer } from '../src/deployment/resolve.js';
import type { Deployment } from '../src/deployment/model.js';
import { policyFromDeployment } from '../src/policy/from-deployment.js';
import { evaluate } from '../src/policy/evaluate.js';
import { compilePolicy } from '../src/policy/compile.js';
import { dcrPolicySchema, type DcrPolicy } from '../src/policy/model.js';
import { dcrPolicyJsonSchema } from '../src/policy/json-schema.js';
import { dcrArtifacts, generateDcrPolicy } from '../src/generators/dcr-policy.js';
import { clientMetadata } from '../src/generators/desktop-config.js';
import { runProcedure } from './helpers/procedure.js';
import { REPO_ROOT, tempDir } from './helpers/cli.js';

const fixture = (name: string): string => readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'dcr', name), 'utf8');
const CLAUDE_WEB = fixture('claude-web-request.json');
const MCP_REMOTE = fixture('mcp-remote-0.15.1-request.json');

async function demoDeployment(...layers: DeploymentLayer[]): Promise<Deployment> {
  return (await resolveDeployment(layers, { cwd: tempDir() })).deployment;
}

/** The evaluator and the compiled procedure, on the same JSON text; they must agree. */
function decide(policy: DcrPolicy, body: string, code = compilePolicy(policy)) {
  const evaluated = evaluate(policy, JSON.parse(body));
  expect(runProcedure(code, body)).toEqual(evaluated);
  expect(JSON.stringify(runProcedure(code, body))).toBe(JSON.stringify(evaluated));
  expect(runProcedure(code, body, { javaLists: true })).toEqual(evaluated);
  return evaluated;
}

let policy: DcrPolicy;
let code: string;
beforeAll(async () => {
  policy = policyFromDeployment(await demoDeployment());
  code = compilePolicy(policy);
});

describe('the default policy', () => {
  test('reproduces the Curity example\'s attributes and states its choice for the OpenID scopes', () => {
    expect(dcrPolicySchema.parse(policy)).toEqual(policy);
    expect(policy.client).toEqual({
      requireProofKey: true,
      accessTokenTtl: 900,
      refreshTokenTtl: 0,
      audiences: ['https://mcp.demo.example/'],
      templateArea: 'mcp-client',
      clientType: 'mcp',
      clientAssuranceLevel: 1,
      nameFromClientName: true,
      requiresConsent: true,
    });
    expect(policy.scopes).toEqual({ allowed: ['stocks/read'], onUnknown: 'drop', onMissing: 'reject', openidScopes: 'drop' });
    expect(policy.grantTypes).toEqual(['authorization_code', 'refresh_token']);
  });

  test('accepts the Claude web backend\'s request and drops the OpenID scopes it asks for', () => {
    expect(decide(policy, CLAUDE_WEB, code)).toEqual({
      decision: 'accept',
      attributes: {
        require_proof_key: true,
        access_token_ttl: 900,
        refresh_token_ttl: 0,
        audiences: ['https://mcp.demo.example/'],
        template_area: 'mcp-client',
        client_type: 'mcp',
        client_assurance_level: 1,
        name: 'Claude',
        requires_consent: true,
        scope: 'stocks/read',
      },
    });
  });

  test('accepts mcp-remote 0.15.1\'s request (loopback http, public client)', () => {
    const decision = decide(policy, MCP_REMOTE, code);
    expect(decision).toMatchObject({ decision: 'accept', attributes: { name: 'Claude (curity-demo)', scope: 'stocks/read', require_proof_key: true } });
  });

  test.each([
    ['reject-no-scope.json', 'invalid_client_metadata', /scope is required/],
    ['reject-disallowed-scopes.json', 'invalid_client_metadata', /none of the requested scopes is allowed/],
    ['reject-https-unlisted-host.json', 'invalid_redirect_uri', /redirect_uris\[0\] uses https on a host/],
    ['reject-http-not-loopback.json', 'invalid_redirect_uri', /redirect_uris\[0\] uses http on a host that is not loopback/],
    ['reject-implicit-grant.json', 'invalid_client_metadata', /grant_types\[0\] is not an allowed grant type/],
  ])('rejects %s with %s', (name, code, description) => {
    const decision = decide(policy, fixture(name));
    expect(decision).toMatchObject({ decision: 'reject', error: { code } });
    if (decision.decision === 'reject') expect(decision.error.description).toMatch(description);
  });

  test('rejects a Claude web request that asks only for the OpenID scopes', () => {
    const body = { ...JSON.parse(CLAUDE_WEB), scope: 'address phone email openid profile' };
    expect(decide(policy, JSON.stringify(body), code)).toMatchObject({ decision: 'reject', error: { code: 'invalid_client_metadata' } });
  });

  test.each([
    ['a fragment', 'https://claude.ai/cb#x'],
    ['user info', 'https://claude.ai@evil.example/cb'],
    ['https on loopback', 'https://localhost:4000/cb'],
    ['a javascript: URI', 'javascript:alert(1)'],
    ['a private-use scheme', 'cursor://anysphere.cursor-retrieval/oauth/callback'],
    ['a port out of range', 'http://127.0.0.1:70000/cb'],
    ['a look-alike host', 'https://claude.ai.evil.example/cb'],
    ['a backslash trick', 'https://claude.ai\\@evil.example/cb'],
  ])('rejects a redirect URI with %s', (_what, uri) => {
    const body = { ...JSON.parse(CLAUDE_WEB), redirect_uris: ['https://claude.ai/api/mcp/auth_callback', uri] };
    const decision = decide(policy, JSON.stringify(body), code);
    expect(decision).toMatchObject({ decision: 'reject', error: { code: 'invalid_redirect_uri' } });
    if (decision.decision === 'reject') expect(decision.error.description).toMatch(/^redirect_uris\[1\] /);
  });

  test.each([
    ['http://127.0.0.1/callback'],
    ['http://[::1]:8080/oauth/callback'],
    ['HTTP://LOCALHOST:3334/oauth/callback?x=1'],
    ['https://claude.com/api/mcp/auth_callback'],
  ])('accepts the redirect URI %s', (uri) => {
    const body = { ...JSON.parse(MCP_REMOTE), redirect_uris: [uri] };
    expect(decide(policy, JSON.stringify(body), code).decision).toBe('accept');
  });

  test('gives a decision for requests of the wrong shape instead of failing', () => {
    for (const body of ['null', '[]', '"x"', '42', '{}', '{"redirect_uris":"http://localhost/cb"}', '{"redirect_uris":[],"scope":"stocks/read"}', '{"redirect_uris":[1]}', JSON.stringify({ ...JSON.parse(MCP_REMOTE), scope: ['stocks/read'] }), JSON.stringify({ ...JSON.parse(MCP_REMOTE), client_name: 'Claude\u202Eevil' }), JSON.stringify({ ...JSON.parse(MCP_REMOTE), token_endpoint_auth_method: undefined })]) {
      expect(decide(policy, body, code).decision).toBe('reject');
    }
  });

  test('every error description is ASCII (RFC 7591 §3.2.2)', () => {
    const bodies = ['null', '{}', fixture('reject-no-scope.json'), fixture('reject-implicit-grant.json'), JSON.stringify({ ...JSON.parse(MCP_REMOTE), client_name: 'x'.repeat(101) })];
    for (const body of bodies) {
      const decision = evaluate(policy, JSON.parse(body));
      expect(decision.decision).toBe('reject');
      if (decision.decision === 'reject') expect(decision.error.description).toMatch(/^[\x20-\x7E]+$/);
    }
  });

  test('the procedure acts on POST only: a management request passes through untouched', () => {
    for (const method of ['GET', 'PUT', 'DELETE']) expect(runProcedure(code, '{}', { method })).toEqual({ decision: 'accept', attributes: {} });
  });

  test('the mcp-remote registration that the generated desktop config causes is accepted (one deployment, consistent files)', async () => {
    for (const layer of [{}, { server: { scopes: ['stocks/read', 'stocks/trade'] } }, { desktop: { clientName: 'Acme MCP' } }] as DeploymentLayer[]) {
      const deployment = await demoDeployment(layer);
      const generated = policyFromDeployment(deployment);
      const body = { ...JSON.parse(MCP_REMOTE), ...clientMetadata(deployment) };
      expect(decide(generated, JSON.stringify(body))).toMatchObject({ decision: 'accept', attributes: { scope: deployment.server.scopes.join(' ') } });
    }
  });
});

describe('the compiled procedure', () => {
  test('parses as ECMAScript 5 and defines function result(context)', () => {
    const program = parseJs(code, { ecmaVersion: 5, sourceType: 'script' });
    const functions = program.body.filter((node) => node.type === 'FunctionDeclaration');
    expect(functions.map((f) => (f as unknown as { id: { name: string } }).id.name)).toEqual(['result']);
    expect(program.body).toHaveLength(1);
  });

  test('is plain ASCII, guarded on POST, reads the parsed body and rejects through exceptionFactory', () => {
    expect(code).toMatch(/^[\x09\x0A\x20-\x7E]*$/);
    expect(code).toContain('request.getMethod() !== "POST"');
    expect(code).toContain('request.getParsedBodyAsJson()');
    expect(code).toContain('throw exceptionFactory.badRequestException(code, description)');
    expect(code).not.toMatch(/\/\/@|\/\*@/);
  });

  test('says in comments which policy line each branch comes from', () => {
    expect(code).toContain('scopes.onMissing is "reject"');
    expect(code).toContain('scopes.onUnknown is "drop"');
    expect(code).toContain('scopes.openidScopes is "drop"');
    expect(code).not.toContain('scopes.onUnknown is "reject"');
    expect(code).toContain('// client.accessTokenTtl');
  });

  test('is deterministic', () => {
    expect(compilePolicy(structuredClone(policy))).toBe(code);
  });

  const HOSTILE = ['"; throw 1; "', '\\', '\\"', '</script><script>alert(1)</script>', '<!--', '*/ throw 1; /*', 'a\u2028b', 'a\u2029b', '${x}', '\u0000', '\uD800', 'é☃𝄞', "'"];

  test('literals holding quotes, backslashes, </script>, U+2028 and U+2029 stay inert', () => {
    const hostile: DcrPolicy = {
      ...policy,
      scopes: { ...policy.scopes, allowed: ['stocks/read', "</script>'x"] },
      redirectUris: { allowLoopbackHttp: true, httpsHosts: [...HOSTILE, 'claude.ai'] },
      client: { ...policy.client, audiences: HOSTILE, templateArea: HOSTILE.join(''), clientType: 'a\u2028b</script>' },
    };
    const compiled = compilePolicy(hostile);
    parseJs(compiled, { ecmaVersion: 5, sourceType: 'script' });
    expect(compiled).toMatch(/^[\x09\x0A\x20-\x7E]*$/);
    expect(compiled.toLowerCase()).not.toContain('</script');
    expect(compiled).not.toContain('<!--');
    for (const body of [CLAUDE_WEB, MCP_REMOTE, JSON.stringify({ ...JSON.parse(CLAUDE_WEB), scope: "</script>'x stocks/read" })]) {
      const decision = decide(hostile, body, compiled);
      expect(decision.decision).toBe('accept');
      if (decision.decision === 'accept') {
        expect(decision.attributes.audiences).toEqual(HOSTILE);
        expect(decision.attributes.template_area).toBe(HOSTILE.join(''));
      }
    }
  });
});

describe('the generated files', () => {
  let deployment: Deployment;
  beforeAll(async () => {
    deployment = await demoDeployment();
  });

  test('dcr-policy.json, the procedure, curity-dcr.xml and the Kong route', () => {
    expect(generateDcrPolicy(deployment).map((a) => a.name)).toEqual(['dcr-policy.json', 'mcp-client-registration-policy.js', 'curity-dcr.xml', 'kong-registration-route.yml']);
  });

  test('curity-dcr.xml is well-formed and binds the procedure on the DCR endpoint of the token profile', () => {
    const xml = generateDcrPolicy(deployment).find((a) => a.name === 'curity-dcr.xml')!.content;
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' }).parse(xml);
    const profile = doc.config.profiles.profile;
    expect(doc.config['@_xmlns']).toBe('http://tail-f.com/ns/config/1.0');
    expect(profile.id).toBe('token-service');
    expect(profile.type['#text']).toBe('as:oauth-service');
    expect(profile.endpoints.endpoint).toEqual({
      id: 'token-service-dynamic-client-registration',
      uri: '/oauth/v2/oauth-registration',
      'endpoint-kind': 'oauth-dynamic-client-registration',
      'pre-processing-procedure': 'mcp-client-registration-policy',
    });
    const dcr = profile.settings['authorization-server']['dynamic-client-registration'];
    expect(dcr['client-data-source']).toBe('default-datasource');
    const nonTemplatized = dcr['non-templatized'];
    expect(nonTemplatized.scopes).toEqual({ scope: 'stocks/read' });
    expect(nonTemplatized['default-refresh-token-ttl']).toBe(0);
    expect(Object.keys(nonTemplatized['client-authentication-method'])).toEqual(['secret', 'no-authentication']);
    expect(nonTemplatized).toHaveProperty('no-authentication');
    expect(nonTemplatized).toHaveProperty('user-consent');
  });

  test('without "none" in the policy, DCR clients cannot be public', () => {
    const confidential = { ...policyFromDeployment(deployment), tokenEndpointAuthMethods: ['client_secret_post' as const] };
    const xml = dcrArtifacts(confidential, deployment).find((a) => a.name === 'curity-dcr.xml')!.content;
    const doc = new XMLParser().parse(xml);
    const methods = doc.config.profiles.profile.settings['authorization-server']['dynamic-client-registration']['non-templatized']['client-authentication-method'];
    expect(Object.keys(methods)).toEqual(['secret']);
  });

  test('kong-registration-route.yml parses and removes client_uri from registration bodies only', () => {
    const yml = generateDcrPolicy(deployment).find((a) => a.name === 'kong-registration-route.yml')!.content;
    expect(parseYaml(yml)).toEqual({
      _format_version: '2.1',
      services: [
        {
          name: 'curity-dcr-registration',
          url: 'http://idsvr:8443',
          routes: [
            {
              name: 'curity-dcr-registration-route',
              hosts: ['login.demo.example'],
              paths: ['/oauth/v2/oauth-registration'],
              methods: ['POST'],
              strip_path: false,
              plugins: [{ name: 'request-transformer', config: { remove: { body: ['client_uri'] } } }],
            },
          ],
        },
      ],
    });
  });

  test('odd values cannot change the structure of the YAML or the XML', () => {
    // Past the deployment's own checks on purpose: the serializers alone must keep values inert.
    const odd: Deployment = { ...deployment, dcrPolicy: { ...deployment.dcrPolicy, registrationPath: "/reg/'\":#&x\n- y", clientDataSource: '<ds> & "x" ]]> --', gatewayUpstream: 'http://idsvr:8443/a?b=#c' } };
    const artifacts = generateDcrPolicy(odd);
    const yml = parseYaml(artifacts.find((a) => a.name === 'kong-registration-route.yml')!.content);
    expect(yml.services[0].url).toBe('http://idsvr:8443/a?b=#c');
    expect(yml.services[0].routes[0].paths).toEqual(["/reg/'\":#&x\n- y"]);
    const xml = artifacts.find((a) => a.name === 'curity-dcr.xml')!.content;
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ processEntities: true }).parse(xml);
    expect(doc.config.profiles.profile.settings['authorization-server']['dynamic-client-registration']['client-data-source']).toBe('<ds> & "x" ]]> --');
  });

  test('no Kong route when the gateway does not strip client_uri', async () => {
    const names = generateDcrPolicy(await demoDeployment({ dcrPolicy: { stripClientUri: false } })).map((a) => a.name);
    expect(names).not.toContain('kong-registration-route.yml');
  });

  test('deployment choices reach the policy: OpenID scopes allowed, refresh tokens, TTLs, hosts', async () => {
    const d = await demoDeployment({ dcrPolicy: { openidScopes: 'allow', refreshTokens: true, refreshTokenTtl: 7200, accessTokenTtl: 300, httpsHosts: ['claude.ai'] } });
    const p = policyFromDeployment(d);
    expect(p.scopes.allowed).toEqual(['stocks/read', 'openid', 'profile', 'email', 'address', 'phone']);
    expect(p.client).toMatchObject({ accessTokenTtl: 300, refreshTokenTtl: 7200 });
    expect(decide(p, CLAUDE_WEB)).toMatchObject({ decision: 'accept', attributes: { scope: 'address phone email openid profile stocks/read', refresh_token_ttl: 7200 } });
    const claudeCom = { ...JSON.parse(CLAUDE_WEB), redirect_uris: ['https://claude.com/api/mcp/auth_callback'] };
    expect(decide(p, JSON.stringify(claudeCom)).decision).toBe('reject');
  });

  test('a client name the DCR policy would refuse is refused up front', async () => {
    await expect(demoDeployment({ desktop: { clientName: 'x'.repeat(101) } })).rejects.toThrow(/--client-name \(desktop\.clientName\) is longer than 100/);
    await expect(demoDeployment({ desktop: { clientName: 'Claude\u202E' } })).rejects.toThrow(/bidirectional-formatting/);
  });

  test('the generated policy is valid against the published JSON Schema (ajv, draft 2020-12)', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'dcr-policy.schema.json'), 'utf8')));
    expect(validate(JSON.parse(generateDcrPolicy(deployment)[0].content))).toBe(true);
    expect(validate({ ...policy, grantTypes: ['implicit'] })).toBe(false);
  });

  test('a deployment whose DCR scopes leave out a server scope is refused', async () => {
    await expect(demoDeployment({ dcrPolicy: { allowedScopes: ['other'] } })).rejects.toThrow(/--dcr-scope \(dcrPolicy\.allowedScopes\) must include every server scope.*missing: stocks\/read/);
  });
});

test('the published DCR policy schema matches the zod model (run `npm run schemas` after changing the model)', () => {
  const published = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'dcr-policy.schema.json'), 'utf8'));
  expect(published).toEqual(dcrPolicyJsonSchema());
  expect(published.$id).toBe('urn:mcpauth:schema:dcr-policy:1');
  expect(published.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
});

/** Element names are not invented: each one the fragment emits under non-templatized occurs in real Curity configurations. */
const CORPUS = path.join(REPO_ROOT, '..', 'shared', 'corpus', 'curity-xml');
const corpusTest = existsSync(CORPUS) ? test : test.skip;
if (!existsSync(CORPUS)) console.warn(`skipping the Curity corpus comparison: ${CORPUS} is absent (a fresh clone has no ../shared)`);
corpusTest('curity-dcr.xml uses only element names that real Curity DCR configurations use', async () => {
  const seen = new Set<string>();
  for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.xml'))) {
    for (const block of readFileSync(path.join(CORPUS, file), 'utf8').match(/<dynamic-client-registration>[\s\S]*?<\/dynamic-client-registration>/g) ?? []) {
      for (const [, name] of block.matchAll(/<([a-z][\w-]*)[\s/>]/g)) seen.add(name);
    }
  }
  expect(seen.size).toBeGreaterThan(10);
  const everything: DcrPolicy = { ...policy, tokenEndpointAuthMethods: ['none', 'client_secret_post', 'private_key_jwt'] };
  const xml = dcrArtifacts(everything, await demoDeployment()).find((a) => a.name === 'curity-dcr.xml')!.content;
  const block = /<dynamic-client-registration>[\s\S]*<\/dynamic-client-registration>/.exec(xml)![0];
  const emitted = new Set([...block.matchAll(/<([a-z][\w-]*)[\s/>]/g)].map(([, name]) => name));
  expect([...emitted].filter((name) => !seen.has(name))).toEqual([]);
});
