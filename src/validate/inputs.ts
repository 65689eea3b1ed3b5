/**
 * What to check, from the command line: files, folders (walked recursively for .json and .xml
 * files, without node_modules and dot-folders), globs, and "-" for standard input. A file named on the command line is always
 * checked; a file found in a folder or by a glob is checked only when its type is recognised.
 */
import { promises as fs, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

export type Input =
  | { kind: 'file'; path: string; display: string; explicit: boolean }
  | { kind: 'stdin'; display: string }
  /** Named on the command line but not there, or not a file: reported as core/unreadable. */
  | { kind: 'unreadable'; path: string; display: string; problem: string };

export const STDIN_NAME = '<stdin>';

export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

export async function collectInputs(args: readonly string[], cwd: string): Promise<Input[]> {
  if (args.length === 0) throw new UsageError('name at least one file, folder or glob to check ("-" for standard input)');
  const inputs: Input[] = [];
  const seen = new Set<string>();
  const add = (file: string, explicit: boolean) => {
    if (seen.has(file)) return;
    seen.add(file);
    inputs.push({ kind: 'file', path: file, display: displayPath(file, cwd), explicit });
  };
  let stdin = false;
  for (const arg of args) {
    if (arg === '-') {
      if (stdin) throw new UsageError('"-" (standard input) can be given only once');
      stdin = true;
      inputs.push({ kind: 'stdin', display: STDIN_NAME });
      continue;
    }
    const absolute = path.resolve(cwd, arg);
    let stat: Stats | undefined;
    let failure: NodeJS.ErrnoException | undefined;
    try {
      stat = await fs.stat(absolute);
    } catch (error) {
      failure = error as NodeJS.ErrnoException;
    }
    if (stat) {
      if (stat.isDirectory()) {
        const found = await walk(absolute);
        if (found.length === 0) throw new UsageError(`${arg}: no .json or .xml files in this folder (node_modules and dot-folders are skipped)`);
        for (const file of found) add(file, false);
      } else if (stat.isFile()) add(absolute, true);
      else inputs.push({ kind: 'unreadable', path: absolute, display: displayPath(absolute, cwd), problem: 'is not a regular file' });
      continue;
    }
    // The glob library loads only for an argument that names no file: most runs name files and folders.
    const { glob, isDynamicPattern } = await import('tinyglobby');
    if (isDynamicPattern(arg)) {
      const pattern = process.platform === 'win32' ? arg.replace(/\\/g, '/') : arg;
      const matches = await glob(pattern, { cwd, absolute: true, dot: false, onlyFiles: true, expandDirectories: false, ignore: ['**/node_modules/**'] });
      if (matches.length === 0) throw new UsageError(`no files match "${arg}"`);
      for (const file of matches.map((m) => path.resolve(m)).sort()) add(file, false);
      continue;
    }
    const code = failure?.code;
    inputs.push({
      kind: 'unreadable',
      path: absolute,
      display: displayPath(absolute, cwd),
      problem: code === 'ENOENT' ? 'does not exist' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? failure?.message})`,
    });
  }
  return inputs;
}

async function walk(dir: string): Promise<string[]> {
  const files: string[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(current, { withFileTypes: true });
    } catch {
      continue; // an unreadable sub-folder: nothing in it can be named by the user
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (/\.(json|xml)$/i.test(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(full))))) files.push(full);
    }
  }
  return files.sort();
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
