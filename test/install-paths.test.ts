/** Issue 6: which Claude Desktop config install changes, from a faked environment, on every OS. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { claudeConfigLocation, type LocationProbe } from '../src/fsx/claude-paths.js';
import { runCli, tempDir } from './helpers/cli.js';
import { fakeEnv } from './helpers/install-env.js';

/** A fake disk: folder listings and the files that exist. */
function probe(listings: Record<string, string[]> = {}, files: string[] = []): LocationProbe {
  return { listDir: (dir) => listings[dir] ?? [], exists: (file) => files.includes(file) };
}

const WIN = { APPDATA: 'C:\\Users\\Zoë\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\Zoë\\AppData\\Local' };
const PACKAGES = 'C:\\Users\\Zoë\\AppData\\Local\\Packages';
const MSIX_FILE = (pkg: string) => `${PACKAGES}\\${pkg}\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json`;
const CLASSIC_FILE = 'C:\\Users\\Zoë\\AppData\\Roaming\\Claude\\claude_desktop_config.json';

describe('claudeConfigLocation', () => {
  test('macOS: under $HOME/Library/Application Support, logs under $HOME/Library/Logs', () => {
    const location = claudeConfigLocation('darwin', { HOME: '/Users/zoë' }, probe());
    expect(location.file).toBe('/Users/zoë/Library/Application Support/Claude/claude_desktop_config.json');
    expect(location.logsDir).toBe('/Users/zoë/Library/Logs/Claude');
    expect(location.alternatives).toEqual([]);
  });

  test('Linux: $HOME/.config, or $XDG_CONFIG_HOME when it is set and absolute', () => {
    expect(claudeConfigLocation('linux', { HOME: '/home/zoe' }, probe()).file).toBe('/home/zoe/.config/Claude/claude_desktop_config.json');
    const xdg = claudeConfigLocation('linux', { HOME: '/home/zoe', XDG_CONFIG_HOME: '/data/cfg' }, probe());
    expect(xdg.file).toBe('/data/cfg/Claude/claude_desktop_config.json');
    expect(xdg.reason).toMatch(/XDG_CONFIG_HOME is set/);
    expect(xdg.logsDir).toBe('/data/cfg/Claude/logs');
    // The XDG spec says a relative value is ignored.
    expect(claudeConfigLocation('linux', { HOME: '/home/zoe', XDG_CONFIG_HOME: 'cfg' }, probe()).file).toBe('/home/zoe/.config/Claude/claude_desktop_config.json');
  });

  test('Linux: a file left in ~/.config while XDG_CONFIG_HOME is set is named as not chosen', () => {
    const left = '/home/zoe/.config/Claude/claude_desktop_config.json';
    const location = claudeConfigLocation('linux', { HOME: '/home/zoe', XDG_CONFIG_HOME: '/data/cfg' }, probe({}, [left]));
    expect(location.alternatives).toEqual([{ file: left, why: expect.stringMatching(/XDG_CONFIG_HOME/) }]);
  });

  test('Windows without an MSIX package: the classic %APPDATA% location', () => {
    const location = claudeConfigLocation('win32', WIN, probe({ [PACKAGES]: ['Microsoft.WindowsTerminal_8wekyb3d8bbwe'] }));
    expect(location.file).toBe(CLASSIC_FILE);
    expect(location.kind).toBe('windows-classic');
    expect(location.reason).toMatch(/no MSIX package/);
    expect(location.logsDir).toBe('C:\\Users\\Zoë\\AppData\\Roaming\\Claude\\logs');
  });

  test('Windows with the MSIX package: the file inside its container, and the classic one named as not read', () => {
    const location = claudeConfigLocation('win32', WIN, probe({ [PACKAGES]: ['Microsoft.WindowsTerminal_8wekyb3d8bbwe', 'Claude_pzs8sxrjxfjjc'] }, [CLASSIC_FILE]));
    expect(location.file).toBe(MSIX_FILE('Claude_pzs8sxrjxfjjc'));
    expect(location.kind).toBe('windows-msix');
    expect(location.reason).toMatch(/MSIX package \(Claude_pzs8sxrjxfjjc\)/);
    expect(location.logsDir).toBe(`${PACKAGES}\\Claude_pzs8sxrjxfjjc\\LocalCache\\Roaming\\Claude\\logs`);
    expect(location.alternatives).toEqual([{ file: CLASSIC_FILE, why: expect.stringMatching(/does not read it/) }]);
  });

  test('Windows with two Claude packages: the one with a config file, else a usage error listing both', () => {
    const listing = { [PACKAGES]: ['Claude_aaa', 'Claude_pzs8sxrjxfjjc'] };
    const chosen = claudeConfigLocation('win32', WIN, probe(listing, [MSIX_FILE('Claude_pzs8sxrjxfjjc')]));
    expect(chosen.file).toBe(MSIX_FILE('Claude_pzs8sxrjxfjjc'));
    expect(chosen.reason).toMatch(/only Claude_pzs8sxrjxfjjc has a config file/);
    expect(chosen.alternatives.map((a) => a.file)).toEqual([MSIX_FILE('Claude_aaa')]);
    expect(() => claudeConfigLocation('win32', WIN, probe(listing))).toThrow(/found 2 Claude packages .*give --config with one of: .*Claude_aaa.*Claude_pzs8sxrjxfjjc/);
  });

  test('a missing variable is a usage error that names it and --config', () => {
    expect(() => claudeConfigLocation('darwin', {}, probe())).toThrow(/HOME is not set.*--config/);
    expect(() => claudeConfigLocation('linux', {}, probe())).toThrow(/HOME is not set/);
    expect(() => claudeConfigLocation('win32', { LOCALAPPDATA: WIN.LOCALAPPDATA }, probe())).toThrow(/APPDATA is not set/);
    // The MSIX location needs only LOCALAPPDATA.
    expect(claudeConfigLocation('win32', { LOCALAPPDATA: WIN.LOCALAPPDATA }, probe({ [PACKAGES]: ['Claude_x'] })).file).toBe(MSIX_FILE('Claude_x'));
  });
});

