/**
 * Issue 6: a write that fails at any step leaves the original config byte for byte, and a file
 * another program changed after mcpauth read it is never overwritten.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, runCli, tempDir } from './helpers/cli.js';
import { fakeEnv, hasScript, listing, runCliInTerminal } from './helpers/install-env.js';
import { applyPlan, planWrites } from '../src/fsx/write-plan.js';
import type { Artifact } from '../src/generators/artifact.js';

const PLATFORM = process.platform === 'darwin' ? 'darwin' : 'linux';
const ENTRY = ['--server-name', 'acme', '--server-url', 'https://mcp.acme.test/mcp', '--scope', 'acme/read', '--platform', PLATFORM];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** A valid config of exactly `size` bytes, with other servers to keep. */
function configOfSize(size: number): string {
  const base = { globalShortcut: 'Alt+Space', mcpServers: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`server-${i}`, { command: 'uvx', args: [`tool-${i}`] }])), padding: '' };
  const text = (value: object) => `${JSON.stringify(value, null, 2)}\n`;
  base.padding = 'p'.repeat(size - text(base).length);
  return text(base);
}

/** The CLI under a file-size limit of `kib` KiB (bash's `ulimit -f` counts 1024-byte blocks). */
function runLimited(kib: number, args: string[], cwd: string) {
  const r = spawnSync('bash', ['-c', `ulimit -f ${kib}; exec "$0" "$@"`, process.execPath, BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...fakeEnv(cwd) },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stderr: r.stderr };
}

