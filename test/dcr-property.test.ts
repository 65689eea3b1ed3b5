/**
 * One semantics, two implementations: for random policies and random registration requests
 * (missing fields, wrong types, odd scopes and redirect URIs, hostile strings), the compiled Curity
 * procedure, run in a sandbox, answers exactly as the TypeScript evaluator, and neither fails.
 */
import fc from 'fast-check';
import { parse as parseJs } from 'acorn';
import { evaluate } from '../src/policy/evaluate.js';
import { compilePolicy } from '../src/policy/compile.js';
import { dcrPolicySchema, OPENID_SCOPES, POLICY_AUTH_METHODS, POLICY_GRANT_TYPES, type DcrPolicy } from '../src/policy/model.js';
import { runProcedure } from './helpers/procedure.js';

const HOSTILE = ['"', "'", '\\', '</script>', '<!--', '*/', '\u2028', '\u2029', '\u0000', '\uD800', '${a}', 'é', '𝄞', '\u202E'];
const SCOPES = ['stocks/read', 'stocks/write', 'mcp:tools', "</script>'", 'admin', ...OPENID_SCOPES, 'offline_access'];
const HOSTS = ['claude.ai', 'claude.com', 'CLAUDE.AI', 'app.example.com', 'evil.example', 'localhost', '127.0.0.1', '[::1]', 'xn--bcher-kva.example'];

const hostile = fc.constantFrom(...HOSTILE);
const oddString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), hostile, fc.array(hostile, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('x')));
const scopeToken = fc.oneof(fc.constantFrom(...SCOPES), fc.stringMatching(/^[\x21\x23-\x5B\x5D-\x7E]{1,12}$/));

const policyArb: fc.Arbitrary<DcrPolicy> = fc
  .record({
    allowed: fc.uniqueArray(scopeToken, { minLength: 1, maxLength: 4 }),
    onUnknown: fc.constantFrom('drop', 'reject', undefined),
    onMissing: fc.constantFrom('reject', 'default', undefined),
    openidScopes: fc.constantFrom('drop', 'allow', undefined),
    allowLoopbackHttp: fc.boolean(),
    httpsHosts: fc.array(fc.oneof(fc.constantFrom(...HOSTS), oddString.filter((s) => s.length > 0)), { maxLength: 4 }),
    grantTypes: fc.uniqueArray(fc.constantFrom(...POLICY_GRANT_TYPES), { minLength: 1 }),
    authMethods: fc.uniqueArray(fc.constantFrom(...POLICY_AUTH_METHODS), { minLength: 1 }),
    requireProofKey: fc.boolean(),
    accessTokenTtl: fc.integer({ min: 1, max: 4294967295 }),
    refreshTokenTtl: fc.integer({ min: 0, max: 4294967295 }),
    audiences: fc.array(oddString.filter((s) => s.length > 0), { minLength: 1, maxLength: 3 }),
    templateArea: fc.option(oddString.filter((s) => s.length > 0), { nil: undefined }),
    clientType: fc.option(oddString.filter((s) => s.length > 0), { nil: undefined }),
    clientAssuranceLevel: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    nameFromClientName: fc.boolean(),
    requiresConsent: fc.boolean(),
    stripClientUri: fc.boolean(),
  })
  .chain((p) => fc.subarray(p.allowed, { minLength: 1 }).map((defaults) => ({ ...p, defaults })))
  .map((p) => {
    const scopes: DcrPolicy['scopes'] = { allowed: p.allowed };
    if (p.onUnknown) scopes.onUnknown = p.onUnknown as 'drop' | 'reject';
    if (p.onMissing) scopes.onMissing = p.onMissing as 'reject' | 'default';
    if (p.onMissing === 'default') scopes.default = p.defaults;
    if (p.openidScopes) scopes.openidScopes = p.openidScopes as 'drop' | 'allow';
    const client: DcrPolicy['client'] = {
      requireProofKey: p.requireProofKey,
      accessTokenTtl: p.accessTokenTtl,
      refreshTokenTtl: p.refreshTokenTtl,
      audiences: p.audiences,
      nameFromClientName: p.nameFromClientName,
      requiresConsent: p.requiresConsent,
    };
    if (p.templateArea !== undefined) client.templateArea = p.templateArea;
    if (p.clientType !== undefined) client.clientType = p.clientType;
    if (p.clientAssuranceLevel !== undefined) client.clientAssuranceLevel = p.clientAssuranceLevel;
    return dcrPolicySchema.parse({
      kind: 'mcpauth/dcr-policy',
      version: 1,
      scopes,
      redirectUris: { allowLoopbackHttp: p.allowLoopbackHttp, httpsHosts: p.httpsHosts },
      grantTypes: p.grantTypes,
      tokenEndpointAuthMethods: p.authMethods,
      client,
      gateway: { stripClientUri: p.stripClientUri },
    });
  });

