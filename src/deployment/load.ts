/** Reads deployment.json (or stdin) into a layer for resolveDeployment, with errors a user can act on. */
import { UsageError } from '../errors.js';
import { readJsonInput, type JsonInputOptions } from '../json/input.js';
import { deploymentFileSchema, type DeploymentFile } from './model.js';
import type { DeploymentLayer } from './resolve.js';

/** `file` is a path, or "-" for standard input; read within mcpauth's limits (json/limits.ts). */
export async function loadDeploymentFile(file: string, options: JsonInputOptions = {}): Promise<DeploymentLayer> {
  const { label, value } = await readJsonInput(file, options);
  return deploymentLayerFrom(value, label);
}

export function deploymentLayerFrom(value: unknown, label: string): DeploymentLayer {
  const checked = deploymentFileSchema.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the file';
    throw new UsageError(`${label}: ${where}: ${issue.message}`);
  }
  const { server, authorizationServer, desktop, staticClient, dcrPolicy } = checked.data as DeploymentFile;
  return { server, authorizationServer, desktop, staticClient, dcrPolicy };
}
