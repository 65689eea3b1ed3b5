/** Issue 6: `mcpauth install` into a real Claude Desktop config, from the CLI, without losing a byte. */
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, tempDir, type RunResult } from './helpers/cli.js';
import { fakeEnv, listing, runCliAsync } from './helpers/install-env.js';

const FIXTURE = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'install', 'rich-config.json');
const PLATFORM = process.platform === 'darwin' ? 'darwin' : 'linux';
const ACME = ['--server-name', 'acme', '--server-url', 'https://mcp.acme.test/mcp', '--scope', 'acme/read', '--platform', PLATFORM];

interface Workspace {
  dir: string;
  config: string;
  run(...args: string[]): RunResult;
}

/** A temporary folder holding `config.json` (a copy of `source`, if given), with a faked environment. */
function workspace(source?: string): Workspace {
  const dir = tempDir('mcpauth-install-');
  const config = path.join(dir, 'config.json');
  if (source) copyFileSync(source, config);
  return { dir, config, run: (...args) => runCli(args, { cwd: dir, env: fakeEnv(dir) }) };
}

const read = (file: string) => readFileSync(file, 'utf8');
const parse = (file: string) => JSON.parse(read(file)) as Record<string, unknown>;
const servers = (file: string) => parse(file).mcpServers as Record<string, { command: string; args: string[]; env?: Record<string, string> }>;
/**
 * Backups, oldest first. Two taken within one second are named <stamp>.bak and <stamp>-1.bak, so
 * the order is the stamp and then the counter, not the names' sort order ("-" sorts before ".").
 */
const backupsIn = (dir: string) => {
  const key = (name: string) => {
    const [, stamp, n] = /(\d{8}T\d{6}Z)(?:-(\d+))?\.bak$/.exec(name) ?? ['', name, '0'];
    return `${stamp}-${(n ?? '0').padStart(6, '0')}`;
  };
  return listing(dir)
    .filter((n) => n.endsWith('.bak'))
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
};

