/**
 * The shared end of install, uninstall and restore: show the plan (--dry-run), ask before
 * replacing what the user has (or refuse without a terminal), then apply it under a lock and
 * report what changed. Planning happens again under the lock, so two mcpauth processes never
 * work from the same stale read.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FailureError } from '../errors.js';
import { resolveWriteTarget } from '../fsx/atomic-write.js';
import { withFileLock } from '../fsx/lock.js';
import { redactSecrets } from '../fsx/redact.js';
import { parseStrictJson } from '../json/strict.js';
import { credentialValues } from '../secrets/credentials.js';
import { applyPlan, planDiff, type PlannedWrite, type WriteResult } from '../fsx/write-plan.js';
import type { ConfigChange } from '../install/plan.js';
import type { CommandContext } from './context.js';
import { askYesNo, canPrompt } from './terminal.js';

/** Folders mcpauth creates for the config: private, like the file. */
const DIR_MODE = 0o700;

export interface ChangeRequest {
  configFile: string;
  plan: () => Promise<ConfigChange>;
  dryRun: boolean;
  force: boolean;
  /** False for `init --yes`, which must ask nothing. */
  mayPrompt: boolean;
  cwd: string;
}

export interface ChangeOutcome {
  change: ConfigChange;
  /** undefined for a dry run or when there was nothing to write. */
  results?: WriteResult[];
}

export async function carryOutChange(ctx: CommandContext, request: ChangeRequest): Promise<ChangeOutcome> {
  // A first look without the lock: a broken file or a no-op must not create folders or lock files.
  const preview = await request.plan();
  if (request.dryRun) {
    const diff = shownDiff(preview.plan, request.cwd);
    if (diff) ctx.output.out(diff);
    return { change: preview };
  }
  if (!hasWrites(preview)) return { change: preview };

  const real = await resolveWriteTarget(request.configFile);
  await fs.mkdir(path.dirname(real), { recursive: true, mode: DIR_MODE });
  return withFileLock(real, async () => {
    const change = await request.plan();
    if (!hasWrites(change)) return { change };
    if (change.needsConsent && !request.force) await getConsent(ctx, change, request);
    return { change, results: await applyPlan(change.plan, { dirMode: DIR_MODE }) };
  });
}

/** Absolute paths (the config is rarely under the current folder); secret-looking values hidden. */
function shownDiff(plan: PlannedWrite[], cwd: string): string {
  return redactSecrets(planDiff(plan, cwd, (t) => t), plan.flatMap((step) => [...credentialsIn(step.before), ...credentialsIn(step.after)]));
}

/** The credentials a config text holds (none when it is not JSON). */
function credentialsIn(text: string | undefined): string[] {
  if (text === undefined) return [];
  const parsed = parseStrictJson(text);
  return parsed.ok ? credentialValues(parsed.value) : [];
}

function hasWrites(change: ConfigChange): boolean {
  return change.plan.some((step) => step.status !== 'unchanged');
}

async function getConsent(ctx: CommandContext, change: ConfigChange, request: ChangeRequest): Promise<void> {
  const reason = change.needsConsent as string;
  if (!request.mayPrompt || !canPrompt()) {
    throw new FailureError(
      `${reason}; replacing it needs --force (a backup is kept) or a "yes" in a terminal, and ${request.mayPrompt ? 'there is no terminal to ask in' : 'this run asks nothing'}. ` +
        'Nothing was changed; --dry-run shows the difference',
    );
  }
  ctx.output.out(shownDiff(change.plan, request.cwd));
  ctx.output.err(`${reason} (the difference is shown above).`);
  if (!(await askYesNo('Replace it? A backup is kept.'))) throw new FailureError('Nothing was changed.');
}

/** `  updated  FILE  (backup: …)` lines, as init and generate print them. */
export function reportResults(ctx: CommandContext, results: WriteResult[], titles: Map<string, string>): void {
  const c = ctx.output.colors;
  for (const result of results) {
    const verb = { create: c.green('created  '), update: c.yellow('updated  '), unchanged: c.dim('unchanged') }[result.status];
    const backup = result.backup ? c.dim(` (backup: ${result.backup})`) : '';
    const title = titles.get(result.target);
    ctx.output.err(`  ${verb} ${result.target}${title ? `  ${c.dim(title)}` : ''}${backup}`);
  }
}
