/** Paths that Claude Desktop or mcp-remote use as they are, on the target computer. */
import { isAbsoluteFor, pathProblem, type Platform } from '../deployment/platform.js';

const SYSTEM_NAMES: Record<Platform, string> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' };

/**
 * Why a path cannot be used literally on the target, or undefined. A path that is absolute for
 * another system says so, since the likely mistake is a missing --platform.
 */
export function targetPathProblem(file: string, platform: Platform): string | undefined {
  const problem = pathProblem(file);
  if (problem) return problem;
  if (isAbsoluteFor(platform, file)) return undefined;
  const base = `is not an absolute path on ${SYSTEM_NAMES[platform]}`;
  if (platform !== 'win32' && isAbsoluteFor('win32', file)) return `${base} (it is a Windows path: check with --platform win32 if the file is for Windows)`;
  if (platform === 'win32' && file.startsWith('/')) return `${base} (it is a macOS or Linux path: check with --platform darwin or linux if the file is for one)`;
  return base;
}
