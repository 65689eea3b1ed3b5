/**
 * A JSON input of a command other than validate (deployment.json, a DCR policy, a registration
 * request), read within mcpauth's limits (json/limits.ts). Every way it can fail is one line
 * naming the input: exit 2 for what the user can fix (no such file, too large, too deep, not
 * JSON, too slow to read), exit 3 for an I/O error.
 */
import { readFileBounded, readStreamBounded, type BoundedRead } from '../fsx/bounded-read.js';
import { IoError, UsageError } from '../errors.js';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_TIME_BUDGET_MS, formatSize, formatSizeOver } from './limits.js';
import { parseStrictJson } from './strict.js';

export interface JsonInput {
  /** The file as named, or "standard input". */
  label: string;
  text: string;
  value: unknown;
}

export interface JsonInputOptions {
  /** Standard input, read at most one byte past `maxBytes` (tests pass their own). */
  readStdin?: (maxBytes: number) => Promise<BoundedRead>;
  maxBytes?: number;
  timeBudgetMs?: number;
}

export const STDIN_LABEL = 'standard input';

/** `file` is a path, or "-" for standard input. */
export async function readJsonInput(file: string, options: JsonInputOptions = {}): Promise<JsonInput> {
  const label = file === '-' ? STDIN_LABEL : file;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const started = Date.now();
  const read = await readBounded(file, label, maxBytes, options);
  if (!read.ok) {
    if (!read.tooLarge) throw new UsageError(read.folder ? `${label}: is a folder, not a JSON file` : `${label}: is not a regular file (a device, pipe or socket); name a JSON file`);
    const size = read.exact ? `has ${formatSizeOver(read.size, maxBytes)}` : `goes on past ${formatSize(maxBytes)}`;
    throw new UsageError(`${label}: ${size}, over the ${formatSize(maxBytes)} limit for a JSON input; it was not read`);
  }
  const text = read.bytes.toString('utf8');
  const parsed = parseStrictJson(text);
  if (!parsed.ok) throw new UsageError(`${label}:${parsed.line}:${parsed.column}: not valid JSON: ${parsed.message}`);
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  if (Date.now() - started > budget) throw new UsageError(`${label}: took longer than ${budget} ms to read (mcpauth's time budget for one input); it was not used`);
  return { label, text, value: parsed.value };
}

async function readBounded(file: string, label: string, maxBytes: number, options: JsonInputOptions): Promise<BoundedRead> {
  if (file === '-') return (options.readStdin ?? ((limit) => readStreamBounded(process.stdin, limit)))(maxBytes);
  try {
    return await readFileBounded(file, maxBytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${label}: no such file`);
    if (code === 'EISDIR') throw new UsageError(`${label}: is a folder, not a JSON file`);
    throw new IoError(`${label}: cannot be read (${code ?? (error as Error).message})`);
  }
}
