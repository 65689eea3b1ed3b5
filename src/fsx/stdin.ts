/** Standard input as text, read only up to a limit (an endless or huge stream is refused, not buffered). */
import { UsageError } from '../errors.js';
import { formatSize } from '../json/limits.js';
import { readStreamBounded } from './bounded-read.js';

/** `what` names the input in the message, such as "the secret on standard input". */
export async function readStdinText(maxBytes: number, what: string): Promise<string> {
  const read = await readStreamBounded(process.stdin, maxBytes);
  if (!read.ok) throw new UsageError(`${what} goes on past ${formatSize(maxBytes)}, more than it can be; it was not read`);
  return read.bytes.toString('utf8');
}