describe('install into an existing config', () => {
  test('adds the entry and keeps every other key and server deep-equal, in order, with tab indentation and Unicode', () => {
    const ws = workspace(FIXTURE);
    chmodSync(ws.config, 0o640);
    const before = read(ws.config);
    const r = ws.run('install', '--config', ws.config, ...ACME);
    expect(r.code).toBe(0);
    const after = read(ws.config);
    const [old, now] = [JSON.parse(before), JSON.parse(after)];

    expect(Object.keys(now)).toEqual(Object.keys(old));
    for (const key of Object.keys(old).filter((k) => k !== 'mcpServers')) {
      expect(now[key]).toEqual(old[key]);
      expect(JSON.stringify(now[key])).toBe(JSON.stringify(old[key])); // same key order too
    }
    expect(Object.keys(now.mcpServers)).toEqual([...Object.keys(old.mcpServers), 'acme']);
    for (const name of Object.keys(old.mcpServers)) expect(JSON.stringify(now.mcpServers[name])).toBe(JSON.stringify(old.mcpServers[name]));
    expect(now.mcpServers.acme.args.slice(1, 3)).toEqual(['mcp-remote@0.15.1', 'https://mcp.acme.test/mcp']);

    // Byte level: the change is one insertion; everything before and after it is the original text.
    let common = 0;
    while (before[common] === after[common]) common++;
    expect(after.endsWith(before.slice(common))).toBe(true);
    // The new entry follows the file's tab indentation.
    expect(after).toMatch(/^\t\t"acme": \{\n\t\t\t"command": "npx",$/m);
    expect(after).not.toMatch(/^ +\S/m);

    // A timestamped backup beside the file holds the original bytes; the mode is kept.
    const backups = backupsIn(ws.dir);
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^config\.json\.\d{8}T\d{6}Z\.bak$/);
    expect(readFileSync(path.join(ws.dir, backups[0])).equals(readFileSync(FIXTURE))).toBe(true);
    expect(statSync(ws.config).mode & 0o777).toBe(0o640);

    // The user is told which file changed, to restart Claude Desktop, where the logs are, how to reset mcp-remote.
    expect(r.stderr).toContain(`Added the "acme" entry to ${ws.config}`);
    expect(r.stderr).toMatch(/Quit Claude Desktop fully/);
    expect(r.stderr).toMatch(/mcp-server-acme\.log/);
    expect(r.stderr).toMatch(/\.mcp-auth/);
    expect(r.stderr).toContain(`mcpauth restore ${path.join(ws.dir, backups[0])}`);
  });

  test('a second identical install changes nothing and says so', () => {
    const ws = workspace(FIXTURE);
    expect(ws.run('install', '--config', ws.config, ...ACME).code).toBe(0);
    const once = readFileSync(ws.config);
    const files = listing(ws.dir);
    const again = ws.run('install', '--config', ws.config, ...ACME);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/Already installed: the "acme" entry .* is identical; nothing was changed/);
    expect(readFileSync(ws.config).equals(once)).toBe(true);
    expect(listing(ws.dir)).toEqual(files); // no second backup
  });

  test('CRLF line endings and 4-space indentation are kept', () => {
    const ws = workspace();
    const original = '{\r\n    "mcpServers": {\r\n        "other": {\r\n            "command": "uvx"\r\n        }\r\n    }\r\n}\r\n';
    writeFileSync(ws.config, original);
    expect(ws.run('install', '--config', ws.config, ...ACME).code).toBe(0);
    const after = read(ws.config);
    expect(after.startsWith(original.slice(0, original.indexOf('        }') + 9))).toBe(true);
    expect(after).toMatch(/\r\n {8}"acme": \{\r\n {12}"command": "npx",\r\n/);
    expect(after.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  test('a one-line file stays on one line', () => {
    const ws = workspace();
    writeFileSync(ws.config, '{"mcpServers":{"other":{"command":"uvx"}},"globalShortcut":""}');
    expect(ws.run('install', '--config', ws.config, ...ACME).code).toBe(0);
    const after = read(ws.config);
    expect(after).not.toMatch(/\n/);
    expect(after.startsWith('{"mcpServers":{"other":{"command":"uvx"},"acme":{"command":"npx"')).toBe(true);
    expect(after.endsWith('}},"globalShortcut":""}')).toBe(true);
  });

  test('a config without mcpServers gets one, after its other keys', () => {
    const ws = workspace();
    writeFileSync(ws.config, '{\n  "preferences": {\n    "menuBarEnabled": false\n  }\n}\n');
    expect(ws.run('install', '--config', ws.config, ...ACME).code).toBe(0);
    expect(Object.keys(parse(ws.config))).toEqual(['preferences', 'mcpServers']);
    expect(read(ws.config).startsWith('{\n  "preferences": {\n    "menuBarEnabled": false\n  },\n  "mcpServers": {\n    "acme": {\n')).toBe(true);
  });
});

describe('install refuses a config it cannot read exactly as Claude Desktop does', () => {
  test.each([
    ['a comment', '{\n  "mcpServers": {\n    // my servers\n    "other": {"command": "uvx"}\n  }\n}\n', /line 3, column 5: comments are not allowed/],
    ['a trailing comma', '{\n  "mcpServers": {\n    "other": {"command": "uvx"},\n  },\n  "globalShortcut": ""\n}\n', /line 3, column 32: trailing comma/],
    ['truncated content', '{\n  "mcpServers": {\n    "other": {"command": "uv', /line 3, column 28: the file ends before the JSON does/],
    ['a byte-order mark', '\uFEFF{"mcpServers": {}}', /line 1, column 1: a byte-order mark/],
    ['two "mcpServers" keys', '{\n  "mcpServers": {},\n  "mcpServers": {"other": {"command": "uvx"}}\n}\n', /"mcpServers" appears twice, at line 2 and at line 3/],
    ['a top level that is not an object', '[]\n', /top level is not a JSON object/],
  ])('%s: exit 1 with the line, and the file and its folder untouched', (_what, content, message) => {
    const ws = workspace();
    writeFileSync(ws.config, content);
    const files = listing(ws.dir);
    const r = ws.run('install', '--config', ws.config, ...ACME);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Nothing was changed/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(read(ws.config)).toBe(content);
    expect(listing(ws.dir)).toEqual(files);
  });

  test('a file that is not valid UTF-8 is refused with its line (rewriting it would change bytes)', () => {
    const ws = workspace();
    const bytes = Buffer.concat([Buffer.from('{\n  "globalShortcut": "'), Buffer.from([0xff, 0xfe]), Buffer.from('",\n  "mcpServers": {}\n}\n')]);
    writeFileSync(ws.config, bytes);
    const r = ws.run('install', '--config', ws.config, ...ACME);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not valid UTF-8 text at line 2/);
    expect(readFileSync(ws.config).equals(bytes)).toBe(true);
  });
});

describe('install into a file that does not exist yet', () => {
  test('creates the folders (0700) and the file (0600), with no backup', () => {
    const ws = workspace();
    const config = path.join(ws.dir, 'new', 'Claude', 'claude_desktop_config.json');
    const r = ws.run('install', '--config', config, ...ACME);
    expect(r.code).toBe(0);
    expect(Object.keys(servers(config))).toEqual(['acme']);
    expect(read(config).endsWith('}\n')).toBe(true);
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(config)).mode & 0o777).toBe(0o700);
    expect(backupsIn(path.dirname(config))).toEqual([]);
    expect(listing(path.dirname(config))).toEqual(['claude_desktop_config.json']); // no lock or temporary file left
  });
});

