/**
 * Starts a Claude Desktop entry the way Claude Desktop does: `command` with `args`, the entry's
 * `env` over a small base environment, no shell. mcp-remote runs under npx → sh → node, so the
 * entry gets its own process group and the whole group is killed at the end (TESTING-NOTES.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';

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

export function launchEntry(entry: DesktopEntry, options: { cwd: string; stateDir: string }): LaunchedEntry {
  let stderr = '';
  const child = spawn(entry.command, entry.args, {
    cwd: options.cwd,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
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
