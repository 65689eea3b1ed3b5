/** Issue 6: where install takes its entry from, the @file it places, and `init --install`. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from './helpers/cli.js';
import { fakeEnv, listing } from './helpers/install-env.js';

const PLATFORM = process.platform === 'darwin' ? 'darwin' : 'linux';

function workspace() {
  const dir = tempDir('mcpauth-sources-');
  const config = path.join(dir, 'claude', 'claude_desktop_config.json');
  return { dir, config, run: (...args: string[]) => runCli(args, { cwd: dir, env: fakeEnv(dir) }) };
}
const serversOf = (file: string) => JSON.parse(readFileSync(file, 'utf8')).mcpServers as Record<string, { command: string; args: string[] }>;

describe('the entry comes from', () => {
  test('--from deployment.json (flags override it)', () => {
    const ws = workspace();
    writeFileSync(
      path.join(ws.dir, 'deployment.json'),
      JSON.stringify({ kind: 'mcpauth/deployment', version: 1, server: { url: 'https://mcp.acme.test/mcp', scopes: ['acme/read'] }, desktop: { serverName: 'acme', platform: PLATFORM } }),
    );
    const r = ws.run('install', '--from', 'deployment.json', '--client-name', 'Acme Claude', '--config', ws.config);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Entry: "acme" for https:\/\/mcp\.acme\.test\/mcp, built from deployment\.json and --client-name/);
    const entry = serversOf(ws.config).acme;
    expect(entry.args[2]).toBe('https://mcp.acme.test/mcp');
    expect(JSON.parse(entry.args[4])).toEqual({ client_name: 'Acme Claude', scope: 'acme/read' });
  });

  test('./mcpauth-out/claude_desktop_config.json when no source is named (what init wrote)', () => {
    const ws = workspace();
    expect(ws.run('init', '--yes', '--platform', PLATFORM).code).toBe(0);
    const written = serversOf(path.join(ws.dir, 'mcpauth-out', 'claude_desktop_config.json'));
    const r = ws.run('install', '--config', ws.config);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Entry: from mcpauth-out\/claude_desktop_config\.json/);
    expect(serversOf(ws.config)).toEqual(written);
  });

  test('--entry-from FILE; with several entries, --server-name picks one', () => {
    const ws = workspace();
    const source = path.join(ws.dir, 'entries.json');
    writeFileSync(source, JSON.stringify({ mcpServers: { a: { command: 'npx', args: ['-y', 'a'] }, b: { command: 'uvx', args: ['b'], env: { K: 'v' } } } }));
    const ambiguous = ws.run('install', '--entry-from', source, '--config', ws.config);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/holds 2 entries \(a, b\); name the one to install with --server-name/);
    expect(existsSync(ws.config)).toBe(false);
    const r = ws.run('install', '--entry-from', source, '--server-name', 'b', '--config', ws.config);
    expect(r.code).toBe(0);
    expect(serversOf(ws.config)).toEqual({ b: { command: 'uvx', args: ['b'], env: { K: 'v' } } });
  });

  test.each([
    [['--entry-from', 'x.json', '--server-url', 'https://mcp.acme.test'], /--server-url cannot change it/],
    [['--entry-from', 'x.json', '--from', 'deployment.json'], /two sources of the entry/],
    [[], /install needs an entry: give --from deployment\.json, deployment flags .*--entry-from FILE/],
  ])('%j is a usage error (exit 2)', (args, message) => {
    const ws = workspace();
    const r = ws.run('install', '--config', ws.config, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(path.dirname(ws.config))).toBe(false);
  });

  test('an entry Claude Desktop would skip (a remote "url" entry) is refused', () => {
    const ws = workspace();
    writeFileSync(path.join(ws.dir, 'remote.json'), JSON.stringify({ mcpServers: { r: { url: 'https://mcp.acme.test/mcp' } } }));
    const r = ws.run('install', '--entry-from', 'remote.json', '--config', ws.config);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no "command"/);
  });
});

describe('the client-metadata @file, on this computer', () => {
  const args = (dir: string, ...more: string[]) => ['--server-name', 'acme', '--platform', PLATFORM, '--metadata-file', path.join(dir, 'shared', 'acme.json'), ...more];

  test('is written at its target path by the same safe write; a metadata change needs --force and explains the reset', () => {
    const ws = workspace();
    const meta = path.join(ws.dir, 'shared', 'acme.json');
    const r = ws.run('install', '--config', ws.config, ...args(ws.dir));
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(meta, 'utf8'))).toEqual({ client_name: 'Claude (curity-demo)', scope: 'stocks/read' });
    expect(serversOf(ws.config).acme.args).toContain(`@${meta}`);
    expect(ws.run('install', '--config', ws.config, ...args(ws.dir)).stderr).toMatch(/Already installed/);

    // Only the metadata changes (the entry names the same @file): still a replacement.
    const refused = ws.run('install', '--config', ws.config, ...args(ws.dir, '--client-name', 'Renamed'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/acme\.json already exists with different content.*--force/);
    const forced = ws.run('install', '--config', ws.config, ...args(ws.dir, '--client-name', 'Renamed', '--force'));
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(meta, 'utf8')).client_name).toBe('Renamed');
    expect(forced.stderr).toMatch(/was already right; the files it needs were brought up to date/);
    expect(forced.stderr).toMatch(/client metadata of "acme" changed.*delete .*\.mcp-auth/);
    expect(listing(path.dirname(meta)).filter((n) => n.endsWith('.bak'))).toHaveLength(1);
  });

  test('--entry-from places the @file that generate wrote beside the config', () => {
    const ws = workspace();
    const meta = path.join(ws.dir, 'target', 'acme.json');
    expect(ws.run('generate', 'desktop-config', '--server-name', 'acme', '--platform', PLATFORM, '--metadata-file', meta, '--out', 'out/claude_desktop_config.json').code).toBe(0);
    expect(existsSync(path.join(ws.dir, 'out', 'acme.json'))).toBe(true);
    const r = ws.run('install', '--entry-from', 'out/claude_desktop_config.json', '--config', ws.config);
    expect(r.code).toBe(0);
    expect(readFileSync(meta, 'utf8')).toBe(readFileSync(path.join(ws.dir, 'out', 'acme.json'), 'utf8'));
  });
});

describe('init --install', () => {
  test('init --yes --install writes the files and installs without asking; again, it is a no-op', () => {
    const ws = workspace();
    const r = ws.run('init', '--yes', '--install', '--config', ws.config, '--platform', PLATFORM);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.dir, 'mcpauth-out', 'deployment.json'))).toBe(true);
    expect(Object.keys(serversOf(ws.config))).toEqual(['curity-demo']);
    expect(r.stderr).toMatch(/Added the "curity-demo" entry/);
    expect(ws.run('init', '--yes', '--install', '--config', ws.config, '--platform', PLATFORM).stderr).toMatch(/Already installed/);
  });

  test('--yes asks nothing: a different entry of the same name needs --force', () => {
    const ws = workspace();
    mkdirSync(path.dirname(ws.config), { recursive: true });
    writeFileSync(ws.config, JSON.stringify({ mcpServers: { 'curity-demo': { command: 'uvx', args: ['mine'] } } }, null, 2));
    const refused = ws.run('init', '--yes', '--install', '--config', ws.config, '--platform', PLATFORM);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/different "curity-demo" entry.*--force.*this run asks nothing/);
    expect(serversOf(ws.config)['curity-demo'].command).toBe('uvx');
    expect(ws.run('init', '--yes', '--install', '--force', '--config', ws.config, '--platform', PLATFORM).code).toBe(0);
    expect(serversOf(ws.config)['curity-demo'].command).toBe('npx');
  });

  test('--config without --install is a usage error, before anything is written', () => {
    const ws = workspace();
    const r = ws.run('init', '--yes', '--config', ws.config);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--config belongs to --install/);
    expect(existsSync(path.join(ws.dir, 'mcpauth-out'))).toBe(false);
  });
});

test('install, uninstall and restore --help show examples', () => {
  for (const command of ['install', 'uninstall', 'restore']) expect(runCli([command, '--help']).stdout).toMatch(/Examples:/);
});
