/** Issue 2: the Claude Desktop config that init --yes and generate desktop-config write, checked as a user sees it. */
import { mkdirSync, readFileSync, writeFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from './helpers/cli.js';
import { makeCa } from './helpers/pki.js';

interface Entry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}
const entryOf = (json: string, name = 'curity-demo'): Entry => JSON.parse(json).mcpServers[name];
const WINDOWS_UNSAFE = /[\s"&|<>^%]/;

let caPem: string;
beforeAll(async () => {
  caPem = (await makeCa()).certPem;
});

describe('init --yes', () => {
  test('writes the demo deployment: pinned mcp-remote, demo URL, scope and client name', () => {
    const dir = tempDir();
    const r = runCli(['init', '--yes', '--out-dir', 'out'], { cwd: dir });
    expect(r.code).toBe(0);
    const entry = entryOf(readFileSync(path.join(dir, 'out', 'claude_desktop_config.json'), 'utf8'));
    expect(entry.command).toBe('npx');
    expect(entry.args.slice(0, 3)).toEqual(['-y', 'mcp-remote@0.15.1', 'https://mcp.demo.example']);
    const metadata = JSON.parse(entry.args[entry.args.indexOf('--static-oauth-client-metadata') + 1]);
    expect(metadata).toEqual({ client_name: 'Claude (curity-demo)', scope: 'stocks/read' });
    const deployment = JSON.parse(readFileSync(path.join(dir, 'out', 'deployment.json'), 'utf8'));
    expect(deployment).toMatchObject({ kind: 'mcpauth/deployment', version: 1, server: { resource: 'https://mcp.demo.example/' } });
    // No CA anywhere: no NODE_EXTRA_CA_CERTS, and a warning that says how to add it.
    expect(entry.env).toBeUndefined();
    expect(r.stderr).toMatch(/--ca-cert/);
    expect(r.stderr).toMatch(/Quit Claude Desktop fully/);
  });

  test('is byte-stable: a second run changes nothing', () => {
    const dir = tempDir();
    runCli(['init', '--yes'], { cwd: dir });
    const first = readFileSync(path.join(dir, 'mcpauth-out', 'claude_desktop_config.json'));
    const second = runCli(['init', '--yes'], { cwd: dir });
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/unchanged/);
    expect(readFileSync(path.join(dir, 'mcpauth-out', 'claude_desktop_config.json')).equals(first)).toBe(true);
  });

  test('finds the Curity example CA in apigateway/certs of a parent folder', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'apigateway', 'certs'), { recursive: true });
    writeFileSync(path.join(root, 'apigateway', 'certs', 'example.ca.crt'), caPem);
    const sub = path.join(root, 'clients', 'claude');
    mkdirSync(sub, { recursive: true });
    const r = runCli(['init', '--yes'], { cwd: sub });
    expect(r.code).toBe(0);
    const entry = entryOf(readFileSync(path.join(sub, 'mcpauth-out', 'claude_desktop_config.json'), 'utf8'));
    expect(entry.env?.NODE_EXTRA_CA_CERTS).toBe(realpathSync(path.join(root, 'apigateway', 'certs', 'example.ca.crt')));
  });

  test('refuses to run without --yes or --answers instead of waiting for input', () => {
    const dir = tempDir();
    const r = runCli(['init'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--yes/);
    expect(r.stderr).toMatch(/--answers/);
  });
});

