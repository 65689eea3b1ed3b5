/** Installing one entry, shared by `mcpauth install` and `mcpauth init --install`. */
import { afterChangeSteps } from '../install/after-change.js';
import type { InstallSource } from '../install/entry-source.js';
import { planInstall } from '../install/plan.js';
import { carryOutChange, reportResults } from './config-change.js';
import { resolveConfigTarget } from './config-target.js';
import type { CommandContext } from './context.js';

export interface InstallOptions {
  config?: string;
  dryRun: boolean;
  force: boolean;
  mayPrompt: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export async function installEntry(ctx: CommandContext, source: InstallSource, options: InstallOptions): Promise<void> {
  const { output } = ctx;
  const c = output.colors;
  const target = resolveConfigTarget(options.config, source.platform, options.cwd, options.env);
  for (const line of target.explanation) output.err(line);

  const { change, results } = await carryOutChange(ctx, {
    configFile: target.file,
    plan: () => planInstall(target.file, source.name, source.entry, source.extras),
    dryRun: options.dryRun,
    force: options.force,
    mayPrompt: options.mayPrompt,
    cwd: options.cwd,
  });
  const name = `"${source.name}"`;

  if (change.action === 'same') {
    output.err(`${c.green('Already installed:')} the ${name} entry in ${target.file} is identical; nothing was changed.`);
    for (const note of source.notes) output.err(`${c.yellow('note:')} ${note}`);
    return;
  }
  if (options.dryRun) {
    const what = change.action === 'add' ? `add the ${name} entry to` : `replace the existing ${name} entry in`;
    output.err(`Dry run: mcpauth would ${what} ${target.file}${change.needsConsent ? ' (only with --force or a yes in a terminal)' : ''}. Nothing was written.`);
    for (const note of source.notes) output.err(`${c.yellow('note:')} ${note}`);
    return;
  }
  if (!results) return; // everything was already in place when the lock was taken
  reportResults(ctx, results, new Map(change.plan.map((s) => [s.target, s.artifact.title])));
  const configResult = results.find((r) => r.target === target.file);
  if (change.entryUnchanged) output.err(`The ${name} entry in ${target.file} was already right; the files it needs were brought up to date.`);
  else output.err(change.action === 'add' ? `Added the ${name} entry to ${target.file}.` : `Replaced the ${name} entry in ${target.file}.`);
  for (const note of source.notes) output.err(`${c.yellow('note:')} ${note}`);
  output.err('\nNext steps:');
  afterChangeSteps({
    action: change.action,
    configFile: target.file,
    platform: source.platform,
    location: target.location,
    name: source.name,
    entry: source.entry,
    backup: configResult?.backup,
    metadataChanged: change.metadataChanged,
    env: options.env,
  }).forEach((step, i) => output.err(`  ${i + 1}. ${step}`));
}
