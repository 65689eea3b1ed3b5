/**
 * Issue 3: curity-static-client.xml and its secret, checked from the CLI as a user sees them:
 * the XML read back with fast-xml-parser, the secret file's mode and content, and every byte
 * printed searched for the secret.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { verifySha256Crypt } from '../src/crypto/sha256-crypt.js';
import { runCli, tempDir, type RunResult } from './helpers/cli.js';
import { at, CLIENT_PATH, parseXml, text, texts, type XmlNode } from './helpers/xml.js';

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
const modeOf = (file: string) => statSync(file).mode & 0o777;
const secretIn = (dir: string, file = 'claude-client.secret') => read(dir, file).replace(/\n$/, '');

function clientOf(xml: string): XmlNode {
  const clients = at(parseXml(xml), CLIENT_PATH);
  expect(clients).toHaveLength(1);
  return clients[0];
}

/** The secret must appear nowhere the user or a log could see it. */
function expectNotPrinted(secret: string, ...runs: RunResult[]) {
  expect(secret.length).toBeGreaterThan(0);
  for (const r of runs) {
    expect(r.stdout).not.toContain(secret);
    expect(r.stderr).not.toContain(secret);
  }
}

describe('generate static-client: the Curity guide client by default', () => {
  const dir = tempDir();
  let run: RunResult;
  beforeAll(() => {
    run = runCli(['generate', 'static-client', '--out', 'curity/client.xml'], { cwd: dir });
  });

  test('writes the XML and a 0600 secret file beside it, and says where the secret is', () => {
    expect(run.code).toBe(0);
    expect(existsSync(path.join(dir, 'curity', 'client.xml'))).toBe(true);
    expect(modeOf(path.join(dir, 'curity', 'claude-client.secret'))).toBe(0o600);
    expect(run.stderr).toMatch(/curity\/claude-client\.secret/);
  });

  test('the envelope and namespaces are those of the Curity example', () => {
    const doc = parseXml(read(dir, 'curity/client.xml'));
    const [config] = at(doc, 'config');
    expect(config['@_xmlns']).toBe('http://tail-f.com/ns/config/1.0');
    expect(at(doc, 'config/profiles')[0]['@_xmlns']).toBe('https://curity.se/ns/conf/base');
    const [profile] = at(doc, 'config/profiles/profile');
    expect(texts(profile, 'id')).toEqual(['token-service']);
    const [type] = profile.type as XmlNode[];
    expect(type['@_xmlns:as']).toBe('https://curity.se/ns/conf/profile/oauth');
    expect(text(type)).toBe('as:oauth-service');
    expect(at(doc, 'config/profiles/profile/settings/authorization-server')[0]['@_xmlns']).toBe('https://curity.se/ns/conf/profile/oauth');
  });

  test('the client reproduces the guide: id, redirect URI, audiences, one <scope> per scope, authenticator, code, loopback port check', () => {
    const client = clientOf(read(dir, 'curity/client.xml'));
    expect(Object.keys(client).filter((k) => k !== '#text')[0]).toBe('id');
    expect(texts(client, 'id')).toEqual(['claude-client']);
    expect(texts(client, 'redirect-uris')).toEqual(['https://claude.ai/api/mcp/auth_callback']);
    expect(texts(client, 'audience')).toEqual(['claude-client', 'https://mcp.demo.example/']);
    expect(texts(client, 'scope')).toEqual(['address', 'openid', 'email', 'phone', 'stocks/read', 'profile']);
    expect(texts((client['user-authentication'] as XmlNode[])[0], 'allowed-authenticators')).toEqual(['email']);
    expect(Object.keys((client.capabilities as XmlNode[])[0]).filter((k) => k !== '#text')).toEqual(['code']);
    expect(texts(client, 'validate-port-on-loopback-interfaces')).toEqual(['true']);
    expect(client['no-authentication']).toBeUndefined();
    expect(client['proof-key']).toBeUndefined();
  });

  test('the XML holds a $5$ hash that verifies against the secret file, and the secret is strong and URL-safe', () => {
    const secret = secretIn(path.join(dir, 'curity'));
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43,}$/); // ≥ 32 random bytes, base64url
    const [hash] = texts(clientOf(read(dir, 'curity/client.xml')), 'secret');
    expect(hash).toMatch(/^\$5\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{43}$/);
    expect(verifySha256Crypt(secret, hash)).toBe(true);
    expect(read(dir, 'curity/client.xml')).not.toContain(secret);
    expectNotPrinted(secret, run);
  });

  test('a second run keeps the secret and the hash: byte-identical files, nothing rewritten', () => {
    const xml = read(dir, 'curity/client.xml');
    const again = runCli(['generate', 'static-client', '--out', 'curity/client.xml'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(read(dir, 'curity/client.xml')).toBe(xml);
    expect(again.stderr).not.toMatch(/created|updated/);
    expect(runCli(['generate', 'static-client', '--out', 'curity/client.xml', '--check'], { cwd: dir }).code).toBe(0);
    expectNotPrinted(secretIn(path.join(dir, 'curity')), again);
  });
});

