/** The deployment flags (from the FIELDS table) and `--from`, shared by init, generate and install. */
import type { Argv } from 'yargs';
import { FIELDS, SECTIONS, type Section } from '../deployment/fields.js';
import { loadDeploymentFile } from '../deployment/load.js';
import type { DeploymentLayer } from '../deployment/resolve.js';

export function withDeploymentOptions<T>(yargs: Argv<T>): Argv<T> {
  let y = yargs as Argv<T>;
  for (const field of FIELDS) {
    y = y.option(field.flag, {
      describe: field.describe,
      type: field.type === 'array' ? 'string' : field.type,
      array: field.type === 'array' ? true : undefined,
      choices: field.choices as string[] | undefined,
      group: 'Deployment:',
      // A boolean is a switch (--refresh-tokens / --no-refresh-tokens), not an option with a value.
      requiresArg: field.type !== 'boolean',
    }) as Argv<T>;
  }
  return y;
}

/** Flags given on the command line, as a layer over the deployment file. */
export function layerFromFlags(argv: Record<string, unknown>): DeploymentLayer {
  const layer = Object.fromEntries(SECTIONS.map((section) => [section, {}])) as Record<Section, Record<string, unknown>>;
  for (const field of FIELDS) {
    const value = argv[field.flag];
    if (value === undefined) continue;
    layer[field.section][field.key] = field.type === 'array' ? (value as unknown[]).map(String) : value;
  }
  return layer;
}

export async function deploymentLayers(argv: Record<string, unknown>, fileOption: string): Promise<DeploymentLayer[]> {
  const file = argv[fileOption];
  const layers: DeploymentLayer[] = [];
  if (typeof file === 'string') layers.push(await loadDeploymentFile(file));
  layers.push(layerFromFlags(argv));
  return layers;
}