describe('install without --config, from the CLI', () => {
  const entry = ['--server-name', 'acme', '--server-url', 'https://mcp.acme.test/mcp', '--scope', 'acme/read'];

  test('Windows: a real LOCALAPPDATA/Packages/Claude_* folder wins over APPDATA, and the output says why', () => {
    const root = tempDir('mcpauth-paths-');
    const env = fakeEnv(root);
    const container = path.join(env.LOCALAPPDATA as string, 'Packages', 'Claude_pzs8sxrjxfjjc');
    mkdirSync(container, { recursive: true });
    const classic = path.join(env.APPDATA as string, 'Claude', 'claude_desktop_config.json');
    mkdirSync(path.dirname(classic), { recursive: true });
    writeFileSync(classic, '{"mcpServers": {}}\n');

    const r = runCli(['install', '--platform', 'win32', ...entry], { cwd: root, env });
    expect(r.code).toBe(0);
    const msixFile = path.join(container, 'LocalCache', 'Roaming', 'Claude', 'claude_desktop_config.json');
    expect(Object.keys(JSON.parse(readFileSync(msixFile, 'utf8')).mcpServers)).toEqual(['acme']);
    expect(readFileSync(classic, 'utf8')).toBe('{"mcpServers": {}}\n');
    expect(r.stderr).toContain(`Claude Desktop config: ${msixFile}`);
    expect(r.stderr).toMatch(/chosen because Claude Desktop is installed as an MSIX package \(Claude_pzs8sxrjxfjjc\)/);
    expect(r.stderr).toContain(`not chosen: ${classic}`);
    expect(r.stderr).toContain(path.join(container, 'LocalCache', 'Roaming', 'Claude', 'logs', 'mcp-server-acme.log'));
    // The Windows entry reads its metadata from an @file this Linux/macOS computer cannot place: say so.
    expect(r.stderr).toMatch(/client metadata from C:\\ProgramData\\mcpauth\\acme\.client-metadata\.json .* did not write it/);

    // uninstall finds the same file.
    expect(runCli(['uninstall', 'acme', '--platform', 'win32'], { cwd: root, env }).code).toBe(0);
    expect(JSON.parse(readFileSync(msixFile, 'utf8')).mcpServers).toEqual({});
  });

  test('Windows without a Claude package: %APPDATA%\\Claude', () => {
    const root = tempDir('mcpauth-paths-');
    const env = fakeEnv(root);
    mkdirSync(path.join(env.LOCALAPPDATA as string, 'Packages', 'Microsoft.Other_123'), { recursive: true });
    const r = runCli(['install', '--platform', 'win32', ...entry], { cwd: root, env });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(env.APPDATA as string, 'Claude', 'claude_desktop_config.json'))).toBe(true);
    expect(r.stderr).toMatch(/no MSIX package of Claude Desktop/);
  });

  test.each([
    ['darwin', {}, ['home', 'Library', 'Application Support', 'Claude']],
    ['linux', {}, ['home', '.config', 'Claude']],
    ['linux', { XDG_CONFIG_HOME: 'XDG' }, ['XDG', 'Claude']],
  ])('%s %j', (platform, extra: Record<string, string>, parts) => {
    const root = tempDir('mcpauth-paths-');
    const env = fakeEnv(root, Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, path.join(root, v)])));
    const r = runCli(['install', '--platform', platform, ...entry], { cwd: root, env });
    expect(r.code).toBe(0);
    const file = path.join(root, ...parts, 'claude_desktop_config.json');
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).mcpServers)).toEqual(['acme']);
    expect(r.stderr).toContain(`Claude Desktop config: ${file}`);
  });

  test('without HOME: exit 2, naming HOME and --config, nothing written', () => {
    const root = tempDir('mcpauth-paths-');
    const r = runCli(['install', '--platform', 'linux', ...entry], { cwd: root, env: fakeEnv(root, { HOME: '' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/HOME is not set.*--config/);
  });
});
