/** Issue 4 from the command line: dcr simulate, and the DCR files that init and generate write. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseJs } from 'acorn';
import { REPO_ROOT, runCli, tempDir } from './helpers/cli.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'dcr');
const DCR_FILES = ['dcr-policy.json', 'mcp-client-registration-policy.js', 'curity-dcr.xml', 'kong-registration-route.yml'];

let dir: string;
let policyFile: string;
beforeAll(() => {
  dir = tempDir();
  const r = runCli(['generate', 'dcr-policy', '--out-dir', 'dcr'], { cwd: dir });
  expect(r.code).toBe(0);
  policyFile = path.join(dir, 'dcr', 'dcr-policy.json');
});

const simulate = (request: string, ...extra: string[]) => runCli(['dcr', 'simulate', '--policy', policyFile, path.join(FIXTURES, request), ...extra], { cwd: dir });

describe('mcpauth dcr simulate', () => {
  test('accepts the Claude web backend\'s request: exit 0, the attributes, and the dropped OpenID scopes', () => {
    const r = simulate('claude-web-request.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^accept/);
    expect(r.stdout).toMatch(/scope\s+"stocks\/read"/);
    expect(r.stdout).toMatch(/audiences\s+\["https:\/\/mcp\.demo\.example\/"\]/);
    expect(r.stdout).toMatch(/dropped from the requested scope: address phone email openid profile/);
  });

  test('accepts mcp-remote 0.15.1\'s request; --format json prints exactly decision and attributes', () => {
    const r = simulate('mcp-remote-0.15.1-request.json', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      decision: 'accept',
      attributes: {
        require_proof_key: true,
        access_token_ttl: 900,
        refresh_token_ttl: 0,
        audiences: ['https://mcp.demo.example/'],
        template_area: 'mcp-client',
        client_type: 'mcp',
        client_assurance_level: 1,
        name: 'Claude (curity-demo)',
        requires_consent: true,
        scope: 'stocks/read',
      },
    });
  });

  test.each([
    ['reject-no-scope.json', 'invalid_client_metadata'],
    ['reject-disallowed-scopes.json', 'invalid_client_metadata'],
    ['reject-https-unlisted-host.json', 'invalid_redirect_uri'],
    ['reject-http-not-loopback.json', 'invalid_redirect_uri'],
    ['reject-implicit-grant.json', 'invalid_client_metadata'],
  ])('rejects %s: exit 1 with the RFC 7591 error code', (request, code) => {
    const json = simulate(request, '--format', 'json');
    expect(json.code).toBe(1);
    const decision = JSON.parse(json.stdout);
    expect(Object.keys(decision)).toEqual(['decision', 'error']);
    expect(decision).toEqual({ decision: 'reject', error: { code, description: expect.any(String) } });
    const text = simulate(request);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(new RegExp(`^reject\\s+${code}\\n\\s+${decision.error.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(text.stderr).toBe('');
  });

  test('reads the request from standard input with -', () => {
    const r = runCli(['dcr', 'simulate', '--policy', policyFile, '--format', 'json', '-'], { cwd: dir, input: readFileSync(path.join(FIXTURES, 'reject-implicit-grant.json'), 'utf8') });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('invalid_client_metadata');
  });

  test('a JSON value that is not an object is a request like any other: rejected, exit 1', () => {
    const r = runCli(['dcr', 'simulate', '--policy', policyFile, '-'], { cwd: dir, input: '[1, 2]' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/must be a JSON object/);
  });

  test.each([
    ['a request that is not JSON', ['-'], '{"scope": "a",}', /standard input:1:\d+: not valid JSON/],
    ['a missing request file', ['nope.json'], '', /nope\.json: no such file/],
    ['no --policy', null, '', /Missing required argument: policy/],
    ['a policy that is not a policy', ['--policy', path.join(FIXTURES, 'claude-web-request.json'), '-'], '{}', /kind: .*not a valid DCR policy/],
  ])('bad input: %s → exit 2 and one line, no stack trace', (_what, args, input, message) => {
    const argv = args === null ? ['dcr', 'simulate', path.join(FIXTURES, 'claude-web-request.json')] : ['dcr', 'simulate', ...(args[0] === '--policy' ? [] : ['--policy', policyFile]), ...args];
    const r = runCli(argv, { cwd: dir, input });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('a policy with a bad field names the field', () => {
    const bad = JSON.parse(readFileSync(policyFile, 'utf8'));
    bad.scopes.onMissing = 'default';
    writeFileSync(path.join(dir, 'bad-policy.json'), JSON.stringify(bad));
    const r = runCli(['dcr', 'simulate', '--policy', 'bad-policy.json', path.join(FIXTURES, 'claude-web-request.json')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-policy\.json: scopes\.default: is required when scopes\.onMissing is "default"/);
  });

  test('--help shows examples', () => {
    const r = runCli(['dcr', 'simulate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/--format/);
  });
});

describe('the DCR files from init and generate', () => {
  test('init --yes and generate all write all four, and the procedure is ES5', () => {
    const home = tempDir();
    expect(runCli(['init', '--yes', '--out-dir', 'a'], { cwd: home }).code).toBe(0);
    expect(runCli(['generate', 'all', '--out-dir', 'b'], { cwd: home }).code).toBe(0);
    for (const name of DCR_FILES) {
      expect(existsSync(path.join(home, 'a', name))).toBe(true);
      expect(readFileSync(path.join(home, 'b', name), 'utf8')).toBe(readFileSync(path.join(home, 'a', name), 'utf8'));
    }
    parseJs(readFileSync(path.join(home, 'a', 'mcp-client-registration-policy.js'), 'utf8'), { ecmaVersion: 5 });
    expect(runCli(['generate', 'all', '--out-dir', 'a', '--check'], { cwd: home }).code).toBe(0);
  });

  test('generate dcr-policy prints the policy and names the other files', () => {
    const r = runCli(['generate', 'dcr-policy'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'mcpauth/dcr-policy', version: 1 });
    expect(r.stderr).toMatch(/Also needed: mcp-client-registration-policy\.js, curity-dcr\.xml, kong-registration-route\.yml; use --out-dir DIR/);
  });

  test('deployment answers reach the files: --no-strip-client-uri writes no Kong route, --refresh-tokens sets a TTL', () => {
    const home = tempDir();
    expect(runCli(['generate', 'dcr-policy', '--out-dir', 'o', '--no-strip-client-uri', '--refresh-tokens', '--dcr-refresh-token-ttl', '600'], { cwd: home }).code).toBe(0);
    expect(existsSync(path.join(home, 'o', 'kong-registration-route.yml'))).toBe(false);
    const policy = JSON.parse(readFileSync(path.join(home, 'o', 'dcr-policy.json'), 'utf8'));
    expect(policy.client.refreshTokenTtl).toBe(600);
    expect(policy.gateway.stripClientUri).toBe(false);
  });

  test('generate --policy compiles a reviewed policy, and --check catches a procedure that no longer matches it', () => {
    const home = tempDir();
    expect(runCli(['generate', 'dcr-policy', '--out-dir', 'o'], { cwd: home }).code).toBe(0);
    const file = path.join(home, 'o', 'dcr-policy.json');
    const reviewed = JSON.parse(readFileSync(file, 'utf8'));
    reviewed.scopes.onUnknown = 'reject';
    reviewed.client.accessTokenTtl = 300;
    writeFileSync(file, `${JSON.stringify(reviewed, null, 2)}\n`);
    const drift = runCli(['generate', 'dcr-policy', '--policy', 'o/dcr-policy.json', '--out-dir', 'o', '--check'], { cwd: home });
    expect(drift.code).toBe(1);
    expect(drift.stderr).toMatch(/mcp-client-registration-policy\.js/);
    expect(runCli(['generate', 'dcr-policy', '--policy', 'o/dcr-policy.json', '--out-dir', 'o'], { cwd: home }).code).toBe(0);
    const procedure = readFileSync(path.join(home, 'o', 'mcp-client-registration-policy.js'), 'utf8');
    expect(procedure).toContain('attributes.access_token_ttl = 300;');
    expect(procedure).toContain('scopes.onUnknown is "reject"');
    // openidScopes "drop" still lets the Claude web backend in; any other foreign scope now refuses the request.
    expect(runCli(['dcr', 'simulate', '--policy', 'o/dcr-policy.json', path.join(FIXTURES, 'claude-web-request.json')], { cwd: home }).code).toBe(0);
    const web = JSON.parse(readFileSync(path.join(FIXTURES, 'claude-web-request.json'), 'utf8'));
    const r = runCli(['dcr', 'simulate', '--policy', 'o/dcr-policy.json', '--format', 'json', '-'], { cwd: home, input: JSON.stringify({ ...web, scope: 'stocks/read stocks/write' }) });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.description).toMatch(/scope holds a value that the policy does not allow/);
  });

  test('--policy is refused for desktop-config', () => {
    const r = runCli(['generate', 'desktop-config', '--policy', 'x.json'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--policy is for "generate dcr-policy" and "generate all"/);
  });
});
