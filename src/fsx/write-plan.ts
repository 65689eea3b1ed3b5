/**
 * plan → diff → backup → atomic write → read back, for every command that writes files.
 * A plan is computed without side effects, so `--check`, `--dry-run` and previews share it with
 * real writes. Applying it never overwrites a change another program made after the plan was
 * read, and a failure at any step leaves the original file as it was, byte for byte.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CliError, FailureError, IoError, UsageError } from '../errors.js';
import type { Artifact } from '../generators/artifact.js';
import { DEFAULT_MAX_FILE_BYTES, formatSize, formatSizeOver } from '../json/limits.js';
import { writeFileAtomic } from './atomic-write.js';
import { backupFile } from './backup.js';
import { readFileBounded, type BoundedRead } from './bounded-read.js';
import { unifiedDiff } from './diff.js';
import { decodeUtf8Strict } from './text.js';

export type WriteStatus = 'create' | 'update' | 'unchanged';

export interface PlannedWrite {
  artifact: Artifact;
  target: string;
  before: string | undefined;
  /** The exact bytes read: what must still be on disk when the plan is applied. */
  beforeBytes: Buffer | undefined;
  after: string;
  status: WriteStatus;
}

export interface WriteResult {
  target: string;
  status: WriteStatus;
  backup?: string;
}

export interface ApplyOptions {
  now?: Date;
  /** Mode for folders that have to be created (default: the umask's). */
  dirMode?: number;
}

/** Where each artifact goes: `dir/name`, or an explicit path for single-file output. */
export async function planWrites(artifacts: Artifact[], targetOf: (artifact: Artifact) => string): Promise<PlannedWrite[]> {
  const plan: PlannedWrite[] = [];
  for (const artifact of artifacts) {
    const target = targetOf(artifact);
    const beforeBytes = await readBytesIfExists(target);
    let before: string | undefined;
    let after = artifact.content;
    if (beforeBytes !== undefined) {
      before = beforeBytes.toString('utf8');
      if (artifact.merge) {
        const decoded = decodeUtf8Strict(beforeBytes);
        if (!decoded.ok) {
          throw new FailureError(`Refusing to change ${target}: it is not valid UTF-8 text (byte ${decoded.offset}, line ${decoded.line}); nothing was changed`);
        }
        try {
          after = artifact.merge(before);
        } catch (error) {
          if (error instanceof CliError) throw new FailureError(`Refusing to change ${target}: ${error.message}`);
          throw error;
        }
      }
    }
    const problem = artifact.validate?.(after);
    if (problem) throw new IoError(`internal error: the new content of ${target} would not be valid (${problem}); nothing was written`);
    const status: WriteStatus = before === undefined ? 'create' : before === after && Buffer.from(after).equals(beforeBytes as Buffer) ? 'unchanged' : 'update';
    plan.push({ artifact, target, before, beforeBytes, after, status });
  }
  return plan;
}

export async function applyPlan(plan: PlannedWrite[], options: ApplyOptions = {}): Promise<WriteResult[]> {
  const now = options.now ?? new Date();
  const results: WriteResult[] = [];
  for (const step of plan) {
    if (step.status === 'unchanged') {
      results.push({ target: step.target, status: 'unchanged' });
      continue;
    }
    results.push(await applyStep(step, now, options.dirMode));
  }
  return results;
}

