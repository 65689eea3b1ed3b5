/**
 * Writes a file so that a crash, a full disk or a size limit can never leave it half-written:
 * the content goes to a temporary file in the same folder, is flushed, read back and checked,
 * and only then renamed over the target. On any failure the temporary file is removed and the
 * target is untouched. A symbolic link is written through: its target file changes, the link stays.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Mode for a new file; an existing file keeps its own mode (and, when we may, its owner). */
  mode?: number;
  /** Mode for folders that have to be created. */
  dirMode?: number;
  /** Called with the bytes read back from the temporary file; throw (or reject) to stop before the rename. */
  verify?: (written: Buffer) => void | Promise<void>;
}

export async function writeFileAtomic(target: string, content: string | Buffer, options: AtomicWriteOptions = {}): Promise<void> {
  const real = await resolveWriteTarget(target);
  const dir = path.dirname(real);
  await fs.mkdir(dir, { recursive: true, mode: options.dirMode });
  const existing = await statIfExists(real);
  const mode = existing ? existing.mode & 0o7777 : (options.mode ?? 0o644);
  const temp = path.join(dir, `.${path.basename(real)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', mode);
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.chmod(temp, mode); // the umask may have narrowed it
    if (existing) await keepOwner(temp, existing);
    if (options.verify) await options.verify(await fs.readFile(temp));
    await renameReplacing(temp, real);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDir(dir);
}

/**
 * The file a write to `target` must replace: `target` itself, or the file its symbolic link(s)
 * point to (followed by hand, so that a link to a file that does not exist yet works too).
 */
export async function resolveWriteTarget(target: string): Promise<string> {
  let current = path.resolve(target);
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      link = await fs.readlink(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EINVAL' || code === 'ENOENT' || code === 'UNKNOWN') return current; // not a link, or not there yet
      throw error;
    }
    current = path.resolve(path.dirname(current), link);
  }
  const error = new Error(`too many symbolic links at ${target}`) as NodeJS.ErrnoException;
  error.code = 'ELOOP';
  throw error;
}

async function statIfExists(file: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await fs.stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** `sudo mcpauth install` must not leave a root-owned config behind: give the file back to its owner. */
async function keepOwner(file: string, original: import('node:fs').Stats): Promise<void> {
  if (typeof process.getuid !== 'function') return;
  const mine = await fs.stat(file);
  if (mine.uid === original.uid && mine.gid === original.gid) return;
  await fs.chown(file, original.uid, original.gid).catch(() => undefined); // only root may; others keep their own
}

/** On Windows a rename over a file another program has open fails for a moment: retry briefly. */
async function renameReplacing(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (process.platform !== 'win32' || attempt >= 10 || !['EPERM', 'EACCES', 'EBUSY'].includes(code ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    }
  }
}

/** Makes the rename itself durable (POSIX); Windows cannot open a folder for this. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close().catch(() => undefined);
}
