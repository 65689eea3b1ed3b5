/** Reads deployment.json (or stdin) into a layer for resolveDeployment, with errors a user can act on. */
import { promises as fs } from 'node:fs';
import { IoError, UsageError } from '../errors.js';
import { parseStrictJson } from '../json/strict.js';
import { deploymentFileSchema, type DeploymentFile } from './model.js';
import type { DeploymentLayer } from './resolve.js';

export async function loadDeploymentFile(file: string, readStdin: () => Promise<string> = readAllStdin): Promise<DeploymentLayer> {
  const label = file === '-' ? 'standard input' : file;
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${label}: no such file`);
    throw new IoError(`${label}: cannot be read (${code ?? (error as Error).message})`);
  }
  return parseDeploymentText(text, label);
}

export function parseDeploymentText(text: string, label: string): DeploymentLayer {
  const parsed = parseStrictJson(text);
  if (!parsed.ok) throw new UsageError(`${label}:${parsed.line}:${parsed.column}: not valid JSON: ${parsed.message}`);
  const checked = deploymentFileSchema.safeParse(parsed.value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the file';
    throw new UsageError(`${label}: ${where}: ${issue.message}`);
  }
  const { server, authorizationServer, desktop, staticClient, dcrPolicy } = checked.data as DeploymentFile;
  return { server, authorizationServer, desktop, staticClient, dcrPolicy };
}

export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
