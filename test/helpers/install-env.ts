/**
 * For install tests: an environment whose HOME, APPDATA, LOCALAPPDATA and XDG_CONFIG_HOME point
 * into a temporary folder (so no test can touch a real Claude Desktop config), and the CLI run
 * asynchronously (for concurrent runs) or inside a real terminal (for confirmations).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { BIN, REPO_ROOT, type RunResult } from './cli.js';

export function fakeEnv(root: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    HOME: path.join(root, 'home'),
    USERPROFILE: path.join(root, 'home'),
    XDG_CONFIG_HOME: '',
    APPDATA: path.join(root, 'AppData', 'Roaming'),
    LOCALAPPDATA: path.join(root, 'AppData', 'Local'),
    CI: '',
    ...extra,
  };
}

export function runCliAsync(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export const hasScript = spawnSync('script', ['--version']).status === 0;

/**
 * Runs the CLI in a pseudo-terminal (util-linux `script`); when the screen shows `waitFor`,
 * calls `then` and types its answer. Resolves with everything the terminal showed.
 */
export function runCliInTerminal(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; waitFor: string; then: () => string }): Promise<{ code: number; screen: string }> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let screen = '';
    let answered = false;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no "${options.waitFor}" on the terminal; it showed:\n${screen}`));
    }, 20_000);
    child.stdout.on('data', (d) => {
      screen += d;
      if (!answered && screen.includes(options.waitFor)) {
        answered = true;
        child.stdin.write(options.then());
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, screen });
    });
  });
}

/** Every name in a folder, for "nothing else was created" checks. */
export function listing(dir: string): string[] {
  return readdirSync(dir).sort();
}

export { REPO_ROOT };