describe('a write that fails midway', () => {
  test.each([
    ['while taking the backup', 4, /Could not back up .*file too large.*nothing was changed/],
    ['while writing the new content', 5, /Could not write .*file too large.*the previous content is unchanged/],
  ])('%s (ulimit -f %i): exit 3, the original intact, nothing left behind', (_when, kib, message) => {
    const dir = tempDir('mcpauth-fault-');
    const config = path.join(dir, 'claude_desktop_config.json');
    const original = configOfSize(5000); // the backup fits in 5 KiB, the merged file does not
    writeFileSync(config, original);
    const r = runLimited(kib, ['install', '--config', config, ...ENTRY], dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(config, 'utf8')).toBe(original);
    expect(listing(dir)).toEqual(['claude_desktop_config.json']); // no backup, temporary or lock file
    // Without the limit the same command works.
    expect(runCli(['install', '--config', config, ...ENTRY], { cwd: dir, env: fakeEnv(dir) }).code).toBe(0);
  });

  // Root ignores folder permissions: as root, run the CLI as user "nobody" (setpriv) instead.
  const asNobody = isRoot && spawnSync('setpriv', ['--version']).status === 0;
  (!isRoot || asNobody ? test : test.skip)('in a folder the user cannot write to (a file it may write)', () => {
    const dir = tempDir('mcpauth-fault-');
    const config = path.join(dir, 'claude_desktop_config.json');
    const original = configOfSize(3000);
    writeFileSync(config, original);
    chmodSync(config, 0o666);
    chmodSync(dir, 0o555);
    try {
      const command = asNobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [process.execPath];
      const r = spawnSync(command[0], [...command.slice(1), BIN, 'install', '--config', config, ...ENTRY], {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1', ...fakeEnv(dir) },
        encoding: 'utf8',
      });
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(/permission denied.*nothing was changed/);
      expect(readFileSync(config, 'utf8')).toBe(original);
      expect(listing(dir)).toEqual(['claude_desktop_config.json']);
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});

describe('write plan: checks between reading and renaming', () => {
  const artifact = (content: string, validate?: Artifact['validate']): Artifact => ({ name: 'c.json', title: 'config', content, validate, merge: () => content });

  test('a file changed after the plan was read is not overwritten', async () => {
    const dir = tempDir('mcpauth-plan-');
    const file = path.join(dir, 'c.json');
    writeFileSync(file, '{"a": 1}\n');
    const plan = await planWrites([artifact('{"a": 2}\n')], () => file);
    writeFileSync(file, '{"a": "changed by Claude Desktop"}\n');
    await expect(applyPlan(plan)).rejects.toThrow(/changed on disk while mcpauth was working; nothing was written/);
    expect(readFileSync(file, 'utf8')).toBe('{"a": "changed by Claude Desktop"}\n');
    expect(listing(dir)).toEqual(['c.json']);
  });

  test('content that fails validation when read back from the temporary file never replaces the original', async () => {
    const dir = tempDir('mcpauth-plan-');
    const file = path.join(dir, 'c.json');
    writeFileSync(file, '{"a": 1}\n');
    let calls = 0;
    const plan = await planWrites([artifact('{"a": 2}\n', () => (++calls >= 2 ? 'broken on the way' : undefined))], () => file);
    await expect(applyPlan(plan)).rejects.toThrow(/temporary copy is not valid \(broken on the way\).*previous content is unchanged/);
    expect(readFileSync(file, 'utf8')).toBe('{"a": 1}\n');
    expect(listing(dir)).toEqual(['c.json']);
  });

  test('a result that fails the check after the rename is replaced by the original again', async () => {
    const dir = tempDir('mcpauth-plan-');
    const file = path.join(dir, 'c.json');
    writeFileSync(file, '{"a": 1}\n');
    let calls = 0;
    const plan = await planWrites([artifact('{"a": 2}\n', () => (++calls >= 3 ? 'wrong after the rename' : undefined))], () => file);
    await expect(applyPlan(plan)).rejects.toThrow(/was written but wrong after the rename; the original content was put back/);
    expect(readFileSync(file, 'utf8')).toBe('{"a": 1}\n');
  });
});

(hasScript ? describe : describe.skip)('confirmation in a terminal (needs util-linux "script")', () => {
  function installed(): { dir: string; config: string } {
    const dir = tempDir('mcpauth-tty-');
    const config = path.join(dir, 'claude_desktop_config.json');
    expect(runCli(['install', '--config', config, ...ENTRY], { cwd: dir, env: fakeEnv(dir) }).code).toBe(0);
    return { dir, config };
  }
  const replace = (config: string) => ['install', '--config', config, ...ENTRY, '--client-name', 'Renamed'];

  test('"y" replaces the different entry, after showing the diff', async () => {
    const { dir, config } = installed();
    const r = await runCliInTerminal(replace(config), { cwd: dir, env: fakeEnv(dir), waitFor: 'Replace it?', then: () => 'y\r' });
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(/\+.*Renamed/);
    expect(readFileSync(config, 'utf8')).toMatch(/Renamed/);
  });

  test('"n" changes nothing and exits 1', async () => {
    const { dir, config } = installed();
    const before = readFileSync(config, 'utf8');
    const r = await runCliInTerminal(replace(config), { cwd: dir, env: fakeEnv(dir), waitFor: 'Replace it?', then: () => 'n\r' });
    expect(r.code).toBe(1);
    expect(readFileSync(config, 'utf8')).toBe(before);
  });

  test('a change made to the file while the question is open is kept, not overwritten', async () => {
    const { dir, config } = installed();
    const edited = readFileSync(config, 'utf8').replace('"mcpServers"', '"globalShortcut": "Alt+Space",\n  "mcpServers"');
    const r = await runCliInTerminal(replace(config), {
      cwd: dir,
      env: fakeEnv(dir),
      waitFor: 'Replace it?',
      then: () => {
        writeFileSync(config, edited); // as Claude Desktop might, while the user reads the diff
        return 'y\r';
      },
    });
    expect(r.code).toBe(1);
    expect(r.screen).toMatch(/changed on disk/);
    expect(readFileSync(config, 'utf8')).toBe(edited);
    expect(listing(dir).filter((n) => n.endsWith('.bak'))).toEqual([]);
  });
});
