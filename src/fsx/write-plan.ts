/**
 * plan → diff → backup → atomic write, for every command that writes artifacts.
 * A plan is computed without side effects, so `--check` and previews share it with real writes.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CliError, FailureError, IoError } from '../errors.js';
import type { Artifact } from '../generators/artifact.js';
import { writeFileAtomic } from './atomic-write.js';
import { backupFile } from './backup.js';
import { unifiedDiff } from './diff.js';

export type WriteStatus = 'create' | 'update' | 'unchanged';

export interface PlannedWrite {
  artifact: Artifact;
  target: string;
  before: string | undefined;
  after: string;
  status: WriteStatus;
}

export interface WriteResult {
  target: string;
  status: WriteStatus;
  backup?: string;
}

/** Where each artifact goes: `dir/name`, or an explicit path for single-file output. */
export async function planWrites(artifacts: Artifact[], targetOf: (artifact: Artifact) => string): Promise<PlannedWrite[]> {
  const plan: PlannedWrite[] = [];
  for (const artifact of artifacts) {
    const target = targetOf(artifact);
    const before = await readIfExists(target);
    let after = artifact.content;
    if (before !== undefined && artifact.merge) {
      try {
        after = artifact.merge(before);
      } catch (error) {
        if (error instanceof CliError) throw new FailureError(`Refusing to change ${target}: ${error.message}`);
        throw error;
      }
    }
    const status: WriteStatus = before === undefined ? 'create' : before === after ? 'unchanged' : 'update';
    plan.push({ artifact, target, before, after, status });
  }
  return plan;
}

export async function applyPlan(plan: PlannedWrite[], now = new Date()): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  for (const step of plan) {
    if (step.status === 'unchanged') {
      results.push({ target: step.target, status: 'unchanged' });
      continue;
    }
    try {
      // Stop if another program changed the file after we read it: never overwrite its change.
      const current = await readIfExists(step.target);
      if (current !== step.before) throw new FailureError(`${step.target} changed on disk while mcpauth was working; nothing was written to it, run the command again`);
      const backup = step.status === 'update' ? await backupFile(step.target, now) : undefined;
      await writeFileAtomic(step.target, step.after, { mode: step.artifact.mode });
      const written = await fs.readFile(step.target, 'utf8');
      if (written !== step.after) throw new IoError(`${step.target} does not hold what was written (read back differs)`);
      results.push({ target: step.target, status: step.status, backup });
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new IoError(`Could not write ${step.target}: ${describeIoError(error)}; the previous content is unchanged`);
    }
  }
  return results;
}

/** The differences between the plan and the disk, as unified diffs (secret files: named only). */
export function planDiff(plan: PlannedWrite[], cwd: string): string {
  return plan
    .filter((step) => step.status !== 'unchanged')
    .map((step) => {
      const shown = path.relative(cwd, step.target) || step.target;
      if (step.artifact.secret) return `${shown}: ${step.status === 'create' ? 'would be created' : 'differs'} (secret, not shown)\n`;
      return unifiedDiff(shown, step.before, step.after);
    })
    .join('');
}

export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new IoError(`${file} is a folder, not a file`);
    throw new IoError(`Could not read ${file}: ${describeIoError(error)}`);
  }
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
  };
  return (e.code && reasons[e.code]) ?? e.message ?? String(error);
}