describe('generate desktop-config', () => {
  test('a relative --ca-cert becomes the absolute real path', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'certs'));
    writeFileSync(path.join(dir, 'certs', 'ca.crt'), caPem);
    const r = runCli(['generate', 'desktop-config', '--ca-cert', 'certs/ca.crt', '--platform', process.platform === 'darwin' ? 'darwin' : 'linux'], { cwd: dir });
    expect(r.code).toBe(0);
    const ca = entryOf(r.stdout).env?.NODE_EXTRA_CA_CERTS ?? '';
    expect(path.isAbsolute(ca)).toBe(true);
    expect(ca).toBe(realpathSync(path.join(dir, 'certs', 'ca.crt')));
  });

  test.each([
    ['a missing file', 'missing.crt', /does not exist/],
    ['a placeholder user', '/Users/MYUSER/dev/example.ca.crt', /placeholder/],
    ['a tilde', '~/certs/ca.crt', /~/],
    ['$HOME', '$HOME/ca.crt', /environment variable/],
  ])('refuses %s with one line and exit 2', (_what, value, message) => {
    const r = runCli(['generate', 'desktop-config', '--ca-cert', value], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('refuses a file that is not a PEM certificate', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'ca.crt'), 'not a certificate\n');
    const r = runCli(['generate', 'desktop-config', '--ca-cert', 'ca.crt'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no PEM certificate/);
  });

  test('a Windows target keeps the given path and puts no unsafe character in any argument', () => {
    const dir = tempDir();
    const ca = 'C:\\Users\\Jane Doe\\certs\\example.ca.crt';
    const r = runCli(['generate', 'desktop-config', '--platform', 'win32', '--ca-cert', ca, '--out', 'claude_desktop_config.json'], { cwd: dir });
    expect(r.code).toBe(0);
    const entry = entryOf(readFileSync(path.join(dir, 'claude_desktop_config.json'), 'utf8'));
    expect(entry.env?.NODE_EXTRA_CA_CERTS).toBe(ca);
    for (const arg of entry.args) expect(arg).not.toMatch(WINDOWS_UNSAFE);
    const fileArg = entry.args[entry.args.indexOf('--static-oauth-client-metadata') + 1];
    expect(fileArg).toMatch(/^@[A-Z]:\\/);
    // The @file is written beside the config, holding the metadata.
    const written = JSON.parse(readFileSync(path.join(dir, path.win32.basename(fileArg.slice(1))), 'utf8'));
    expect(written).toEqual({ client_name: 'Claude (curity-demo)', scope: 'stocks/read' });
  });

  test('a Windows target refuses a relative CA path and a metadata file path with a space', () => {
    expect(runCli(['generate', 'desktop-config', '--platform', 'win32', '--ca-cert', 'certs\\ca.crt']).code).toBe(2);
    const r = runCli(['generate', 'desktop-config', '--platform', 'win32', '--metadata-file', 'C:\\Users\\Jane Doe\\meta.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cmd\.exe/);
  });

  test('values with quotes and backslashes survive as JSON inside JSON', () => {
    const name = 'Claude "quoted" \\ back';
    const r = runCli(['generate', 'desktop-config', '--client-name', name, '--scope', 'stocks/read', '--scope', 'stocks/write']);
    expect(r.code).toBe(0);
    const entry = entryOf(r.stdout);
    const metadata = JSON.parse(entry.args[entry.args.indexOf('--static-oauth-client-metadata') + 1]);
    expect(metadata).toEqual({ client_name: name, scope: 'stocks/read stocks/write' });
  });

  test('--from a deployment file, with flags winning', () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'deployment.json'),
      JSON.stringify({ kind: 'mcpauth/deployment', version: 1, server: { url: 'https://mcp.acme.test/mcp', scopes: ['acme/read'] }, desktop: { serverName: 'acme' } }),
    );
    const r = runCli(['generate', 'desktop-config', '--from', 'deployment.json', '--client-name', 'Acme Claude'], { cwd: dir });
    expect(r.code).toBe(0);
    const entry = entryOf(r.stdout, 'acme');
    expect(entry.args[2]).toBe('https://mcp.acme.test/mcp');
    expect(JSON.parse(entry.args[4])).toEqual({ client_name: 'Acme Claude', scope: 'acme/read' });
  });

  test('merges into an existing config file and keeps everything else', () => {
    const dir = tempDir();
    const original = '{\n\t"globalShortcut": "Alt+Space",\n\t"mcpServers": {\n\t\t"other": {"command": "uvx", "args": ["x"]}\n\t},\n\t"preferences": {"menuBarEnabled": true}\n}\n';
    writeFileSync(path.join(dir, 'c.json'), original);
    const r = runCli(['generate', 'desktop-config', '--out', 'c.json'], { cwd: dir });
    expect(r.code).toBe(0);
    const after = readFileSync(path.join(dir, 'c.json'), 'utf8');
    const parsed = JSON.parse(after);
    expect(Object.keys(parsed)).toEqual(['globalShortcut', 'mcpServers', 'preferences']);
    expect(parsed.mcpServers.other).toEqual({ command: 'uvx', args: ['x'] });
    expect(parsed.mcpServers['curity-demo'].command).toBe('npx');
    expect(after).toMatch(/^\t"globalShortcut"/m);
    expect(r.stderr).toMatch(/backup/);
  });

  test('refuses to touch a config that does not parse, and says where', () => {
    const dir = tempDir();
    const broken = '{\n  "mcpServers": {},\n}\n';
    writeFileSync(path.join(dir, 'c.json'), broken);
    const r = runCli(['generate', 'desktop-config', '--out', 'c.json'], { cwd: dir });
    expect(r.code).toBe(1);
    // The trailing comma itself, not the "}" where a parser notices it.
    expect(r.stderr).toMatch(/line 2, column 19: trailing comma/);
    expect(readFileSync(path.join(dir, 'c.json'), 'utf8')).toBe(broken);
  });

  test('new files are private (0600)', () => {
    const dir = tempDir();
    runCli(['generate', 'desktop-config', '--out', 'c.json'], { cwd: dir });
    expect(statSync(path.join(dir, 'c.json')).mode & 0o777).toBe(0o600);
  });
});

describe('--check', () => {
  test('exit 0 when equal, 1 with a diff after a one-character change', () => {
    const dir = tempDir();
    expect(runCli(['generate', 'all'], { cwd: dir }).code).toBe(0);
    expect(runCli(['generate', 'all', '--check'], { cwd: dir }).code).toBe(0);
    const file = path.join(dir, 'mcpauth-out', 'claude_desktop_config.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('stocks/read', 'stocks/reae'));
    const r = runCli(['generate', 'all', '--check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^-.*stocks\/reae/m);
    expect(r.stdout).toMatch(/^\+.*stocks\/read/m);
  });
});

describe('command line', () => {
  test.each([
    [['--bogus']],
    [['generate', 'desktop-config', '--platform', 'amiga']],
    [['generate', 'desktop-config', '--server-url']],
    [['generate', 'nothing']],
    [['generate', 'desktop-config', '--server-url', 'not a url']],
    [['generate', 'desktop-config', '--mcp-remote-version', 'latest']],
  ])('bad input %j exits 2 without a stack trace', (args) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.trim().split('\n')[0]).toMatch(/^mcpauth: /);
  });

  test('--version prints the package version; --help shows examples', () => {
    expect(runCli(['--version']).stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
    expect(runCli(['--help']).stdout).toMatch(/Examples:/);
    expect(runCli(['generate', '--help']).stdout).toMatch(/Examples:/);
  });
});
