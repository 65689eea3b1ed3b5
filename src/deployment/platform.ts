/**
 * Facts about the computer a generated file is for (the "target"), which may not be this one.
 * Path rules follow reference/claude-desktop-and-mcp-remote.md §1.5, §5 (MR016, MR024, MR026).
 */
import path from 'node:path';

export const PLATFORMS = ['darwin', 'win32', 'linux'] as const;
export type Platform = (typeof PLATFORMS)[number];

export function thisPlatform(): Platform {
  const p = process.platform;
  return p === 'darwin' || p === 'win32' ? p : 'linux';
}

export function isThisComputer(target: Platform): boolean {
  return target === thisPlatform();
}

export function pathApi(target: Platform): path.PlatformPath {
  return target === 'win32' ? path.win32 : path.posix;
}

/** `C:\…` or `\\server\share\…` on Windows; `/…` elsewhere. Drive-relative `\foo` does not count. */
export function isAbsoluteFor(target: Platform, p: string): boolean {
  if (target === 'win32') return /^[A-Za-z]:[\\/]/.test(p) || /^\\\\[^\\]+\\[^\\]+/.test(p);
  return p.startsWith('/');
}

/**
 * Why a path cannot be used literally by Claude Desktop (which expands nothing) or
 * still holds a placeholder from a README. Returns undefined when the path is fine.
 */
export function pathProblem(p: string): string | undefined {
  if (p.trim() === '') return 'is empty';
  if (/^~(?=$|[\\/])/.test(p)) return 'starts with "~", which Claude Desktop does not expand';
  if (/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/.test(p)) return 'holds an environment variable ($NAME), which Claude Desktop does not expand';
  if (/%[A-Za-z_][A-Za-z0-9_]*%/.test(p)) return 'holds a Windows variable (%NAME%), which Claude Desktop does not expand';
  if (/<[^>]*>/.test(p)) return 'holds a <placeholder>';
  if (/MYUSER|YOUR_|YOUR-|\bUSERNAME\b/.test(p)) return 'holds a placeholder user name (MYUSER, YOUR_…); use the real path';
  return undefined;
}

/**
 * Claude Desktop runs `npx` on Windows as `cmd.exe /C npx.cmd …`; an argument holding any of these
 * characters is re-quoted or interpreted by cmd.exe and breaks the command line (P1, P15).
 */
const WINDOWS_UNSAFE = /[\s"&|<>^%]/;

export function windowsUnsafeCharacter(arg: string): string | undefined {
  const m = WINDOWS_UNSAFE.exec(arg);
  if (!m) return undefined;
  return /\s/.test(m[0]) ? 'whitespace' : `"${m[0]}"`;
}
