/**
 * Where Claude Desktop reads its config on each OS (reference/claude-desktop-and-mcp-remote.md §2, P2):
 * macOS ~/Library/Application Support/Claude; Windows the MSIX container
 * %LOCALAPPDATA%\Packages\Claude_*\LocalCache\Roaming\Claude when present, else %APPDATA%\Claude;
 * Linux $XDG_CONFIG_HOME/Claude or ~/.config/Claude. Reads only the environment it is given.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Platform } from '../deployment/platform.js';

export interface ConfigLocation {
  file: string;
  /** Why this file: shown to the user when there was a choice. */
  reason: string;
  /** Other files that were considered. */
  alternatives: string[];
}

export function claudeConfigLocation(platform: Platform, env: NodeJS.ProcessEnv, listDir = safeListDir): ConfigLocation {
  const name = 'claude_desktop_config.json';
  if (platform === 'darwin') {
    return { file: path.posix.join(env.HOME ?? '~', 'Library', 'Application Support', 'Claude', name), reason: 'the macOS location', alternatives: [] };
  }
  if (platform === 'linux') {
    const base = env.XDG_CONFIG_HOME || path.posix.join(env.HOME ?? '~', '.config');
    return { file: path.posix.join(base, 'Claude', name), reason: env.XDG_CONFIG_HOME ? 'XDG_CONFIG_HOME is set' : 'the Linux location (~/.config)', alternatives: [] };
  }
  const w = path.win32;
  const classic = w.join(env.APPDATA ?? w.join(env.USERPROFILE ?? 'C:\\Users\\Default', 'AppData', 'Roaming'), 'Claude', name);
  const packages = env.LOCALAPPDATA ? w.join(env.LOCALAPPDATA, 'Packages') : undefined;
  const containers = packages ? listDir(packages).filter((d) => /^Claude_/i.test(d)).sort() : [];
  if (containers.length > 0 && packages) {
    const msix = containers.map((c) => w.join(packages, c, 'LocalCache', 'Roaming', 'Claude', name));
    return {
      file: msix[0],
      reason: 'Claude Desktop is installed as an MSIX package, which reads its config inside the package container',
      alternatives: [...msix.slice(1), classic],
    };
  }
  return { file: classic, reason: 'no MSIX package of Claude Desktop was found, so the classic %APPDATA% location', alternatives: [] };
}

function safeListDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
