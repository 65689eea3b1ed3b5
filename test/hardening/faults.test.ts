/**
 * Issue 11: init and generate --out under faults while writing (test/install-faults.test.ts covers
 * install). A size limit (ulimit -f) or a full disk in the middle of the files, a folder that
 * cannot be written (as user "nobody": root ignores permissions), a file another program writes
 * while mcpauth works: in every case every original survives byte for byte, no temporary file or
 * backup is left, and the message says what happened. Several files are written all or none.
 * A symbolic link is written through and stays a link.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';
import { STACK_TRACE } from '../helpers/hostile.js';

const FAULTS = path.join(REPO_ROOT, 'test', 'helpers', 'fault-injection.mjs');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const asNobodyWorks = isRoot && spawnSync('setpriv', ['--version']).status === 0;
const BASE = ['--platform', 'darwin', '--registration', 'static'];
/** Answers that change most files of a first `init` (the URL is in the entry, the audiences, the policy). */
const OTHER = ['--server-url', 'https://other.example/mcp'];

interface Options {
  /** bash's ulimit -f, in KiB */
  fileSizeKiB?: number;
  /** see fault-injection.mjs */
  fault?: string;
  nobody?: boolean;
}

function run(args: string[], cwd: string, options: Options = {}) {
  const node = [process.execPath, ...(options.fault ? ['--import', FAULTS] : []), BIN, ...args];
  const command = options.nobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...node] : node;
  const env = { ...process.env, NO_COLOR: '1', HOME: cwd, MCPAUTH_TEST_FAULT: options.fault ?? '' };
  const r =
    options.fileSizeKiB === undefined
      ? spawnSync(command[0], command.slice(1), { cwd, env, encoding: 'utf8' })
      : spawnSync('bash', ['-c', `ulimit -f ${options.fileSizeKiB}; exec "$@"`, 'bash', ...command], { cwd, env, encoding: 'utf8' });
  expect(r.stderr).not.toMatch(STACK_TRACE);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Every entry under `dir` (dot files too) with its bytes, or where its link points. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const full = path.join(current, name);
      const stat = lstatSync(full);
      const key = path.relative(dir, full);
      if (stat.isSymbolicLink()) out[key] = `-> ${readlinkSync(full)}`;
      else if (stat.isDirectory()) {
        out[`${key}/`] = '';
        walk(full);
      } else out[key] = readFileSync(full, 'latin1');
    }
  };
  walk(dir);
  return out;
}

/** A folder with the files of a first `init` in out/. */
function initialised(): { dir: string; out: string; before: Record<string, string> } {
  const dir = tempDir('mcpauth-faults-');
  expect(runCli(['init', '--yes', '--out-dir', 'out', ...BASE], { cwd: dir }).code).toBe(0);
  return { dir, out: path.join(dir, 'out'), before: snapshot(dir) };
}

describe('a size limit or a full disk while writing', () => {
  test('init over earlier files: the procedure does not fit, so no file changes, and nothing is left behind', () => {
    const { dir, before } = initialised();
    // 8 KiB: the small files fit, the 10 KiB procedure (or its backup) does not.
    const r = run(['init', '--yes', '--out-dir', 'out', ...BASE, ...OTHER], dir, { fileSizeKiB: 8 });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/mcpauth: Could not (back up|write) .*mcp-client-registration-policy\.js: file too large \(a file-size limit was reached\); .*no other file was written \(/);
    expect(r.stderr).not.toMatch(/updated|created/);
    expect(snapshot(dir)).toEqual(before);
  });

  test('init into a new folder: nothing is created at all', () => {
    const dir = tempDir('mcpauth-faults-');
    const r = run(['init', '--yes', '--out-dir', 'fresh/out', ...BASE], dir, { fileSizeKiB: 8 });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Could not write .*mcp-client-registration-policy\.js: file too large/);
    expect(snapshot(dir)).toEqual({});
  });

  test('generate --out into an existing config: the merged file does not fit; the config is unchanged', () => {
    const dir = tempDir('mcpauth-faults-');
    const config = path.join(dir, 'claude_desktop_config.json');
    const servers = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`server-${i}`, { command: 'uvx', args: [`tool-${i}`] }]));
    const value = { mcpServers: servers, padding: '' };
    value.padding = 'p'.repeat(3900 - `${JSON.stringify(value, null, 2)}\n`.length);
    writeFileSync(config, `${JSON.stringify(value, null, 2)}\n`);
    const before = snapshot(dir);
    expect(Buffer.byteLength(before['claude_desktop_config.json'])).toBeLessThan(4096); // the backup fits in 4 KiB, the merged file does not
    const r = run(['generate', 'desktop-config', '--out', 'claude_desktop_config.json', ...BASE], dir, { fileSizeKiB: 4 });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^mcpauth: Could not write .*claude_desktop_config\.json: file too large \(a file-size limit was reached\); the previous content is unchanged$/m);
    expect(snapshot(dir)).toEqual(before);
  });

  test('a full disk (ENOSPC) in the middle of init: no file changes', () => {
    const { dir, before } = initialised();
    const r = run(['init', '--yes', '--out-dir', 'out', ...BASE, ...OTHER], dir, { fault: 'enospc:deployment.json' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Could not write .*deployment\.json: no space left on the device; the previous content is unchanged, and no other file was written/);
    expect(snapshot(dir)).toEqual(before);
  });
});