describe('--dry-run', () => {
  test('prints a unified diff and writes nothing', () => {
    const ws = workspace(FIXTURE);
    const files = listing(ws.dir);
    const r = ws.run('install', '--config', ws.config, '--dry-run', ...ACME);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^--- a\/.*config\.json$/m);
    expect(r.stdout).toMatch(/^\+\+\+ b\/.*config\.json$/m);
    expect(r.stdout).toMatch(/^@@ /m);
    expect(r.stdout).toMatch(/^\+\t\t"acme": \{$/m);
    // An insertion only: no line of the file is taken out.
    expect(r.stdout).not.toMatch(/^-(?!--)/m);
    expect(r.stderr).toMatch(/Dry run: mcpauth would add the "acme" entry/);
    expect(readFileSync(ws.config).equals(readFileSync(FIXTURE))).toBe(true);
    expect(listing(ws.dir)).toEqual(files);
  });

  test("hides secret-looking values of the user's other servers in the diff it prints", () => {
    const ws = workspace();
    const original = '{\n  "mcpServers": {\n    "github": {\n      "command": "npx",\n      "args": ["--header", "Authorization: Bearer ghp-head-123"],\n      "env": {"GITHUB_TOKEN": "ghp-secret-123"}\n    }\n  }\n}\n';
    writeFileSync(ws.config, original);
    const r = ws.run('install', '--config', ws.config, '--dry-run', ...ACME);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/"GITHUB_TOKEN": "<redacted>"/);
    expect(r.stdout).toMatch(/Bearer <redacted>/);
    expect(r.stdout).not.toMatch(/ghp-/);
    expect(ws.run('install', '--config', ws.config, ...ACME).code).toBe(0);
    expect(read(ws.config)).toContain('"GITHUB_TOKEN": "ghp-secret-123"'); // only the display is redacted
  });

  test('for a config that does not exist, creates no folder', () => {
    const ws = workspace();
    const config = path.join(ws.dir, 'missing', 'claude_desktop_config.json');
    const r = ws.run('install', '--config', config, '--dry-run', ...ACME);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^--- \/dev\/null$/m);
    expect(existsSync(path.dirname(config))).toBe(false);
  });
});

