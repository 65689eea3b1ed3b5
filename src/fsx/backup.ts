/** A copy of a file, taken before it is changed, next to it: `name.20261127T035959Z.bak`. */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

export function backupStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

const BACKUP_SUFFIX = /\.(\d{8}T\d{6}Z)(?:-(\d+))?\.bak$/;

/**
 * Copies `target` (its bytes and mode; through a symbolic link) to a new backup file, never
 * overwriting an older backup, flushes it and returns its path. A failed copy leaves nothing behind.
 */
export async function backupFile(target: string, now = new Date()): Promise<string> {
  const stamp = backupStamp(now);
  for (let n = 0; ; n++) {
    const candidate = `${target}.${stamp}${n === 0 ? '' : `-${n}`}.bak`;
    try {
      await fs.copyFile(target, candidate, constants.COPYFILE_EXCL);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      await fs.rm(candidate, { force: true }).catch(() => undefined);
      throw error;
    }
    try {
      const handle = await fs.open(candidate, 'r+');
      await handle.sync().finally(() => handle.close());
    } catch (error) {
      await fs.rm(candidate, { force: true }).catch(() => undefined);
      throw error;
    }
    return candidate;
  }
}

/** The file a backup was taken of, when `backup` is named like one of ours. */
export function backupOriginal(backup: string): string | undefined {
  return BACKUP_SUFFIX.test(backup) ? backup.replace(BACKUP_SUFFIX, '') : undefined;
}

/** Backups of `target` in its folder, newest first. */
export async function listBackups(target: string): Promise<string[]> {
  const dir = path.dirname(target);
  const base = path.basename(target);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const ours = names
    .filter((name) => name.startsWith(`${base}.`) && backupOriginal(name) === base)
    .map((name) => {
      const [, stamp, n] = BACKUP_SUFFIX.exec(name) as RegExpExecArray;
      return { name, key: `${stamp}-${(n ?? '0').padStart(6, '0')}` };
    });
  return ours.sort((a, b) => (a.key < b.key ? 1 : -1)).map((b) => path.join(dir, b.name));
}
