/**
 * Where Claude Desktop reads its config on each OS (reference/claude-desktop-and-mcp-remote.md §2, P2):
 * macOS $HOME/Library/Application Support/Claude; Windows the MSIX container
 * %LOCALAPPDATA%\Packages\Claude_*\LocalCache\Roaming\Claude when present, else %APPDATA%\Claude;
 * Linux $XDG_CONFIG_HOME/Claude or $HOME/.config/Claude.
 * It reads only the environment and the probe it is given, so every OS can be tested anywhere:
 * paths are joined in the style of the variable they start from (C:\… or /…).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Platform } from '../deployment/platform.js';
import { UsageError } from '../errors.js';

export const CONFIG_FILE_NAME = 'claude_desktop_config.json';

export type LocationKind = 'macos' | 'linux' | 'windows-msix' | 'windows-classic';

export interface ConfigLocation {
  file: string;
  kind: LocationKind;
  /** Why this file, in a sentence the user reads. */
  reason: string;
  /** Files that were considered and not chosen, each with the reason. */
  alternatives: { file: string; why: string }[];
  /** Where Claude Desktop writes mcp.log and mcp-server-<name>.log. */
  logsDir: string;
}

/** What the resolution may look at on disk; tests pass a fake. */
export interface LocationProbe {
  listDir(dir: string): string[];
  exists(file: string): boolean;
}

export const diskProbe: LocationProbe = {
  listDir: (dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
  exists: (file) => existsSync(file),
};

/** Throws UsageError when the environment lacks what the platform needs, or the choice is ambiguous. */
export function claudeConfigLocation(platform: Platform, env: NodeJS.ProcessEnv, probe: LocationProbe = diskProbe): ConfigLocation {
  if (platform === 'darwin') {
    const home = required(env, 'HOME', platform);
    return {
      file: joinLike(home, 'Library', 'Application Support', 'Claude', CONFIG_FILE_NAME),
      kind: 'macos',
      reason: 'the macOS location, under $HOME/Library/Application Support',
      alternatives: [],
      logsDir: joinLike(home, 'Library', 'Logs', 'Claude'),
    };
  }
  if (platform === 'linux') return linuxLocation(env, probe);
  return windowsLocation(env, probe);
}

function linuxLocation(env: NodeJS.ProcessEnv, probe: LocationProbe): ConfigLocation {
  // The XDG spec says a relative XDG_CONFIG_HOME is to be ignored.
  const xdg = env.XDG_CONFIG_HOME && isAbsoluteLike(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : undefined;
  const home = xdg ? env.HOME : required(env, 'HOME', 'linux');
  const homeFile = home ? joinLike(home, '.config', 'Claude', CONFIG_FILE_NAME) : undefined;
  if (xdg) {
    const file = joinLike(xdg, 'Claude', CONFIG_FILE_NAME);
    const alternatives =
      homeFile && homeFile !== file && probe.exists(homeFile)
        ? [{ file: homeFile, why: 'exists, but Claude Desktop (an Electron app) reads $XDG_CONFIG_HOME when it is set' }]
        : [];
    return { file, kind: 'linux', reason: 'XDG_CONFIG_HOME is set, and Claude Desktop keeps its config under it', alternatives, logsDir: joinLike(xdg, 'Claude', 'logs') };
  }
  return {
    file: homeFile as string,
    kind: 'linux',
    reason: 'the Linux location, $HOME/.config (XDG_CONFIG_HOME is not set)',
    alternatives: [],
    logsDir: joinLike(home as string, '.config', 'Claude', 'logs'),
  };
}

function windowsLocation(env: NodeJS.ProcessEnv, probe: LocationProbe): ConfigLocation {
  const classicDir = env.APPDATA ? joinLike(env.APPDATA, 'Claude') : undefined;
  const classic = classicDir ? joinLike(classicDir, CONFIG_FILE_NAME) : undefined;
  const packages = env.LOCALAPPDATA ? joinLike(env.LOCALAPPDATA, 'Packages') : undefined;
  const containers = packages ? probe.listDir(packages).filter((d) => /^Claude_/i.test(d)).sort() : [];
  const msix = containers.map((container) => {
    const dir = joinLike(packages as string, container, 'LocalCache', 'Roaming', 'Claude');
    return { container, dir, file: joinLike(dir, CONFIG_FILE_NAME) };
  });

  if (msix.length > 0) {
    let chosen = msix[0];
    let reason = `Claude Desktop is installed as an MSIX package (${chosen.container}), which reads its config inside the package container, not in %APPDATA%`;
    if (msix.length > 1) {
      const withConfig = msix.filter((m) => probe.exists(m.file));
      if (withConfig.length !== 1) {
        throw new UsageError(
          `found ${msix.length} Claude packages under ${packages} (${containers.join(', ')}) and cannot tell which one Claude Desktop uses; ` +
            `give --config with one of: ${msix.map((m) => m.file).join(' ; ')}`,
        );
      }
      chosen = withConfig[0];
      reason = `Claude Desktop is installed as an MSIX package; of ${msix.length} Claude packages only ${chosen.container} has a config file`;
    }
    const alternatives = msix.filter((m) => m !== chosen).map((m) => ({ file: m.file, why: 'another Claude package, without a config file' }));
    if (classic && probe.exists(classic)) alternatives.push({ file: classic, why: 'exists, but the MSIX app does not read it (a leftover of the classic installer?)' });
    return { file: chosen.file, kind: 'windows-msix', reason, alternatives, logsDir: joinLike(chosen.dir, 'logs') };
  }
  if (!classic || !classicDir) {
    throw new UsageError(`APPDATA is not set, so the Windows location of the Claude Desktop config is unknown; give --config PATH`);
  }
  return {
    file: classic,
    kind: 'windows-classic',
    reason: env.LOCALAPPDATA
      ? 'no MSIX package of Claude Desktop under %LOCALAPPDATA%\\Packages, so the classic location under %APPDATA%'
      : 'the classic location under %APPDATA% (LOCALAPPDATA is not set, so no MSIX package was looked for)',
    alternatives: [],
    logsDir: joinLike(classicDir, 'logs'),
  };
}

function required(env: NodeJS.ProcessEnv, name: string, platform: Platform): string {
  const value = env[name];
  if (!value) throw new UsageError(`${name} is not set, so the ${platform} location of the Claude Desktop config is unknown; give --config PATH`);
  return value;
}

const WINDOWS_ABSOLUTE = /^(?:[A-Za-z]:[\\/]|\\\\)/;

function isAbsoluteLike(p: string): boolean {
  return WINDOWS_ABSOLUTE.test(p) || p.startsWith('/');
}

/** Joins in the style of `base`: a `C:\…` value is a Windows path even when this computer is not Windows. */
export function joinLike(base: string, ...parts: string[]): string {
  return (WINDOWS_ABSOLUTE.test(base) ? path.win32 : path.posix).join(base, ...parts);
}
