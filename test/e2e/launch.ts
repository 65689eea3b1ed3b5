/**
 * Starts a Claude Desktop entry the way Claude Desktop does: `command` with `args`, the entry's
 * `env` over a small base environment, no shell. mcp-remote runs under npx → sh → node, so the
 * entry gets its own process group and the whole group is killed at the end (TESTING-NOTES.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface DesktopEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export interface LaunchedEntry {
  child: ChildProcess;
  stderr(): string;
  /** Calls `listener` with every line the entry writes to stdout (its MCP messages). */
  onStdoutLine(listener: (line: string) => void): void;
  stop(): void;
}

/**
 * A folder of browser openers that do nothing, put first on PATH: mcp-remote opens the
 * authorization URL with the `open` package (macOS `open`, Linux xdg-open, which honours BROWSER)
 * and then tries Linux fallbacks. The test plays the browser itself; no real one may start on a
 * developer's desktop.
 */
function noBrowserShims(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpauth-no-browser-'));
  for (const name of ['open', 'xdg-open', 'gio', 'x-www-browser', 'sensible-browser']) {
    writeFileSync(path.join(dir, name), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(dir, name), 0o755);
  }
  return dir;
}

export function launchEntry(entry: DesktopEntry, options: { cwd: string; stateDir: string }): LaunchedEntry {
  let stderr = '';
  const shims = noBrowserShims();
  const child = spawn(entry.command, entry.args, {
    cwd: options.cwd,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      PATH: `${shims}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? '',
      // Keep mcp-remote's state out of ~/.mcp-auth and never open a real browser.
      MCP_REMOTE_CONFIG_DIR: options.stateDir,
      BROWSER: 'true',
      npm_config_yes: 'true',
      npm_config_offline: 'true',
      ...entry.env,
    },
  });
  const listeners: ((line: string) => void)[] = [];
  let pending = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) listeners.forEach((l) => l(line));
  });
  return {
    child,
    stderr: () => stderr,
    onStdoutLine: (listener) => listeners.push(listener),
    stop: () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      rmSync(shims, { recursive: true, force: true });
    },
  };
}

export async function waitFor(condition: () => boolean, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return condition();
}