async function applyStep(step: PlannedWrite, now: Date, dirMode: number | undefined): Promise<WriteResult> {
  const { target, after, artifact } = step;
  const expected = Buffer.from(after, 'utf8');
  // Never overwrite a change another program made after we read the file (checked again just before the rename).
  const stillAsRead = async () => {
    const now = await readBytesIfExists(target).catch((error) => (error instanceof UsageError ? 'no longer a file mcpauth reads' : Promise.reject(error)));
    if (typeof now === 'string' || !sameBytes(now, step.beforeBytes)) {
      throw new FailureError(`${target} changed on disk while mcpauth was working; nothing was written to it, run the command again`);
    }
  };
  let backup: string | undefined;
  try {
    await stillAsRead();
    if (step.status === 'update') {
      try {
        backup = await backupFile(target, now);
      } catch (error) {
        throw new IoError(`Could not back up ${target}: ${describeIoError(error)}; nothing was changed`);
      }
    }
    await writeFileAtomic(target, expected, {
      mode: artifact.mode,
      dirMode,
      verify: async (written) => {
        if (!written.equals(expected)) throw new Error('the temporary copy does not read back as written');
        const problem = artifact.validate?.(written.toString('utf8'));
        if (problem) throw new Error(`the temporary copy is not valid (${problem})`);
        await stillAsRead();
      },
    });
  } catch (error) {
    // The rename did not happen, so the original is as it was and its backup is only clutter.
    if (backup) await fs.rm(backup, { force: true }).catch(() => undefined);
    if (error instanceof CliError) throw error;
    throw new IoError(`Could not write ${target}: ${describeIoError(error)}; the previous content is unchanged`);
  }
  // The rename happened: read the result once more, and put the original back if it is not right.
  const written = await readBytesIfExists(target, Math.max(DEFAULT_MAX_FILE_BYTES, expected.length)).catch(() => undefined);
  const problem = written === undefined ? 'it cannot be read back' : !written.equals(expected) ? 'it does not read back as written' : artifact.validate?.(written.toString('utf8'));
  if (problem) {
    const restored = await putBack(target, backup, step.beforeBytes);
    throw new IoError(`${target} was written but ${problem}; ${restored}`);
  }
  return { target, status: step.status, backup };
}

async function putBack(target: string, backup: string | undefined, original: Buffer | undefined): Promise<string> {
  try {
    if (original === undefined) {
      await fs.rm(target, { force: true });
      return 'it was removed again';
    }
    await writeFileAtomic(target, original);
    return `the original content was put back${backup ? ` (it is also in ${backup})` : ''}`;
  } catch (error) {
    return `putting the original back failed too (${describeIoError(error)}); ${backup ? `copy ${backup} over it` : 'check the file'}`;
  }
}

function sameBytes(a: Buffer | undefined, b: Buffer | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.equals(b);
}

/** The differences between the plan and the disk, as unified diffs (secret files: named only). */
export function planDiff(plan: PlannedWrite[], cwd: string, label: (target: string) => string = (t) => path.relative(cwd, t) || t): string {
  return plan
    .filter((step) => step.status !== 'unchanged')
    .map((step) => {
      const shown = label(step.target);
      if (step.artifact.secret) return `${shown}: ${step.status === 'create' ? 'would be created' : 'differs'} (secret, not shown)\n`;
      return unifiedDiff(shown, step.before, step.after);
    })
    .join('');
}

/**
 * A file's bytes, or undefined when it does not exist. Every file mcpauth reads or replaces is a
 * regular file within the size limit: a device, FIFO or socket (reading one may never end, and
 * renaming over one would replace it) or a huge file is refused before anything is written.
 */
export async function readBytesIfExists(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<Buffer | undefined> {
  let read: BoundedRead;
  try {
    read = await readFileBounded(file, maxBytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new IoError(`${file} is a folder, not a file`);
    throw new IoError(`Could not read ${file}: ${describeIoError(error)}`);
  }
  if (read.ok) return read.bytes;
  if (!read.tooLarge) {
    if (read.folder) throw new IoError(`${file} is a folder, not a file`);
    throw new UsageError(`${file} is not a regular file (a device, pipe or socket); mcpauth reads and writes only regular files. Nothing was changed`);
  }
  const size = read.exact ? `has ${formatSizeOver(read.size, maxBytes)}` : `goes on past ${formatSize(maxBytes)}`;
  throw new UsageError(`${file} ${size}, over the ${formatSize(maxBytes)} limit of what mcpauth reads; it is not a file mcpauth wrote. Nothing was changed`);
}

export async function readIfExists(file: string): Promise<string | undefined> {
  return (await readBytesIfExists(file))?.toString('utf8');
}

export function describeIoError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EFBIG: 'file too large (a file-size limit was reached)',
    EDQUOT: 'disk quota exceeded',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'it is a folder',
    ELOOP: 'too many symbolic links',
  };
  if (error instanceof CliError) return error.message;
  return (e.code && reasons[e.code]) ?? e.message ?? String(error);
}