describe('values from the command line come back unchanged', () => {
  test('names with <, &, quotes and non-ASCII; TTLs, PKCE, consent; --scope and --client-name mean the static client here', () => {
    const dir = tempDir();
    const values = {
      clientId: `acme&<client>"'`,
      name: `Claude <"Desktop"> & Söhne 'ü' 日本`,
      description: `Fish & chips <b>bold</b> "quoted" — ½`,
      redirect: 'https://app.example.com/cb?a=1&b=%22x%22',
      audiences: ['https://mcp.acme.example/', `aud&<"'>`],
      scopes: ['openid', 'acme/read&write'],
      authenticators: ['émail', 'pass<word>'],
    };
    const r = runCli(
      [
        'generate', 'static-client', '--out', 'c.xml',
        '--client-id', values.clientId,
        '--client-name', values.name,
        '--description', values.description,
        '--redirect-uri', values.redirect,
        ...values.audiences.flatMap((a) => ['--audience', a]),
        ...values.scopes.flatMap((s) => ['--scope', s]),
        ...values.authenticators.flatMap((a) => ['--authenticator', a]),
        '--access-token-ttl', '900',
        '--refresh-token-ttl', 'disabled',
        '--require-pkce',
        '--consent',
        '--validate-port-on-loopback-interfaces', 'false',
        '--profile-id', 'token-service-2',
      ],
      { cwd: dir },
    );
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    const doc = parseXml(read(dir, 'c.xml'));
    expect(texts(at(doc, 'config/profiles/profile')[0], 'id')).toEqual(['token-service-2']);
    const client = clientOf(read(dir, 'c.xml'));
    expect(texts(client, 'id')).toEqual([values.clientId]);
    expect(texts(client, 'client-name')).toEqual([values.name]);
    expect(texts(client, 'description')).toEqual([values.description]);
    expect(texts(client, 'redirect-uris')).toEqual([values.redirect]);
    expect(texts(client, 'audience')).toEqual(values.audiences);
    expect(texts(client, 'scope')).toEqual(values.scopes);
    expect(texts((client['user-authentication'] as XmlNode[])[0], 'allowed-authenticators')).toEqual(values.authenticators);
    expect(texts(client, 'access-token-ttl')).toEqual(['900']);
    expect(texts(client, 'refresh-token-ttl')).toEqual(['disabled']);
    expect(texts((client['proof-key'] as XmlNode[])[0], 'require-proof-key')).toEqual(['true']);
    expect(client['user-consent']).toEqual(['']);
    expect(texts(client, 'validate-port-on-loopback-interfaces')).toEqual(['false']);
    // The secret file is named after the client id, with what cannot be in a file name replaced.
    const secretFile = 'acme__client___.secret';
    expect(modeOf(path.join(dir, secretFile))).toBe(0o600);
    expect(verifySha256Crypt(secretIn(dir, secretFile), texts(client, 'secret')[0])).toBe(true);
  });

  test('in generate all, --scope is the MCP server scope and --static-client-scope the static client\'s', () => {
    const dir = tempDir();
    const r = runCli(['generate', 'all', '--scope', 'acme/read', '--static-client-scope', 'openid', '--static-client-scope', 'acme/read', '--static-client-name', 'Web'], { cwd: dir });
    expect(r.code).toBe(0);
    const client = clientOf(read(dir, 'mcpauth-out/curity-static-client.xml'));
    expect(texts(client, 'scope')).toEqual(['openid', 'acme/read']);
    expect(texts(client, 'client-name')).toEqual(['Web']);
    const entry = JSON.parse(read(dir, 'mcpauth-out/claude_desktop_config.json')).mcpServers['curity-demo'];
    expect(JSON.parse(entry.args[entry.args.indexOf('--static-oauth-client-metadata') + 1])).toEqual({ client_name: 'Claude (curity-demo)', scope: 'acme/read' });
  });

  test('the web connector client allows the MCP server\'s scopes where the guide has stocks/read', () => {
    const dir = tempDir();
    expect(runCli(['generate', 'all', '--scope', 'acme/read', '--scope', 'acme/write'], { cwd: dir }).code).toBe(0);
    const client = clientOf(read(dir, 'mcpauth-out/curity-static-client.xml'));
    expect(texts(client, 'scope')).toEqual(['address', 'openid', 'email', 'phone', 'acme/read', 'acme/write', 'profile']);
  });

  test.each([
    [['--client-id', 'has space'], /--client-id/],
    [['--client-name', 'line\nbreak'], /--static-client-name/],
    [['--redirect-uri', 'not a uri'], /--redirect-uri/],
    [['--refresh-token-ttl', 'forever'], /--refresh-token-ttl/],
    [['--access-token-ttl', '-5'], /--access-token-ttl/],
    [['--scope', 'two words'], /--static-client-scope/],
    [['--scope', 'a', '--static-client-scope', 'b'], /--scope and --static-client-scope/],
  ])('refuses %j with exit 2 and names the flag', (args, message) => {
    const r = runCli(['generate', 'static-client', ...args], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('where the secret comes from', () => {
  test('--public: <no-authentication>true</no-authentication>, PKCE, and no secret anywhere', () => {
    const dir = tempDir();
    const r = runCli(['generate', 'static-client', '--public', '--out', 'c.xml'], { cwd: dir });
    expect(r.code).toBe(0);
    const client = clientOf(read(dir, 'c.xml'));
    expect(texts(client, 'no-authentication')).toEqual(['true']);
    expect(client.secret).toBeUndefined();
    expect(texts((client['proof-key'] as XmlNode[])[0], 'require-proof-key')).toEqual(['true']);
    expect(existsSync(path.join(dir, 'claude-client.secret'))).toBe(false);
    expect(r.stderr).not.toMatch(/secret/i);
  });

  test('--secret-file: the hash is of that secret and no copy is written', () => {
    const dir = tempDir();
    const secret = 'my-client-secret-from-a-vault-0123456789';
    writeFileSync(path.join(dir, 'vault.txt'), `${secret}\n`);
    const r = runCli(['generate', 'static-client', '--secret-file', 'vault.txt', '--out', 'c.xml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(verifySha256Crypt(secret, texts(clientOf(read(dir, 'c.xml')), 'secret')[0])).toBe(true);
    expect(existsSync(path.join(dir, 'claude-client.secret'))).toBe(false);
    expect(read(dir, 'c.xml')).not.toContain(secret);
    expectNotPrinted(secret, r);
  });

  test('--secret-stdin: the hash is of the secret on standard input and no copy is written', () => {
    const dir = tempDir();
    const secret = 'piped-secret-öäü-0123456789abcdef';
    const r = runCli(['generate', 'all', '--secret-stdin'], { cwd: dir, input: `${secret}\n` });
    expect(r.code).toBe(0);
    expect(verifySha256Crypt(secret, texts(clientOf(read(dir, 'mcpauth-out/curity-static-client.xml')), 'secret')[0])).toBe(true);
    expect(existsSync(path.join(dir, 'mcpauth-out', 'claude-client.secret'))).toBe(false);
    for (const file of ['curity-static-client.xml', 'deployment.json', 'claude_desktop_config.json']) expect(read(dir, `mcpauth-out/${file}`)).not.toContain(secret);
    expectNotPrinted(secret, r);
  });

  test('--plaintext-secret puts the secret itself into a 0600 XML, with a warning that does not repeat it', () => {
    const dir = tempDir();
    const r = runCli(['generate', 'static-client', '--plaintext-secret', '--out', 'c.xml'], { cwd: dir });
    expect(r.code).toBe(0);
    const secret = secretIn(dir);
    expect(texts(clientOf(read(dir, 'c.xml')), 'secret')).toEqual([secret]);
    expect(modeOf(path.join(dir, 'c.xml'))).toBe(0o600);
    expect(r.stderr).toMatch(/warning: .*holds the secret itself/);
    expectNotPrinted(secret, r);
  });

  test('to standard output: the XML is printed, the secret goes to ./<client-id>.secret and is not printed', () => {
    const dir = tempDir();
    const r = runCli(['generate', 'static-client'], { cwd: dir });
    expect(r.code).toBe(0);
    const secret = secretIn(dir);
    expect(modeOf(path.join(dir, 'claude-client.secret'))).toBe(0o600);
    expect(verifySha256Crypt(secret, texts(clientOf(r.stdout), 'secret')[0])).toBe(true);
    expectNotPrinted(secret, r);
  });

  test('an existing secret file is used: a new XML gets a hash of it; a replaced secret gets a new hash', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'claude-client.secret'), 'first-secret-0123456789abcdefghij\n', { mode: 0o600 });
    expect(runCli(['generate', 'static-client', '--out', 'c.xml'], { cwd: dir }).code).toBe(0);
    expect(verifySha256Crypt('first-secret-0123456789abcdefghij', texts(clientOf(read(dir, 'c.xml')), 'secret')[0])).toBe(true);
    expect(secretIn(dir)).toBe('first-secret-0123456789abcdefghij');
    writeFileSync(path.join(dir, 'claude-client.secret'), 'second-secret-0123456789abcdefghij\n');
    const check = runCli(['generate', 'static-client', '--out', 'c.xml', '--check'], { cwd: dir });
    expect(check.code).toBe(1);
    expectNotPrinted('second-secret-0123456789abcdefghij', check);
    expectNotPrinted('first-secret-0123456789abcdefghij', check);
    expect(runCli(['generate', 'static-client', '--out', 'c.xml'], { cwd: dir }).code).toBe(0);
    expect(verifySha256Crypt('second-secret-0123456789abcdefghij', texts(clientOf(read(dir, 'c.xml')), 'secret')[0])).toBe(true);
  });

  test('a secret file readable by others is named with the chmod to run', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'claude-client.secret'), 'shared-secret-0123456789abcdefghij\n', { mode: 0o644 });
    const r = runCli(['generate', 'static-client', '--out', 'c.xml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/chmod 600 .*claude-client\.secret/);
  });

  test.each([
    [['generate', 'static-client', '--public', '--secret-file', 'x'], /--secret-file/],
    [['generate', 'static-client', '--public', '--plaintext-secret'], /--plaintext-secret/],
    [['generate', 'static-client', '--public', '--secret-stdin'], /--secret-stdin/],
    [['generate', 'static-client', '--secret-file', 'missing.txt'], /missing\.txt: no such file/],
    [['generate', 'desktop-config', '--secret-stdin'], /--secret-stdin/],
    [['init', '--answers', '-', '--secret-stdin'], /standard input/],
  ])('refuses %j with exit 2', (args, message) => {
    const r = runCli(args, { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('an empty secret on standard input is refused', () => {
    const r = runCli(['generate', 'static-client', '--secret-stdin'], { cwd: tempDir(), input: '\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/standard input is empty/);
  });
});

describe('init --yes', () => {
  test('also writes curity-static-client.xml and the secret, and a second run is byte-identical', () => {
    const dir = tempDir();
    const first = runCli(['init', '--yes'], { cwd: dir });
    expect(first.code).toBe(0);
    const out = path.join(dir, 'mcpauth-out');
    const files = ['claude_desktop_config.json', 'curity-static-client.xml', 'claude-client.secret', 'deployment.json'];
    const before = files.map((f) => readFileSync(path.join(out, f)));
    expect(modeOf(path.join(out, 'claude-client.secret'))).toBe(0o600);
    const secret = secretIn(out);
    expect(verifySha256Crypt(secret, texts(clientOf(read(out, 'curity-static-client.xml')), 'secret')[0])).toBe(true);
    const second = runCli(['init', '--yes'], { cwd: dir });
    expect(second.code).toBe(0);
    files.forEach((f, i) => expect(readFileSync(path.join(out, f)).equals(before[i])).toBe(true));
    expect(second.stderr).not.toMatch(/created|updated/);
    expectNotPrinted(secret, first, second);
    const deployment = read(out, 'deployment.json');
    expect(deployment).not.toContain(secret);
    expect(JSON.parse(deployment).staticClient).toMatchObject({ clientId: 'claude-client', authenticators: ['email'] });
  });
});