const redirectUri = fc.oneof(
  fc
    .record({
      scheme: fc.constantFrom('http', 'https', 'HTTPS', 'Http', 'ftp', 'javascript', 'cursor'),
      host: fc.oneof(fc.constantFrom(...HOSTS, 'LocalHost', '[::2]', 'user@claude.ai', 'claude.ai.', ''), oddString),
      port: fc.option(fc.constantFrom('', '0', '80', '3334', '65535', '65536', '99999', 'x'), { nil: undefined }),
      path: fc.constantFrom('', '/', '/oauth/callback', '/api/mcp/auth_callback', '/cb?x=1', '/cb#frag', '/a b', '/\\x', '/%2F'),
    })
    .map(({ scheme, host, port, path }) => `${scheme}://${host}${port === undefined ? '' : `:${port}`}${path}`),
  fc.constantFrom('javascript:alert(1)', 'http:/localhost/cb', '//claude.ai/cb', 'https://claude.ai\\@evil.example/', ''),
  oddString,
);

const scopeValue = fc.oneof(
  fc.array(fc.oneof(scopeToken, oddString), { maxLength: 6 }).chain((tokens) => fc.constantFrom(' ', '  ', '\t').map((sep) => tokens.join(sep))),
  fc.constantFrom('', ' ', 'stocks/read', 'address phone email openid profile stocks/read'),
);

/** A value of the wrong type for any field: what a broken or hostile client may send. */
const wrongType = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 }), fc.array(fc.jsonValue(), { maxLength: 2 }));
const field = <T>(good: fc.Arbitrary<T>) => fc.option(fc.oneof({ weight: 4, arbitrary: good as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: wrongType }), { nil: undefined, freq: 5 });

const requestArb = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .record({
        redirect_uris: field(fc.oneof(fc.array(fc.oneof(redirectUri, wrongType), { maxLength: 3 }), redirectUri)),
        grant_types: field(fc.array(fc.oneof(fc.constantFrom('authorization_code', 'refresh_token', 'implicit', 'client_credentials', 'password'), oddString), { maxLength: 3 })),
        response_types: field(fc.array(fc.oneof(fc.constantFrom('code', 'token', 'id_token'), oddString), { maxLength: 2 })),
        token_endpoint_auth_method: field(fc.oneof(fc.constantFrom(...POLICY_AUTH_METHODS, 'client_secret_jwt', 'tls_client_auth'), oddString)),
        client_name: field(fc.oneof(fc.constantFrom('Claude', 'MCP CLI Client', 'Claude (curity-demo)', 'x'.repeat(100), 'x'.repeat(101), ''), oddString)),
        scope: field(scopeValue),
        client_uri: field(oddString),
        software_id: field(oddString),
      })
      .chain((request) => fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 }).map((extra) => ({ ...extra, ...request }))),
  },
  { weight: 1, arbitrary: fc.jsonValue() },
);

/** A good redirect URI with one edit at a boundary of the grammar: port, case, user info, fragment, host. */
function editedUri(goodUris: string[]): fc.Arbitrary<string> {
  const edits: ((uri: URL) => string)[] = [
    ...['0', '1', '65535', '65536', '99999', '080'].map((port) => (u: URL) => `${u.protocol}//${u.hostname}:${port}${u.pathname}`),
    (u) => u.href.toUpperCase(),
    (u) => u.href.replace('//', '//user@'),
    (u) => `${u.href}#`,
    (u) => u.href.replace(u.hostname, `${u.hostname}.`),
    (u) => u.href.replace(u.hostname, `x${u.hostname}`),
    (u) => u.href.replace(u.protocol, u.protocol === 'http:' ? 'https:' : 'http:'),
    (u) => u.href.replace(/\/$|$/, ' '),
    (u) => u.href.replace(u.pathname, `${u.pathname}?next=\u2028`),
  ];
  return fc.tuple(fc.constantFrom(...goodUris), fc.constantFrom(...edits)).map(([uri, edit]) => edit(new URL(uri)));
}

