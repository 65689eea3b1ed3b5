/**
 * What install, uninstall and restore would do to a Claude Desktop config, computed without
 * side effects (the CLI shows it for --dry-run, asks about it, or applies it under a lock).
 */
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { FailureError, UsageError } from '../errors.js';
import { readFileBoundedSync } from '../fsx/bounded-read.js';
import { planWrites, readBytesIfExists, type PlannedWrite } from '../fsx/write-plan.js';
import { DEFAULT_MAX_FILE_BYTES } from '../json/limits.js';
import type { Artifact } from '../generators/artifact.js';
import { mergeServerEntry, removeServerEntry, SERVERS_KEY } from '../generators/desktop-config-merge.js';
import { strictJsonProblem } from '../json/strict.js';
import { metadataChanged } from './client-metadata.js';
import { parseDesktopConfig, readDesktopConfig } from './config-file.js';
import { mergeProblem } from './merge-check.js';

/** A file the entry needs besides the config (the client-metadata @file), at its absolute path. */
export interface ExtraFile {
  artifact: Artifact;
  target: string;
}

export type ChangeAction = 'add' | 'replace' | 'same' | 'remove' | 'absent' | 'restore';

export interface ConfigChange {
  action: ChangeAction;
  configFile: string;
  /** Writes in order: the files the entry needs first, the config last. */
  plan: PlannedWrite[];
  /** Why the user must agree first (an existing entry or file would be replaced). */
  needsConsent?: string;
  /** The entry's client metadata differs from what mcp-remote registered with before. */
  metadataChanged: boolean;
  /** Server names in the config before the change. */
  existingNames: string[];
  /** install: the config already holds exactly this entry (its other files may still change). */
  entryUnchanged?: boolean;
}

export async function planInstall(configFile: string, name: string, entry: unknown, extras: ExtraFile[] = []): Promise<ConfigChange> {
  const config = await readDesktopConfig(configFile);
  const servers = config?.servers ?? {};
  const had = Object.hasOwn(servers, name);
  const same = had && isDeepStrictEqual(servers[name], entry);
  const artifact: Artifact = {
    name: path.basename(configFile),
    title: 'Claude Desktop config',
    content: `${JSON.stringify({ [SERVERS_KEY]: { [name]: entry } }, null, 2)}\n`,
    mode: 0o600,
    validate: strictJsonProblem,
    // An identical entry is left exactly as it is written, even if laid out differently.
    merge: same ? (existing) => existing : (existing) => checkedEdit(existing, name, entry, mergeServerEntry(existing, name, entry)),
  };
  const extraPlan = await planWrites(
    extras.map((e) => e.artifact),
    (a) => (extras.find((e) => e.artifact === a) as ExtraFile).target,
  );
  const [configPlan] = await planWrites([artifact], () => configFile);
  const replacedExtras = extraPlan.filter((s) => s.status === 'update');
  const extrasChange = extraPlan.some((s) => s.status !== 'unchanged');
  const action: ChangeAction = !had ? 'add' : same && !extrasChange ? 'same' : 'replace';
  let needsConsent: string | undefined;
  if (had && !same) needsConsent = `${configFile} already has a different "${name}" entry`;
  else if (replacedExtras.length > 0) needsConsent = `${replacedExtras.map((s) => s.target).join(', ')} already exists with different content`;

  const pending = new Map(extraPlan.map((s) => [s.target, s.after]));
  return {
    action,
    configFile,
    plan: [...extraPlan, configPlan],
    needsConsent,
    entryUnchanged: same,
    metadataChanged: metadataChanged(had ? servers[name] : undefined, entry, readTextIfExists, (f) => pending.get(f) ?? readTextIfExists(f)),
    existingNames: Object.keys(servers),
  };
}

export async function planUninstall(configFile: string, name: string): Promise<ConfigChange> {
  const config = await readDesktopConfig(configFile);
  const names = Object.keys(config?.servers ?? {});
  if (!config || !names.includes(name)) return { action: 'absent', configFile, plan: [], metadataChanged: false, existingNames: names };
  const artifact: Artifact = {
    name: path.basename(configFile),
    title: 'Claude Desktop config',
    content: config.text,
    validate: strictJsonProblem,
    merge: (existing) => checkedEdit(existing, name, undefined, removeServerEntry(existing, name)),
  };
  return { action: 'remove', configFile, plan: await planWrites([artifact], () => configFile), metadataChanged: false, existingNames: names };
}

export async function planRestore(configFile: string, backup: string): Promise<ConfigChange> {
  const bytes = await readBytesIfExists(backup);
  if (bytes === undefined) throw new UsageError(`${backup}: no such file`);
  // A backup that Claude Desktop could not read is refused: restoring it would break the app.
  const saved = parseDesktopConfig(bytes, backup, 'this backup');
  // The current file is replaced whole, so it need not parse: restoring is how a broken one is fixed.
  const artifact: Artifact = { name: path.basename(configFile), title: 'Claude Desktop config', content: saved.text, mode: 0o600, validate: strictJsonProblem };
  const [step] = await planWrites([artifact], () => configFile);
  let existingNames: string[] = [];
  try {
    existingNames = Object.keys((await readDesktopConfig(configFile))?.servers ?? {});
  } catch {
    // a broken current file has no names to show
  }
  return { action: step.status === 'unchanged' ? 'same' : 'restore', configFile, plan: [step], metadataChanged: false, existingNames };
}

/** The edited text, after proving that nothing but `name` changed. */
function checkedEdit(existing: string, name: string, entry: unknown, edited: string): string {
  const problem = mergeProblem(existing, edited, name, entry);
  if (problem) throw new FailureError(`the edit would have gone wrong (${problem}); this is a bug in mcpauth, please report it. Nothing was changed`);
  return edited;
}

/** For comparing metadata only: a file that cannot be read (or is not a small regular file) counts as unknown. */
function readTextIfExists(file: string): string | undefined {
  try {
    const read = readFileBoundedSync(file, DEFAULT_MAX_FILE_BYTES);
    return read?.ok ? read.bytes.toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}