describe('an existing entry with the same name', () => {
  test('without a terminal and without --force: exit 1, says why, changes nothing', () => {
    const ws = workspace(FIXTURE);
    expect(ws.run('install', '--config', ws.config, ...ACME).code).toBe(0);
    const installed = readFileSync(ws.config);
    const files = listing(ws.dir);
    const r = ws.run('install', '--config', ws.config, ...ACME, '--client-name', 'Renamed');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already has a different "acme" entry/);
    expect(r.stderr).toMatch(/--force/);
    expect(r.stderr).toMatch(/no terminal/);
    expect(readFileSync(ws.config).equals(installed)).toBe(true);
    expect(listing(ws.dir)).toEqual(files);
  });

  test('with --force: replaced in place (a backup kept), neighbours untouched, and the reset of ~/.mcp-auth explained', () => {
    const ws = workspace(FIXTURE);
    ws.run('install', '--config', ws.config, ...ACME);
    const installed = read(ws.config);
    const r = ws.run('install', '--config', ws.config, ...ACME, '--client-name', 'Renamed', '--force');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Replaced the "acme" entry/);
    expect(r.stderr).toMatch(/client metadata of "acme" changed.*delete .*\.mcp-auth/);
    const entry = servers(ws.config).acme;
    expect(JSON.parse(entry.args[entry.args.indexOf('--static-oauth-client-metadata') + 1]).client_name).toBe('Renamed');
    expect(Object.keys(servers(ws.config))).toEqual(['filesystem', 'weather', '1-numeric-first', 'acme']);
    const newest = backupsIn(ws.dir).pop() as string;
    expect(read(path.join(ws.dir, newest))).toBe(installed);
  });

  test('an entry that is deep-equal but laid out differently is left alone', () => {
    const ws = workspace();
    const first = ws.run('generate', 'desktop-config', ...ACME);
    const entry = JSON.parse(first.stdout).mcpServers.acme;
    const original = `{"mcpServers": {"acme": ${JSON.stringify({ env: entry.env, args: entry.args, command: entry.command })}}}`;
    writeFileSync(ws.config, original);
    const r = ws.run('install', '--config', ws.config, ...ACME);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Already installed/);
    expect(read(ws.config)).toBe(original);
  });
});

describe('uninstall', () => {
  test('removes only its entry; everything else stays deep-equal and in order', () => {
    const ws = workspace(FIXTURE);
    const r = ws.run('uninstall', 'weather', '--config', ws.config);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Removed the "weather" entry/);
    const [old, now] = [JSON.parse(read(FIXTURE)), parse(ws.config) as Record<string, Record<string, unknown>>];
    expect(Object.keys(now)).toEqual(Object.keys(old));
    expect(Object.keys(now.mcpServers)).toEqual(['filesystem', '1-numeric-first']);
    expect(now.mcpServers.filesystem).toEqual(old.mcpServers.filesystem);
    for (const key of ['globalShortcut', 'preferences', '_comment', 'features']) expect(JSON.stringify(now[key])).toBe(JSON.stringify(old[key]));
    expect(read(ws.config)).toBe(read(FIXTURE).replace(/\n\t\t"weather": .*,(?=\n)/, ''));
    expect(backupsIn(ws.dir)).toHaveLength(1);
  });

  test('install then uninstall gives back the original bytes', () => {
    const ws = workspace(FIXTURE);
    ws.run('install', '--config', ws.config, ...ACME);
    expect(ws.run('uninstall', 'acme', '--config', ws.config).code).toBe(0);
    expect(readFileSync(ws.config).equals(readFileSync(FIXTURE))).toBe(true);
  });

  test('a name that is not there: exit 0, nothing changed, the names that are there listed', () => {
    const ws = workspace(FIXTURE);
    const files = listing(ws.dir);
    const r = ws.run('uninstall', 'nope', '--config', ws.config);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/no "nope" entry .*filesystem, weather, 1-numeric-first/);
    expect(listing(ws.dir)).toEqual(files);
  });

  test('--dry-run shows the removal and writes nothing; a broken file is refused', () => {
    const ws = workspace(FIXTURE);
    const r = ws.run('uninstall', 'weather', '--config', ws.config, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^-\t\t"weather": /m);
    expect(readFileSync(ws.config).equals(readFileSync(FIXTURE))).toBe(true);
    writeFileSync(ws.config, '{"mcpServers": {"weather": {"command": "x"},}}');
    const broken = ws.run('uninstall', 'weather', '--config', ws.config);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/line 1, column 44: trailing comma/);
  });
});