(isRoot && !asNobodyWorks ? describe.skip : describe)('a folder the user cannot write to (as "nobody" when run as root)', () => {
  /** The folder and its files as a user other than their owner finds them: readable, the files writable, the folder not. */
  function readOnly(folder: string, top: string) {
    chmodSync(top, 0o755);
    for (const name of readdirSync(folder)) chmodSync(path.join(folder, name), 0o666);
    chmodSync(folder, 0o555);
  }

  test('init and generate --out: exit 3, "permission denied", every file as it was', () => {
    const { dir, out } = initialised();
    readOnly(out, dir);
    const before = snapshot(dir);
    try {
      const nobody = { nobody: isRoot };
      const init = run(['init', '--yes', '--out-dir', 'out', ...BASE, ...OTHER], dir, nobody);
      expect(init.code).toBe(3);
      expect(init.stderr).toMatch(/^mcpauth: Could not (back up|write) .*out\/claude_desktop_config\.json: permission denied; .*no other file was written/m);
      const generate = run(['generate', 'static-client', '--out', 'out/curity-static-client.xml', ...BASE, ...OTHER], dir, nobody);
      expect(generate.code).toBe(3);
      expect(generate.stderr).toMatch(/^mcpauth: Could not (back up|write) .*curity-static-client\.xml: permission denied/m);
      expect(snapshot(dir)).toEqual(before);
    } finally {
      chmodSync(out, 0o755);
    }
  });
});

describe('a file another program writes while mcpauth works', () => {
  test('init: the change is kept, not overwritten, and no other file is written either', () => {
    const { dir, out, before } = initialised();
    const r = run(['init', '--yes', '--out-dir', 'out', ...BASE, ...OTHER], dir, { fault: 'change:dcr-policy.json' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^mcpauth: .*out\/dcr-policy\.json changed on disk while mcpauth was working; nothing was written to it, run the command again, and no other file was written/m);
    const changed = readFileSync(path.join(out, 'dcr-policy.json'), 'latin1');
    expect(changed).toBe(`${before['out/dcr-policy.json']}\n/* written by another program while mcpauth was working */\n`);
    expect(snapshot(dir)).toEqual({ ...before, 'out/dcr-policy.json': changed });
  });

  test('generate --out: an edited file is kept, and so is a file created meanwhile', () => {
    const dir = tempDir('mcpauth-faults-');
    writeFileSync(path.join(dir, 'claude_desktop_config.json'), '{\n  "mcpServers": {}\n}\n');
    const edited = run(['generate', 'desktop-config', '--out', 'claude_desktop_config.json', ...BASE], dir, { fault: 'change:claude_desktop_config.json' });
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/claude_desktop_config\.json changed on disk while mcpauth was working; nothing was written to it/);
    expect(readFileSync(path.join(dir, 'claude_desktop_config.json'), 'utf8')).toBe('{\n  "mcpServers": {}\n}\n\n/* written by another program while mcpauth was working */\n');
    const created = run(['generate', 'dcr-policy', '--out-dir', 'dcr', ...BASE], dir, { fault: 'change:dcr-policy.json' });
    expect(created.code).toBe(1);
    expect(readFileSync(path.join(dir, 'dcr', 'dcr-policy.json'), 'utf8')).toBe('\n/* written by another program while mcpauth was working */\n');
    expect(readdirSync(path.join(dir, 'dcr'))).toEqual(['dcr-policy.json']);
  });
});

describe('symbolic links (dotfiles)', () => {
  test('generate --out and init write through a link to its target and keep the link, also a link to a file not there yet', () => {
    const dir = tempDir('mcpauth-faults-');
    mkdirSync(path.join(dir, 'dotfiles'));
    writeFileSync(path.join(dir, 'dotfiles', 'claude.json'), '{\n  "mcpServers": {\n    "other": {"command": "uvx"}\n  }\n}\n');
    symlinkSync('dotfiles/claude.json', path.join(dir, 'claude_desktop_config.json'));
    expect(run(['generate', 'desktop-config', '--out', 'claude_desktop_config.json', ...BASE], dir).code).toBe(0);
    expect(readlinkSync(path.join(dir, 'claude_desktop_config.json'))).toBe('dotfiles/claude.json');
    expect(Object.keys(JSON.parse(readFileSync(path.join(dir, 'dotfiles', 'claude.json'), 'utf8')).mcpServers)).toEqual(['other', 'curity-demo']);

    mkdirSync(path.join(dir, 'out'));
    symlinkSync('../dotfiles/deployment.json', path.join(dir, 'out', 'deployment.json')); // dangling until init writes it
    expect(run(['init', '--yes', '--out-dir', 'out', ...BASE], dir).code).toBe(0);
    expect(readlinkSync(path.join(dir, 'out', 'deployment.json'))).toBe('../dotfiles/deployment.json');
    expect(JSON.parse(readFileSync(path.join(dir, 'dotfiles', 'deployment.json'), 'utf8')).kind).toBe('mcpauth/deployment');
    expect(run(['init', '--yes', '--out-dir', 'out', ...BASE, ...OTHER], dir).code).toBe(0);
    expect(lstatSync(path.join(dir, 'out', 'deployment.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'dotfiles', 'deployment.json'), 'utf8')).server.url).toBe('https://other.example/mcp');
  });
});
