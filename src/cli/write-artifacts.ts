/** The end of init and generate: write the artifacts (or, with --check, compare them with the disk). */
import path from 'node:path';
import { EXIT } from '../errors.js';
import type { Artifact } from '../generators/artifact.js';
import { applyPlan, planDiff, planWrites, type PlannedWrite } from '../fsx/write-plan.js';
import type { Output } from './output.js';

export interface WriteRequest {
  artifacts: Artifact[];
  targetOf: (artifact: Artifact) => string;
  check: boolean;
  cwd: string;
  output: Output;
}

/** Returns the exit code: with --check, 1 when any file differs from what would be generated. */
export async function writeArtifacts({ artifacts, targetOf, check, cwd, output }: WriteRequest): Promise<number> {
  const plan = await planWrites(artifacts, targetOf);
  const shown = (file: string) => path.relative(cwd, file) || file;
  if (check) {
    const drift = plan.filter((step) => step.status !== 'unchanged');
    if (drift.length === 0) {
      output.err(`Up to date: ${plan.map((s) => shown(s.target)).join(', ')}`);
      return EXIT.ok;
    }
    output.out(planDiff(drift, cwd));
    output.err(`${drift.length} file(s) differ from what mcpauth would generate: ${drift.map((s) => shown(s.target)).join(', ')}`);
    return EXIT.findings;
  }
  await applyAndReport(plan, cwd, output);
  return EXIT.ok;
}

/** Writes a plan (backup, atomic write) and says what happened to each file. */
export async function applyAndReport(plan: PlannedWrite[], cwd: string, output: Output): Promise<void> {
  const shown = (file: string) => path.relative(cwd, file) || file;
  const results = await applyPlan(plan);
  const c = output.colors;
  for (const [i, result] of results.entries()) {
    const verb = { create: c.green('created  '), update: c.yellow('updated  '), unchanged: c.dim('unchanged') }[result.status];
    const backup = result.backup ? c.dim(` (backup: ${shown(result.backup)})`) : '';
    output.err(`  ${verb} ${shown(result.target)}  ${c.dim(plan[i].artifact.title)}${backup}`);
  }
}