describe('restore', () => {
  test('puts a backup back by the same safe write, keeping a backup of what it replaces', () => {
    const ws = workspace(FIXTURE);
    ws.run('install', '--config', ws.config, ...ACME);
    const installed = read(ws.config);
    const [backup] = backupsIn(ws.dir);
    const r = ws.run('restore', backup);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`(the file this backup was taken of)`);
    expect(r.stderr).toMatch(/Restored .*config\.json from/);
    expect(readFileSync(ws.config).equals(readFileSync(FIXTURE))).toBe(true);
    const backups = backupsIn(ws.dir);
    expect(backups).toHaveLength(2);
    expect(backups.map((b) => read(path.join(ws.dir, b)))).toContain(installed);
    // Restoring the same backup again is a no-op.
    expect(ws.run('restore', backup).stderr).toMatch(/already holds exactly/);
  });

  test('repairs a config that no longer parses, and lists backups newest first', () => {
    const ws = workspace(FIXTURE);
    ws.run('install', '--config', ws.config, ...ACME);
    ws.run('uninstall', 'acme', '--config', ws.config);
    const list = ws.run('restore', '--config', ws.config);
    expect(list.code).toBe(0);
    const listed = list.stdout.trim().split('\n').map((l) => path.basename(l.split('\t')[0]));
    expect(listed).toEqual([...backupsIn(ws.dir)].reverse());
    writeFileSync(ws.config, '{"mcpServers": {');
    const r = ws.run('restore', path.join(ws.dir, listed[listed.length - 1]));
    expect(r.code).toBe(0);
    expect(readFileSync(ws.config).equals(readFileSync(FIXTURE))).toBe(true);
  });

  test('refuses a backup that Claude Desktop could not read, and a missing one', () => {
    const ws = workspace(FIXTURE);
    const bad = path.join(ws.dir, 'config.json.20260101T000000Z.bak');
    writeFileSync(bad, '{"mcpServers": {},}');
    const r = ws.run('restore', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 1, column 18: trailing comma/);
    expect(readFileSync(ws.config).equals(readFileSync(FIXTURE))).toBe(true);
    expect(ws.run('restore', path.join(ws.dir, 'config.json.20260101T000001Z.bak')).code).toBe(2);
  });
});

describe('file-system details', () => {
  test('a symlinked config is written through to its target and stays a symlink', () => {
    const ws = workspace();
    mkdirSync(path.join(ws.dir, 'dotfiles'));
    const real = path.join(ws.dir, 'dotfiles', 'claude.json');
    copyFileSync(FIXTURE, real);
    symlinkSync('dotfiles/claude.json', ws.config);
    const r = ws.run('install', '--config', ws.config, ...ACME);
    expect(r.code).toBe(0);
    expect(lstatSync(ws.config).isSymbolicLink()).toBe(true);
    expect(readlinkSync(ws.config)).toBe('dotfiles/claude.json');
    expect(Object.keys(servers(real))).toContain('acme');
    expect(listing(path.join(ws.dir, 'dotfiles'))).toEqual(['claude.json']);
    // The backup sits beside the path the user named and holds the original bytes.
    const [backup] = backupsIn(ws.dir);
    expect(readFileSync(path.join(ws.dir, backup)).equals(readFileSync(FIXTURE))).toBe(true);
  });

  test('concurrent installs take turns: every entry ends up in the file', async () => {
    const ws = workspace(FIXTURE);
    const names = ['one', 'two', 'three', 'four', 'five'];
    const results = await Promise.all(
      names.map((name) => runCliAsync(['install', '--config', ws.config, '--server-name', name, '--platform', PLATFORM], { cwd: ws.dir, env: fakeEnv(ws.dir) })),
    );
    for (const r of results) expect(r.code).toBe(0);
    expect(Object.keys(servers(ws.config)).sort()).toEqual([...Object.keys(JSON.parse(read(FIXTURE)).mcpServers), ...names].sort());
    expect(listing(ws.dir).filter((n) => n.includes('lock') || n.endsWith('.tmp'))).toEqual([]);
  });

  test('waits for a lock held by a running mcpauth, and takes over one whose process is gone', async () => {
    const ws = workspace(FIXTURE);
    const lock = path.join(ws.dir, '.config.json.mcpauth-lock');
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
    const pending = runCliAsync(['install', '--config', ws.config, ...ACME], { cwd: ws.dir, env: fakeEnv(ws.dir) });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(Object.keys(servers(ws.config))).not.toContain('acme'); // still waiting
    writeFileSync(lock, ''); // (a moment of an empty lock must not break it either)
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { rmSync } = await import('node:fs');
    rmSync(lock);
    expect((await pending).code).toBe(0);
    expect(Object.keys(servers(ws.config))).toContain('acme');

    writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), since: new Date().toISOString() }));
    const r = ws.run('uninstall', 'acme', '--config', ws.config);
    expect(r.code).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });
});
