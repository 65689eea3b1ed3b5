/** A copy of a file, taken before it is changed, next to it: `name.20261127T035959Z.bak`. */
import { constants, promises as fs } from 'node:fs';

export function backupStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Copies `target` to a new backup file (never overwriting an older backup) and returns its path. */
export async function backupFile(target: string, now = new Date()): Promise<string> {
  const stamp = backupStamp(now);
  for (let n = 0; ; n++) {
    const candidate = `${target}.${stamp}${n === 0 ? '' : `-${n}`}.bak`;
    try {
      await fs.copyFile(target, candidate, constants.COPYFILE_EXCL);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
