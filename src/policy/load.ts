/** Reads dcr-policy.json (or a registration request) with errors a user can act on: file, line, field. */
import { promises as fs } from 'node:fs';
import { IoError, UsageError } from '../errors.js';
import { parseStrictJson } from '../json/strict.js';
import { dcrPolicySchema, type DcrPolicy } from './model.js';

export async function readJsonFile(file: string, readStdin: () => Promise<string> = readAllStdin): Promise<{ label: string; value: unknown }> {
  const label = file === '-' ? 'standard input' : file;
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${label}: no such file`);
    if (code === 'EISDIR') throw new UsageError(`${label}: is a folder, not a JSON file`);
    throw new IoError(`${label}: cannot be read (${code ?? (error as Error).message})`);
  }
  const parsed = parseStrictJson(text);
  if (!parsed.ok) throw new UsageError(`${label}:${parsed.line}:${parsed.column}: not valid JSON: ${parsed.message}`);
  return { label, value: parsed.value };
}

export function parsePolicy(value: unknown, label: string): DcrPolicy {
  const checked = dcrPolicySchema.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the file';
    throw new UsageError(`${label}: ${where}: ${issue.message} (not a valid DCR policy; see "mcpauth schema dcr-policy")`);
  }
  return checked.data;
}

export async function loadPolicyFile(file: string, readStdin?: () => Promise<string>): Promise<DcrPolicy> {
  const { label, value } = await readJsonFile(file, readStdin);
  return parsePolicy(value, label);
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
