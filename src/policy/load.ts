/** Reads dcr-policy.json (or a registration request) with errors a user can act on: file, line, field. */
import { UsageError } from '../errors.js';
import { readJsonInput, type JsonInputOptions } from '../json/input.js';
import { dcrPolicySchema, type DcrPolicy } from './model.js';

/** A JSON file, or "-" for standard input, read within mcpauth's limits (json/limits.ts). */
export async function readJsonFile(file: string, options: JsonInputOptions = {}): Promise<{ label: string; value: unknown }> {
  const { label, value } = await readJsonInput(file, options);
  return { label, value };
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

export async function loadPolicyFile(file: string, options: JsonInputOptions = {}): Promise<DcrPolicy> {
  const { label, value } = await readJsonFile(file, options);
  return parsePolicy(value, label);
}
