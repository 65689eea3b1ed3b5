/**
 * Writes a file so that a crash, a full disk or a size limit can never leave it half-written:
 * the content goes to a temporary file in the same folder, is flushed, and is renamed over the
 * target. On any failure the temporary file is removed and the target is untouched.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Mode for a new file; an existing file keeps its own mode. */
  mode?: number;
}

export async function writeFileAtomic(target: string, content: string | Buffer, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const mode = await existingMode(target) ?? options.mode ?? 0o644;
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', mode);
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.chmod(temp, mode); // the umask may have narrowed it
    await fs.rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

async function existingMode(target: string): Promise<number | undefined> {
  try {
    return (await fs.stat(target)).mode & 0o7777;
  } catch {
    return undefined;
  }
}
