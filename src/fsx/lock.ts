/**
 * A lock file beside the file being changed, so that two mcpauth processes changing the same
 * Claude Desktop config take turns instead of one failing (or, worse, both writing).
 * The lock holds the owner's pid and host; a lock whose process is gone is taken over.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FailureError, IoError } from '../errors.js';
import { describeIoError } from './write-plan.js';

export interface LockOptions {
  /** How long to wait for another holder before giving up. */
  waitMs?: number;
  pollMs?: number;
  /** Mode of the folder, when it has to be created for the lock. */
  dirMode?: number;
}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

/** A lock this old is stale even if its pid is alive again (pids are reused). */
const STALE_AFTER_MS = 10 * 60_000;

export function lockPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.mcpauth-lock`);
}

export async function withFileLock<T>(file: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = lockPathFor(file);
  await fs.mkdir(path.dirname(lock), { recursive: true, mode: options.dirMode }).catch(() => undefined);
  const token = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() } satisfies Holder);
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  for (;;) {
    try {
      await fs.writeFile(lock, token, { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new IoError(
          `Could not create the lock file ${lock}: ${describeIoError(error)} (mcpauth writes beside the file and renames, so it needs to write in its folder); nothing was changed`,
        );
      }
    }
    const seen = await fs.readFile(lock, 'utf8').catch(() => undefined);
    if (seen !== undefined && (await isStale(lock, seen))) {
      // Remove it only if it is still the lock we judged (another process may have taken over).
      if ((await fs.readFile(lock, 'utf8').catch(() => undefined)) === seen) await fs.rm(lock, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const holder = parseHolder(seen);
      throw new FailureError(
        `another mcpauth${holder ? ` (process ${holder.pid})` : ''} is changing ${file}; nothing was changed. ` +
          `Run the command again when it has finished, or delete ${lock} if no mcpauth is running`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
  try {
    return await work();
  } finally {
    if ((await fs.readFile(lock, 'utf8').catch(() => undefined)) === token) await fs.rm(lock, { force: true }).catch(() => undefined);
  }
}

function parseHolder(text: string | undefined): Holder | undefined {
  try {
    const value = JSON.parse(text ?? '') as Holder;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

async function isStale(lock: string, text: string): Promise<boolean> {
  const holder = parseHolder(text);
  const age = Date.now() - ((await fs.stat(lock).catch(() => undefined))?.mtimeMs ?? Date.now());
  if (age > STALE_AFTER_MS) return true;
  // Unreadable content: a holder that died between creating and filling it, once it is not brand new.
  if (!holder) return age > 2000;
  return holder.host === os.hostname() && !isAlive(holder.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
