/**
 * Issue 3: the enterprise (static) and Client ID Metadata Document (cimd) registration modes.
 * The desktop entry and the Curity side are generated together and must agree: client id,
 * redirect URI and callback port (static); client_id URL and callback port (cimd).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from './helpers/cli.js';
import { at, CLIENT_PATH, EPHEMERAL_PATH, parseXml, texts, type XmlNode } from './helpers/xml.js';

interface Entry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}
const WINDOWS_UNSAFE = /[\s"&|<>^%]/;

function generateAll(args: string[]) {
  const dir = tempDir();
  const r = runCli(['generate', 'all', ...args], { cwd: dir });
  const out = path.join(dir, 'mcpauth-out');
  const read = (file: string) => readFileSync(path.join(out, file), 'utf8');
  const entry = (): Entry => JSON.parse(read('claude_desktop_config.json')).mcpServers['curity-demo'];
  const client = (): XmlNode => at(parseXml(read('curity-static-client.xml')), CLIENT_PATH)[0];
  return { dir, out, r, read, entry, client };
}

/** The value after a flag, and the positional port right after the URL. */
const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];
const pinnedPort = (entry: Entry) => entry.args[3];

describe('--registration static (enterprise: one pre-registered public client)', () => {
  test('the desktop entry and the Curity client agree on client id, redirect URI and port', () => {
    const g = generateAll(['--registration', 'static', '--callback-port', '41234', '--client-id', 'claude-desktop']);
    expect(g.r.code).toBe(0);
    const entry = g.entry();
    // URL first, the port right after it (mcp-remote ignores a port anywhere else).
    expect(entry.args.slice(2, 4)).toEqual(['https://mcp.demo.example', '41234']);
    const info = JSON.parse(after(entry.args, '--static-oauth-client-info'));
    expect(info).toEqual({ client_id: 'claude-desktop' }); // no secret in the desktop config
    const client = g.client();
    expect(texts(client, 'id')).toEqual([info.client_id]);
    expect(texts(client, 'redirect-uris')).toEqual([`http://localhost:${pinnedPort(entry)}/oauth/callback`]);
    expect(texts(client, 'validate-port-on-loopback-interfaces')).toEqual(['true']);
    // Public with PKCE, and so no secret anywhere.
    expect(texts(client, 'no-authentication')).toEqual(['true']);
    expect(client.secret).toBeUndefined();
    expect(texts((client['proof-key'] as XmlNode[])[0], 'require-proof-key')).toEqual(['true']);
    expect(existsSync(path.join(g.out, 'claude-desktop.secret'))).toBe(false);
    // mcp-remote asks for the server scope; the client allows exactly that by default.
    expect(JSON.parse(after(entry.args, '--static-oauth-client-metadata')).scope).toBe('stocks/read');
    expect(texts(client, 'scope')).toEqual(['stocks/read']);
  });

  test('without --callback-port the port is 3334 on both sides', () => {
    const g = generateAll(['--registration', 'static']);
    expect(g.r.code).toBe(0);
    expect(pinnedPort(g.entry())).toBe('3334');
    expect(texts(g.client(), 'redirect-uris')).toEqual(['http://localhost:3334/oauth/callback']);
  });

  test('a Windows target: the client id goes through an @file and the redirect URI uses 127.0.0.1, as mcp-remote does there', () => {
    const g = generateAll(['--registration', 'static', '--platform', 'win32', '--callback-port', '45000']);
    expect(g.r.code).toBe(0);
    const entry = g.entry();
    for (const arg of entry.args) expect(arg).not.toMatch(WINDOWS_UNSAFE);
    const infoArg = after(entry.args, '--static-oauth-client-info');
    expect(infoArg).toBe('@C:\\ProgramData\\mcpauth\\curity-demo.client-info.json');
    const info = JSON.parse(g.read(path.win32.basename(infoArg.slice(1))));
    expect(texts(g.client(), 'id')).toEqual([info.client_id]);
    expect(texts(g.client(), 'redirect-uris')).toEqual(['http://127.0.0.1:45000/oauth/callback']);
  });

  test('validate-port-on-loopback-interfaces can be turned off and the redirect URI still names the pinned port', () => {
    const g = generateAll(['--registration', 'static', '--validate-port-on-loopback-interfaces', 'false']);
    expect(g.r.code).toBe(0);
    expect(texts(g.client(), 'validate-port-on-loopback-interfaces')).toEqual(['false']);
    expect(texts(g.client(), 'redirect-uris')).toEqual(['http://localhost:3334/oauth/callback']);
  });

  test('the saved deployment regenerates the same files (--check)', () => {
    const g = generateAll(['--registration', 'static', '--callback-port', '41234']);
    const check = runCli(['generate', 'all', '--from', 'mcpauth-out/deployment.json', '--check'], { cwd: g.dir });
    expect(check.stderr).toMatch(/Up to date/);
    expect(check.code).toBe(0);
  });

  test.each([
    [['--public', 'false'], /must be public; drop --public/],
    [['--redirect-uri', 'https://claude.ai/api/mcp/auth_callback'], /http:\/\/localhost:3334\/oauth\/callback, which --redirect-uri/],
    [['--static-client-scope', 'openid'], /does not allow stocks\/read; add them to --static-client-scope/],
    [['--secret-file', 'x.txt'], /--secret-file/],
    [['--callback-port', '70000'], /--callback-port/],
    [['--client-metadata-url', 'https://clients.example.com/claude.json'], /--client-metadata-url .*cimd/],
  ])('refuses %j with exit 2, naming the flags', (args, message) => {
    const r = runCli(['generate', 'all', '--registration', 'static', ...args], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('--registration cimd (Client ID Metadata Document)', () => {
  const url = 'https://clients.example.com/mcp/claude-desktop.json';

  test('the document\'s client_id is byte for byte the URL in the desktop entry, and its redirect URI uses the pinned port', () => {
    const g = generateAll(['--registration', 'cimd', '--client-metadata-url', url, '--callback-port', '40500']);
    expect(g.r.code).toBe(0);
    const entry = g.entry();
    expect(pinnedPort(entry)).toBe('40500');
    expect(after(entry.args, '--client-metadata-url')).toBe(url);
    const doc = JSON.parse(g.read('client-id-metadata-document.json'));
    expect(doc.client_id).toBe(after(entry.args, '--client-metadata-url'));
    expect(doc).toEqual({
      client_id: url,
      client_name: 'Claude (curity-demo)',
      redirect_uris: [`http://localhost:${pinnedPort(entry)}/oauth/callback`],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'none',
      scope: 'stocks/read',
    });
    expect(doc.client_secret).toBeUndefined();
    expect(Buffer.byteLength(g.read('client-id-metadata-document.json'))).toBeLessThan(5 * 1024);
  });

  test('the Curity ephemeral-client fragment accepts it: public, code, loopback redirects, the scopes, the lifetimes', () => {
    const g = generateAll(['--registration', 'cimd', '--client-metadata-url', url, '--scope', 'stocks/read', '--scope', 'stocks/write']);
    expect(g.r.code).toBe(0);
    const [ephemeral] = at(parseXml(g.read('curity-ephemeral-client.xml')), EPHEMERAL_PATH);
    expect(Object.keys((ephemeral.capabilities as XmlNode[])[0]).filter((k) => k !== '#text')).toEqual(['code']);
    expect(Object.keys((ephemeral['client-authentication-method'] as XmlNode[])[0]).filter((k) => k !== '#text')).toEqual(['no-authentication']);
    expect(texts((ephemeral['redirect-uri-validation'] as XmlNode[])[0], 'allow-loopback-redirect-uris')).toEqual(['true']);
    expect(texts((ephemeral.scopes as XmlNode[])[0], 'scope')).toEqual(['stocks/read', 'stocks/write']);
    expect(texts(ephemeral, 'access-token-ttl')).toEqual(['900']);
    expect(texts(ephemeral, 'refresh-token-ttl')).toEqual(['3600']);
    expect(JSON.parse(g.read('client-id-metadata-document.json')).scope).toBe('stocks/read stocks/write');
  });

  test('a Windows target: 127.0.0.1 in the document, no unsafe character in any argument', () => {
    const g = generateAll(['--registration', 'cimd', '--client-metadata-url', url, '--platform', 'win32']);
    expect(g.r.code).toBe(0);
    for (const arg of g.entry().args) expect(arg).not.toMatch(WINDOWS_UNSAFE);
    expect(JSON.parse(g.read('client-id-metadata-document.json')).redirect_uris).toEqual(['http://127.0.0.1:3334/oauth/callback']);
  });

  test('the saved deployment regenerates the same files (--check)', () => {
    const g = generateAll(['--registration', 'cimd', '--client-metadata-url', url]);
    expect(runCli(['generate', 'all', '--from', 'mcpauth-out/deployment.json', '--check'], { cwd: g.dir }).code).toBe(0);
  });

  test.each([
    [[], /needs --client-metadata-url/],
    [['--client-metadata-url', 'http://clients.example.com/c.json'], /https/],
    [['--client-metadata-url', 'https://clients.example.com/'], /path other than "\/"/],
    [['--client-metadata-url', 'https://clients.example.com/c.json#x'], /fragment/],
    [['--client-metadata-url', 'https://me:pw@clients.example.com/c.json'], /user name or password/],
    [['--client-metadata-url', 'https://Clients.Example.com/c.json'], /normal form https:\/\/clients\.example\.com\/c\.json/],
    [['--client-metadata-url', 'https://clients.example.com/c.json', '--client-info-file', '/etc/x.json'], /--client-info-file .*static/],
  ])('refuses %j with exit 2, naming --client-metadata-url', (args, message) => {
    const r = runCli(['generate', 'all', '--registration', 'cimd', ...args], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('--client-metadata-url without --registration cimd is refused', () => {
    const r = runCli(['generate', 'desktop-config', '--client-metadata-url', url], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--client-metadata-url .*--registration cimd/);
  });
});
