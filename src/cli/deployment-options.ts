/** The deployment flags (from the FIELDS table) and `--from`, shared by init, generate and install. */
import type { Argv } from 'yargs';
import { FIELDS, SECTIONS, type Field, type Section } from '../deployment/fields.js';
import type { DeploymentLayer } from '../deployment/resolve.js';
import { UsageError } from '../errors.js';

export function withDeploymentOptions<T>(yargs: Argv<T>): Argv<T> {
  let y = yargs as Argv<T>;
  for (const field of FIELDS) {
    y = y.option(field.flag, {
      describe: field.describe,
      type: yargsType(field),
      array: field.type === 'array' ? true : undefined,
      choices: field.choices as string[] | undefined,
      group: field.section === 'staticClient' ? 'Curity static client:' : field.section === 'dcrPolicy' ? 'DCR policy:' : 'Deployment:',
      // A boolean is a switch (--refresh-tokens / --no-refresh-tokens), not an option with a value.
      requiresArg: field.type === 'boolean' ? undefined : true,
    }) as Argv<T>;
  }
  return y;
}

function yargsType(field: Field): 'string' | 'number' | 'boolean' {
  if (field.type === 'array' || field.type === 'ttl') return 'string';
  return field.type;
}

/**
 * Flags given on the command line, as a layer over the deployment file. `renames` maps a flag to
 * the flag of the field it stands for in this command (see STATIC_CLIENT_COMMAND_FLAGS).
 */
export function layerFromFlags(argv: Record<string, unknown>, renames: Readonly<Record<string, string>> = {}): DeploymentLayer {
  const layer = Object.fromEntries(SECTIONS.map((s) => [s, {}])) as Record<Section, Record<string, unknown>>;
  const consumed = new Set(Object.keys(renames).filter((flag) => argv[flag] !== undefined));
  for (const field of FIELDS) {
    const renamedFrom = Object.keys(renames).find((flag) => renames[flag] === field.flag && argv[flag] !== undefined);
    if (renamedFrom !== undefined && argv[field.flag] !== undefined) {
      throw new UsageError(`--${renamedFrom} and --${field.flag} mean the same here; give one of them`);
    }
    const value = renamedFrom !== undefined ? argv[renamedFrom] : consumed.has(field.flag) ? undefined : argv[field.flag];
    if (value === undefined) continue;
    layer[field.section][field.key] = fromFlag(field, value);
  }
  return layer;
}

function fromFlag(field: Field, value: unknown): unknown {
  if (field.type === 'array') return (value as unknown[]).map(String);
  // "disabled" stays a word; digits become a number; anything else is left for the schema to refuse.
  if (field.type === 'ttl') return /^\d+$/.test(String(value)) ? Number(value) : value;
  return value;
}

export async function deploymentLayers(
  argv: Record<string, unknown>,
  fileOption: string,
  renames: Readonly<Record<string, string>> = {},
): Promise<DeploymentLayer[]> {
  const file = argv[fileOption];
  const layers: DeploymentLayer[] = [];
  if (typeof file === 'string') {
    // Loaded here, not at start-up: it brings the zod model along.
    const { loadDeploymentFile } = await import('../deployment/load.js');
    layers.push(await loadDeploymentFile(file));
  }
  layers.push(layerFromFlags(argv, renames));
  return layers;
}
