/**
 * Reading input with a size limit: a file's size is known before it is read, and standard input
 * is read only up to one byte past the limit. Neither a huge file nor an endless stream is ever
 * held in memory, and a device or FIFO is refused instead of blocking the read forever.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Opening a FIFO for reading waits for a writer; without blocking, it returns and fstat says what it is. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export type BoundedRead =
  | { ok: true; bytes: Buffer }
  /** `size`: the file's size, or for a stream, the bytes read before stopping (more were coming). */
  | { ok: false; tooLarge: true; size: number; exact: boolean }
  | { ok: false; tooLarge: false; notAFile: true; folder: boolean };

/**
 * A regular file (through symbolic links) read whole when it has at most `maxBytes`. Rejects with
 * fs errors (ENOENT, EACCES, …). The read itself is synchronous: at most a few MiB, and one code
 * path for the limit, the FIFO check and a file that grows while it is read.
 */
export async function readFileBounded(file: string, maxBytes: number): Promise<BoundedRead> {
  return readFileBoundedOrThrowSync(file, maxBytes);
}

/** A stream (standard input) read to its end, or until it has given more than `maxBytes`. */
export async function readStreamBounded(stream: NodeJS.ReadableStream, maxBytes: number): Promise<BoundedRead> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(buffer);
    length += buffer.length;
    if (length > maxBytes) {
      // Stop reading; the rest of the stream is not wanted (and may never end).
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      return { ok: false, tooLarge: true, size: length, exact: false };
    }
  }
  return { ok: true, bytes: Buffer.concat(chunks, length) };
}

/** readFileBounded for synchronous callers; undefined when there is no such file. */
export function readFileBoundedSync(file: string, maxBytes: number): BoundedRead | undefined {
  try {
    return readFileBoundedOrThrowSync(file, maxBytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * readFileBounded for synchronous callers: throws fs errors (ENOENT, EACCES, …). validate reads
 * its files with it, one after another: a promise round trip per file costs more than the read.
 */
export function readFileBoundedOrThrowSync(file: string, maxBytes: number): BoundedRead {
  const fd = openSync(file, OPEN_FLAGS);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, tooLarge: false, notAFile: true, folder: stat.isDirectory() };
    if (stat.size > maxBytes) return { ok: false, tooLarge: true, size: stat.size, exact: true };
    const reader = new GrowingRead(stat.size, maxBytes);
    for (;;) {
      const space = reader.space();
      if (!space || !reader.took(readSync(fd, space, 0, space.length, reader.length), space.length)) break;
    }
    const { buffer, length } = reader;
    if (length > maxBytes) return { ok: false, tooLarge: true, size: length, exact: false };
    return { ok: true, bytes: buffer.subarray(0, length) };
  } finally {
    closeSync(fd);
  }
}

/**
 * The buffer a file is read into: sized for what fstat said plus one byte (to notice a file that
 * grows while it is read), grown when that byte arrives, never past one byte over the limit.
 * Not zero-filled: only the bytes read are ever handed out, and thousands of small files read
 * one after another must not each pay for clearing memory they never use.
 */
class GrowingRead {
  buffer: Buffer;
  length = 0;
  private readonly cap: number;

  constructor(
    private readonly expectedSize: number,
    maxBytes: number,
  ) {
    this.cap = maxBytes + 1;
    this.buffer = Buffer.allocUnsafe(Math.min(this.cap, Math.max(expectedSize, 0) + 1));
  }

  /** A view of the free space to read into, or undefined once the limit is passed. */
  space(): Buffer | undefined {
    if (this.length === this.buffer.length) {
      if (this.buffer.length >= this.cap) return undefined;
      const larger = Buffer.allocUnsafe(Math.min(this.cap, this.buffer.length * 2 + 65536));
      this.buffer.copy(larger, 0, 0, this.length);
      this.buffer = larger;
    }
    return this.buffer.subarray(this.length);
  }

  /**
   * Counts bytes read into space(); false at the end of the file: nothing came, or a short read
   * once the size fstat gave is reached (saves a second read call per file; a short read before
   * that, as some network file systems give, is followed by another read).
   */
  took(bytesRead: number, asked: number): boolean {
    this.length += bytesRead;
    return bytesRead > 0 && (bytesRead === asked || this.length < this.expectedSize);
  }
}