/** A request built to pass the given policy, with at most one field then replaced by something odd. */
function nearlyValidRequest(policy: DcrPolicy): fc.Arbitrary<unknown> {
  const plainHosts = policy.redirectUris.httpsHosts.filter((host) => /^[A-Za-z0-9.-]+$/.test(host));
  const goodUris = [...plainHosts.map((host) => `https://${host}/api/mcp/auth_callback`)];
  if (policy.redirectUris.allowLoopbackHttp) goodUris.push('http://localhost:33418/oauth/callback', 'http://127.0.0.1/callback', 'http://[::1]:8080/cb');
  if (goodUris.length === 0) goodUris.push('https://claude.ai/cb');
  const grants = policy.grantTypes as readonly string[];
  const methods = policy.tokenEndpointAuthMethods as readonly string[];
  const base = fc.record(
    {
      redirect_uris: fc.tuple(fc.subarray(goodUris, { minLength: 1 }), fc.option(editedUri(goodUris), { nil: undefined, freq: 3 })).map(([uris, edited]) => (edited ? [...uris, edited] : uris)),
      grant_types: fc.subarray([...grants], { minLength: 1 }),
      response_types: fc.constant(['code']),
      token_endpoint_auth_method: fc.constantFrom(...methods),
      client_name: fc.constantFrom('Claude', 'MCP CLI Client', 'x'.repeat(100), 'x'.repeat(101), '', 'a\u0085b'),
      // Allowed scopes, perhaps repeated, perhaps one that is not allowed, joined by spaces or odd whitespace.
      scope: fc.oneof({ weight: 1, arbitrary: fc.constantFrom('', ' ', '\t') }, { weight: 5, arbitrary: fc
        .tuple(
          fc.subarray(policy.scopes.allowed, { minLength: 1 }),
          fc.subarray(['openid', 'email', 'unknown/scope', '\t', policy.scopes.allowed[0]], { maxLength: 1 }),
          fc.constantFrom(' ', ' ', ' ', '  ', '\t', ' \t '),
          fc.constantFrom('', '', ' ', '\t'),
        )
        .chain(([allowed, extra, separator, edge]) => fc.shuffledSubarray([...allowed, ...extra], { minLength: allowed.length + extra.length }).map((tokens) => `${edge}${tokens.join(separator)}${edge}`)) }),
    },
    { requiredKeys: ['redirect_uris'] },
  );
  const mutation = fc.oneof(
    fc.constant(undefined),
    fc.tuple(
      fc.constantFrom('redirect_uris', 'grant_types', 'response_types', 'token_endpoint_auth_method', 'client_name', 'scope'),
      fc.oneof(wrongType, oddString, redirectUri, scopeValue, fc.constantFrom<unknown>(undefined, null, [], ['implicit'], ['authorization_code', 'implicit'], ['refresh_token'], ['token'], ['code', 'token'], ...POLICY_AUTH_METHODS, 'client_secret_jwt')),
    ),
  );
  return fc.tuple(base, mutation).map(([request, change]) => (change ? { ...request, [change[0]]: change[1] } : request));
}

const policyAndRequest = policyArb.chain((policy) => fc.tuple(fc.constant(policy), fc.oneof(requestArb, nearlyValidRequest(policy))));

test('the compiled procedure and the evaluator give the same decision and attributes on 1,500 generated requests', () => {
  const compiled = new Map<DcrPolicy, string>();
  let accepted = 0;
  fc.assert(
    fc.property(policyAndRequest, fc.boolean(), ([policy, request], javaLists) => {
      let code = compiled.get(policy);
      if (code === undefined) {
        code = compilePolicy(policy);
        parseJs(code, { ecmaVersion: 5, sourceType: 'script' });
        compiled.set(policy, code);
      }
      // Both sides see the same JSON text, as the server would parse it.
      const body = JSON.stringify(request) ?? 'null';
      const expected = evaluate(policy, JSON.parse(body));
      if (expected.decision === 'accept') accepted++;
      expect(JSON.stringify(runProcedure(code, body, { javaLists }))).toBe(JSON.stringify(expected));
    }),
    { numRuns: 1500 },
  );
  // The generators reach both outcomes, not only rejections.
  expect(accepted).toBeGreaterThan(60);
});

test('a generated request that should pass is accepted by both, with the policy\'s attributes', () => {
  fc.assert(
    fc.property(policyArb, fc.constantFrom(...HOSTS.slice(0, 2)), (policy, host) => {
      const accepting: DcrPolicy = { ...policy, redirectUris: { allowLoopbackHttp: true, httpsHosts: [host] }, tokenEndpointAuthMethods: ['none'], grantTypes: ['authorization_code', 'refresh_token'] };
      const body = JSON.stringify({ redirect_uris: [`https://${host}/cb`, 'http://127.0.0.1:5000/cb'], token_endpoint_auth_method: 'none', client_name: 'C', scope: policy.scopes.allowed.join(' ') });
      const expected = evaluate(accepting, JSON.parse(body));
      expect(expected.decision).toBe('accept');
      if (expected.decision === 'accept') expect(expected.attributes.audiences).toEqual(policy.client.audiences);
      expect(JSON.stringify(runProcedure(compilePolicy(accepting), body))).toBe(JSON.stringify(expected));
    }),
    { numRuns: 100 },
  );
});
